package org.pagerace.report;

import java.util.Locale;

/**
 * A measured value with an error half-width (NaN when unknown). Ratios propagate relative errors in quadrature,
 * the first-order rule for independent estimates.
 */
public record Estimate(double value, double error) {
    public static final Estimate NONE = new Estimate(Double.NaN, Double.NaN);

    public boolean known() {
        return !Double.isNaN(value);
    }

    /** {@code this / other}. */
    public Estimate over(Estimate other) {
        if (!known() || !other.known() || other.value == 0) {
            return NONE;
        }
        double r = value / other.value;
        double rel = Math.hypot(error / value, other.error / other.value);
        return new Estimate(r, Math.abs(r) * rel);
    }

    /** {@code 12.3 ± 0.4}, or {@code 12.3} when the error is unknown; {@code -} when the value is. */
    public String format() {
        if (!known()) {
            return "-";
        }
        return Double.isNaN(error) ? Fmt.sig(value) : Fmt.sig(value) + " ± " + Fmt.sig(error);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s", format());
    }
}
