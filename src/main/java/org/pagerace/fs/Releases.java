package org.pagerace.fs;

import java.util.Comparator;

/** Kernel release numbers ({@code 2.6.37}, {@code 4.5}, {@code 6.12}), compared numerically part by part. */
public final class Releases {
    /** Orders releases oldest first. */
    public static final Comparator<String> ORDER = Releases::compare;

    private Releases() {
    }

    /** Whether {@code s} looks like a release: digits separated by dots, at least two parts. */
    public static boolean isRelease(String s) {
        return s.matches("\\d+(\\.\\d+)+");
    }

    /** Negative, zero or positive as release {@code a} is older than, the same as, or newer than {@code b}. */
    public static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? Integer.parseInt(x[i]) : 0;
            int yi = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (xi != yi) {
                return Integer.compare(xi, yi);
            }
        }
        return 0;
    }

    /** The release of a kernel as {@code uname -r} prints it ({@code 6.18.44-foo} → {@code 6.18.44}). */
    public static String ofUname(String uname) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+(?:\\.\\d+)+)").matcher(uname);
        if (!m.find()) {
            throw new IllegalArgumentException("not a kernel release: '" + uname + "'");
        }
        return m.group(1);
    }
}
