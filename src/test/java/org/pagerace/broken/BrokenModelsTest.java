package org.pagerace.broken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pagerace.check.Backings;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.RaceRunner;
import org.pagerace.explore.Exploration;
import org.pagerace.explore.Explorer;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;

/**
 * Each broken model gets the verdict of the runner's own bound or watchdog (the JUnit timeouts only guard against a
 * hang): from {@code run --repeat}'s {@link RaceRunner} and from {@code explore}'s {@link Explorer}.
 */
class BrokenModelsTest {
    private static final Duration WATCHDOG = Duration.ofSeconds(2);

    private static Model model(Class<? extends FileSystem> type) {
        return Filesystems.resolve(type.getName());
    }

    private static Map<Outcome, Long> repeat(Class<? extends FileSystem> type, Race race, long n, RaceRunner[] out) {
        RaceRunner runner = new RaceRunner(model(type), race, null, Backings.create(Backings.MODEL, null), WATCHDOG);
        try {
            Map<Outcome, Long> h = runner.run(n, null);
            if (out != null) {
                out[0] = runner;
            }
            return h;
        } finally {
            runner.close();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aHandlerThatAlwaysRetriesIsALivelockWithinMilliseconds() {
        long t0 = System.nanoTime();
        Map<Outcome, Long> h = repeat(AlwaysNopage.class, Race.WRITEBACK, 20, null);
        double msPerSample = (System.nanoTime() - t0) / 1e6 / 20;
        assertEquals(Map.of(Outcome.LIVELOCK, 20L), h);
        assertTrue(msPerSample < 500, "a livelocked sample took " + msPerSample + " ms");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSelfDeadlockIsADeadlockNamedByTheWatchdog() {
        RaceRunner[] r = new RaceRunner[1];
        Map<Outcome, Long> h = repeat(SelfDeadlock.class, Race.WRITEBACK, 1000, r);
        assertEquals(Map.of(Outcome.DEADLOCK, 1L), h);
        assertNotNull(r[0].stall());
        assertTrue(r[0].stall().contains("SelfDeadlock"), r[0].stall());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aHandlerThatNeverReturnsIsATimeout() {
        NeverReturns.release = false;
        try {
            Map<Outcome, Long> h = repeat(NeverReturns.class, Race.WRITEBACK, 1000, null);
            assertEquals(Map.of(Outcome.TIMEOUT, 1L), h);
        } finally {
            NeverReturns.release = true;
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aHandlerThatThrowsOnEitherThreadIsAHandlerError() {
        assertEquals(Map.of(Outcome.HANDLER_ERROR, 50L), repeat(ThrowsInMkwrite.class, Race.WRITEBACK, 50, null));
        assertEquals(Map.of(Outcome.HANDLER_ERROR, 50L), repeat(ThrowsInTruncate.class, Race.TRUNCATE_DOWN, 50, null));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void lockedWithoutTheLockIsAKernelBugEvenUnderTruncate() {
        Map<Outcome, Long> h = repeat(LockedWithoutLock.class, Race.TRUNCATE_DOWN, 5000, null);
        assertTrue(h.containsKey(Outcome.KERNEL_BUG), h.toString());
        assertEquals(5000L, h.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void exploreReportsTheLivelockAndTheDeadlock() {
        try (Explorer e = new Explorer(1)) {
            Model nopage = model(AlwaysNopage.class);
            Exploration livelock = e.explore(nopage, Race.WRITEBACK, nopage.create().era());
            assertTrue(livelock.bugIds().contains(Outcome.LIVELOCK.id()), livelock.statement());
            Model selfDeadlock = model(SelfDeadlock.class);
            Exploration deadlock = e.explore(selfDeadlock, Race.WRITEBACK, selfDeadlock.create().era());
            assertTrue(deadlock.bugIds().contains(Outcome.DEADLOCK.id()), deadlock.statement());
        }
    }
}
