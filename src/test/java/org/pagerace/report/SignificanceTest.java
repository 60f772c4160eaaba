package org.pagerace.report;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

/** The report's statistics against closed forms and commons-math's distributions. */
class SignificanceTest {
    @Test
    void withoutSpreadTheRateTestIsTheExactConditionalBinomial() {
        // 30 of 1000 against 12 of 1000: given 42, k_b ~ Binomial(42, 1/2).
        BinomialDistribution b = new BinomialDistribution(null, 42, 0.5);
        double expected = 2 * b.cumulativeProbability(12);
        assertEquals(expected, Significance.rateChangeP(30, 1000, 12, 1000, 0), 1e-12);
        // An outcome that vanished: p = 2 * (n_b / (n_a + n_b))^k.
        assertEquals(2 * Math.pow(0.5, 20), Significance.rateChangeP(20, 5000, 0, 5000, 0), 1e-15);
        assertEquals(1, Significance.rateChangeP(0, 100, 0, 100, 0));
    }

    @Test
    void spreadMakesTheSameDifferenceLessSurprising() {
        double plain = Significance.rateChangeP(2060, 296450, 6477, 308738, 0);
        double spread = Significance.rateChangeP(2060, 296450, 6477, 308738, 0.36);
        assertTrue(plain < 1e-10, "binomially impossible: " + plain);
        assertTrue(spread > 1e-3, "within a between-run spread of 0.36: " + spread);
        assertTrue(Significance.rateChangeP(109, 302594, 0, 317954, 0.36) < 1e-10,
                "a known bug seen 109 times that vanished stays significant");
    }

    @Test
    void spreadIsZeroForRunsThatAgreeAndMeasuresRunsThatDoNot() {
        List<long[]> same = new ArrayList<>();
        List<long[]> apart = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            same.add(new long[] {1000 + i, 100000, 1000 + i, 100000});
            double factor = i % 2 == 0 ? 2 : 0.5;
            apart.add(new long[] {1000, 100000, Math.round(1000 * factor), 100000});
        }
        assertEquals(0, Significance.betweenRunSpread(same));
        // |d| = ln 2 everywhere: the median of |N(0, tau)| is 0.6745 tau, so tau = ln 2 / 0.6745, less binomial noise.
        assertEquals(Math.log(2) / 0.6745, Significance.betweenRunSpread(apart), 0.01, "every rate moved by a factor 2");
        assertTrue(Double.isNaN(Significance.betweenRunSpread(apart.subList(0, 4))), "too few pairs");
    }

    @Test
    void holmRejectsStepDown() {
        double[] p = {0.0001, 0.04, 0.0003, 0.5};
        assertArrayEquals(new boolean[] {true, false, true, false}, Significance.holm(p, 0.001));
        double[] adj = Significance.holmAdjusted(p);
        assertEquals(0.0004, adj[0], 1e-12);
        assertEquals(0.0009, adj[2], 1e-12);
        assertEquals(0.08, adj[1], 1e-12);
        assertEquals(0.5, adj[3], 1e-12);
    }

    @Test
    void rateIntervalIsExact() {
        double[] zero = Significance.rateInterval(0, 1000);
        assertEquals(0, zero[0]);
        assertEquals(0.00368, zero[1], 1e-5);
        double[] some = Significance.rateInterval(10, 1000);
        assertEquals(0.00480, some[0], 1e-4);
        assertEquals(0.01832, some[1], 1e-4);
    }
}
