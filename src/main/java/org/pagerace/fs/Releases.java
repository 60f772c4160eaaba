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
}
