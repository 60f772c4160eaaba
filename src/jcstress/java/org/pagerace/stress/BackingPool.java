package org.pagerace.stress;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.pagerace.check.Backings;
import org.pagerace.mm.Backing;

/**
 * File backings shared by the samples of one JCStress fork: taken by a sample's state, given back by its arbiter,
 * made only when none is free. JCStress keeps an epoch of samples alive at once, so a fork holds that many files:
 * 256 with {@code pagerace stress}, which runs one stride per epoch (creating a file costs about 375 µs on ext4,
 * {@code O_TMPFILE}; JCStress's default of 40 strides would be 4 s of a 2-second fork). The files are unnamed
 * ({@code O_TMPFILE}) in {@code -Dpagerace.fs} (default: the system temp dir), so they vanish with the fork.
 */
final class BackingPool {
    private static final Path DIR = Path.of(System.getProperty("pagerace.fs", System.getProperty("java.io.tmpdir")));
    private static final ConcurrentLinkedQueue<Backing> FREE = new ConcurrentLinkedQueue<>();

    private BackingPool() {
    }

    static Backing take() {
        Backing b = FREE.poll();
        return b != null ? b : Backings.create(Backings.FILE, DIR);
    }

    static void give(Backing b) {
        FREE.add(b);
    }
}
