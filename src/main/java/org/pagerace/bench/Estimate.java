package org.pagerace.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * A measured value and its error: the half-width of a 99.9 % confidence interval, as JMH's {@code scoreError}
 * is, or NaN where there is none (JMH writes {@code "NaN"} with fewer than three iterations). Errors of derived
 * values combine the inputs' errors in quadrature (as if independent), which is an approximation.
 */
public record Estimate(double value, double error) {
    /** Two-sided 99.9 % Student t quantiles for 1..30 degrees of freedom. */
    private static final double[] T_999 = {
        636.619, 31.599, 12.924, 8.610, 6.869, 5.959, 5.408, 5.041, 4.781, 4.587, 4.437, 4.318, 4.221, 4.140, 4.073,
        4.015, 3.965, 3.922, 3.883, 3.850, 3.819, 3.792, 3.768, 3.745, 3.725, 3.707, 3.690, 3.674, 3.659, 3.646,
    };

    public static final Estimate NONE = new Estimate(Double.NaN, Double.NaN);

    /** A value without error. */
    public static Estimate of(double value) {
        return new Estimate(value, Double.NaN);
    }

    /** The mean of {@code samples} with its 99.9 % confidence half-width (NaN for fewer than two samples). */
    public static Estimate ofSamples(double[] samples) {
        int n = samples.length;
        if (n == 0) {
            return NONE;
        }
        double sum = 0;
        for (double x : samples) {
            sum += x;
        }
        double mean = sum / n;
        if (n < 2) {
            return of(mean);
        }
        double ss = 0;
        for (double x : samples) {
            ss += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        return new Estimate(mean, t999(n - 1) * sd / Math.sqrt(n));
    }

    /** The two-sided 99.9 % t quantile for {@code df} degrees of freedom (3.29 for large ones). */
    static double t999(int df) {
        if (df <= T_999.length) {
            return T_999[df - 1];
        }
        return df <= 40 ? 3.551 : df <= 60 ? 3.460 : df <= 120 ? 3.373 : 3.291;
    }

    public boolean known() {
        return Double.isFinite(value);
    }

    public Estimate minus(Estimate o) {
        return new Estimate(value - o.value, Math.hypot(nanToZero(error), nanToZero(o.error)) * bothOrNan(o));
    }

    /** {@code this / o}, with relative errors combined in quadrature. */
    public Estimate over(Estimate o) {
        double r = value / o.value;
        double rel = Math.hypot(nanToZero(error) / value, nanToZero(o.error) / o.value);
        return new Estimate(r, Math.abs(r) * rel * bothOrNan(o));
    }

    public Estimate times(double k) {
        return new Estimate(value * k, error * Math.abs(k));
    }

    /** 1 if both errors are known, NaN otherwise: a derived error is known only if its inputs' are. */
    private double bothOrNan(Estimate o) {
        return Double.isFinite(error) && Double.isFinite(o.error) ? 1 : Double.NaN;
    }

    private static double nanToZero(double x) {
        return Double.isFinite(x) ? x : 0;
    }

    /** {@code {"value": v, "error": e}}, null for what is not a finite number. */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        putNumber(n, "value", value);
        putNumber(n, "error", error);
        return n;
    }

    static void putNumber(ObjectNode n, String key, double x) {
        if (Double.isFinite(x)) {
            n.put(key, x);
        } else {
            n.putNull(key);
        }
    }

    /** "v ± e", with as many decimals as the size of {@code value} needs; "n/a" if unknown. */
    public String format() {
        if (!known()) {
            return "n/a";
        }
        String v = number(value);
        return Double.isFinite(error) ? v + " ± " + number(error) : v;
    }

    static String number(double x) {
        double a = Math.abs(x);
        String f = a >= 100 || a == 0 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, f, x);
    }
}
