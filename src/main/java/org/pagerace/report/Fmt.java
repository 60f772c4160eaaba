package org.pagerace.report;

import java.util.Locale;

/** Number formatting shared by the report's tables. */
final class Fmt {
    private Fmt() {
    }

    /** Three significant digits, plain notation between 0.0001 and 10^7. */
    static String sig(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 1e7 || a < 1e-4) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        String s = String.format(Locale.ROOT, "%.3g", v);
        return s.contains(".") && !s.contains("e") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** A fraction as a percentage with three significant digits (a no-break space before the sign). */
    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : sig(100 * fraction) + "\u00a0%";
    }

    /** Seconds as a readable duration: {@code 12 ms}, {@code 3.4 s}, {@code 5.1 min}, {@code 2.0 h}. */
    static String duration(double seconds) {
        if (Double.isNaN(seconds)) {
            return "-";
        }
        if (seconds < 1) {
            return sig(seconds * 1000) + " ms";
        }
        if (seconds < 120) {
            return sig(seconds) + " s";
        }
        if (seconds < 7200) {
            return sig(seconds / 60) + " min";
        }
        if (seconds < 2 * 86400) {
            return sig(seconds / 3600) + " h";
        }
        return sig(seconds / 86400) + " days";
    }

    /** A p-value: {@code < 1e-300} for an underflow, else two significant digits. */
    static String p(double p) {
        if (p == 0) {
            return "< 1e-300";
        }
        return p >= 0.01 ? String.format(Locale.ROOT, "%.2f", p) : String.format(Locale.ROOT, "%.1e", p);
    }
}
