package org.pagerace.truth;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.pagerace.check.Backings;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.RaceRunner;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;
import org.pagerace.mm.PageSize;
import org.pagerace.sched.DelayInjection;

/**
 * The emulated side of one comparison: the outcome histogram of a filesystem model ({@code convention}: the id of
 * the version run, {@code why}: its summary, {@code note}: its claim for the race) under an emulated {@link Race},
 * from free-running samples on the model backing with the default delay injection, as {@code pagerace run
 * --repeat} runs them, with the real filesystem's block size where it is smaller than a page ({@code blockSize}).
 */
public record EmulatedOutcomes(String convention, String why, String note, Race race, long samples,
        Map<Outcome, Long> outcomes, double seconds, String delays, int blockSize) {

    public EmulatedOutcomes {
        Map<Outcome, Long> o = new EnumMap<>(Outcome.class);
        o.putAll(outcomes);
        outcomes = Collections.unmodifiableMap(o);
    }

    /** Runs {@code samples} samples of model {@code spec}, with blocks of {@code blockSize} bytes, against {@code race}. */
    public static EmulatedOutcomes run(String spec, Race race, long samples, long seed, int blockSize) {
        Model c = blockSize < PageSize.PAGE_SIZE ? Filesystems.resolve(spec).withBlockSize(blockSize)
                : Filesystems.resolve(spec);
        DelayInjection delays = DelayInjection.defaults(seed);
        long t0 = System.nanoTime();
        Map<Outcome, Long> histogram;
        try (RaceRunner runner = new RaceRunner(c, race, null, Backings.create(Backings.MODEL, null))) {
            histogram = runner.run(samples, delays);
        }
        return new EmulatedOutcomes(c.id(), c.create().summary(), c.create().expectations().claim(race.id()).why(),
                race, samples, histogram, (System.nanoTime() - t0) / 1e9,
                delays.toString(), blockSize);
    }
}
