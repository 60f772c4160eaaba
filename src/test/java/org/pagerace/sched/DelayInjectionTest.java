package org.pagerace.sched;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The delays drawn (not timed): how often a point is delayed, the bounds, and the log-uniform spread that lets
 * one setting cover windows from 100 ns to tens of µs.
 */
class DelayInjectionTest {
    private static final int DRAWS = 200_000;

    private static long[] draws(DelayInjection d) {
        SplittableRandom r = new SplittableRandom(42);
        long[] out = new long[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            out[i] = d.draw(r);
        }
        return out;
    }

    @Test
    void aTenthOfThePointsAreDelayedWithinTheBounds() {
        long[] d = Arrays.stream(draws(DelayInjection.defaults(1))).filter(x -> x > 0).toArray();
        assertEquals(0.10, (double) d.length / DRAWS, 0.005);
        assertTrue(Arrays.stream(d).allMatch(x -> x >= DelayInjection.MIN_DELAY_NANOS && x <= 30_000));
    }

    @Test
    void delaysAreLogUniform() {
        long[] d = Arrays.stream(draws(new DelayInjection(1, 30_000, 1))).sorted().toArray();
        double geometricMean = Math.sqrt(DelayInjection.MIN_DELAY_NANOS * 30_000.0);
        assertEquals(geometricMean, d[DRAWS / 2], geometricMean * 0.05, "the median is the geometric mean");
        long shorterThan500 = Arrays.stream(d).filter(x -> x < 500).count();
        long longerThan3000 = Arrays.stream(d).filter(x -> x > 3_000).count();
        assertEquals(shorterThan500, longerThan3000, DRAWS * 0.01, "as many in 50–500 ns as in 3–30 µs");
    }

    @Test
    void probabilityZeroNeverDelays() {
        assertTrue(Arrays.stream(draws(new DelayInjection(0, 30_000, 1))).allMatch(x -> x == 0));
    }

    @Test
    void badSettingsThrow() {
        assertThrows(IllegalArgumentException.class, () -> new DelayInjection(1.5, 30_000, 1));
        assertThrows(IllegalArgumentException.class, () -> new DelayInjection(0.1, 10, 1));
    }
}
