package org.pagerace.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * A measured value and its error: the half-width of a 99.9 % confidence interval, as JMH's {@code scoreError}
 * is, or NaN where there is none (JMH writes {@code "NaN"} with fewer than three iterations). Errors of derived
 * values combine the inputs' errors in quadrature (as if independent), which is an approximation; a derived error
 * is known only if both inputs' are. In JSON: {@code {"value": v, "error": e}}, null for what is not a finite
 * number.
 */
public record Estimate(@JsonIgnore double value, @JsonIgnore double error) {
    /** The confidence of every interval here, as JMH's. */
    public static final double CONFIDENCE = 0.999;

    public static final Estimate NONE = new Estimate(Double.NaN, Double.NaN);

    @JsonCreator
    static Estimate fromJson(@JsonProperty("value") Double value, @JsonProperty("error") Double error) {
        return new Estimate(value == null ? Double.NaN : value, error == null ? Double.NaN : error);
    }

    @JsonProperty("value")
    Double valueOrNull() {
        return Double.isFinite(value) ? value : null;
    }

    @JsonProperty("error")
    Double errorOrNull() {
        return Double.isFinite(error) ? error : null;
    }

    /** A value without error. */
    public static Estimate of(double value) {
        return new Estimate(value, Double.NaN);
    }

    /** The mean of {@code samples} with its 99.9 % confidence half-width (Student's t; NaN for one sample). */
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
        return new Estimate(mean, tQuantile(n - 1) * sd / Math.sqrt(n));
    }

    /** The two-sided {@link #CONFIDENCE} quantile of Student's t with {@code df} degrees of freedom. */
    static double tQuantile(int df) {
        return new TDistribution(null, df).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
    }

    @JsonIgnore
    public boolean known() {
        return Double.isFinite(value);
    }

    public Estimate minus(Estimate o) {
        return new Estimate(value - o.value, Math.hypot(nanToZero(error), nanToZero(o.error)) * bothOrNan(o));
    }

    /** {@code this / o}, with relative errors combined in quadrature; unknown when {@code o} is 0. */
    public Estimate over(Estimate o) {
        if (o.value == 0) {
            return NONE;
        }
        double r = value / o.value;
        double rel = Math.hypot(nanToZero(error) / value, nanToZero(o.error) / o.value);
        return new Estimate(r, Math.abs(r) * rel * bothOrNan(o));
    }

    public Estimate times(double k) {
        return new Estimate(value * k, error * Math.abs(k));
    }

    /** 1 if both errors are known, NaN otherwise. */
    private double bothOrNan(Estimate o) {
        return Double.isFinite(error) && Double.isFinite(o.error) ? 1 : Double.NaN;
    }

    private static double nanToZero(double x) {
        return Double.isFinite(x) ? x : 0;
    }

    /** "v ± e", with as many decimals as the size of {@code value} needs; "n/a" if unknown. */
    public String format() {
        if (!known()) {
            return "n/a";
        }
        String v = number(value);
        return Double.isFinite(error) ? v + " ± " + number(error) : v;
    }

    /** {@code x} with as many decimals as its size needs: 1234, 12.3, 1.23, 0.123. */
    public static String number(double x) {
        double a = Math.abs(x);
        String f = a >= 100 || a == 0 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, f, x);
    }

    @Override
    public String toString() {
        return format();
    }
}
