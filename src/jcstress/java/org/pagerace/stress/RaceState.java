package org.pagerace.stress;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pagerace.check.Backings;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.Convention;
import org.pagerace.fs.Conventions;
import org.pagerace.mm.Backing;
import org.pagerace.mm.DelayInjection;
import org.pagerace.mm.Era;
import org.pagerace.mm.ModelBacking;
import org.pagerace.mm.Points;

/**
 * The state of one generated JCStress test sample: a fresh {@link Sample} of the emulation over a backing, the two
 * actors and the oracle. File backings come from {@link BackingPool} (a sample resets one with two
 * {@code ftruncate}s, it never makes a file). The run's settings arrive as system properties, which
 * {@code scripts/stress} passes to every fork: {@code pagerace.era} ({@code modern} or {@code 2.6.37}),
 * {@code pagerace.fs} (the directory of file backings), {@code pagerace.delays} ({@code off} to turn delay
 * injection off) and {@code pagerace.seed}.
 */
public final class RaceState {
    static final Era ERA = Era.byId(System.getProperty("pagerace.era", "modern"));
    private static final Map<String, Convention> CONVENTIONS = new ConcurrentHashMap<>();

    static {
        if (!"off".equals(System.getProperty("pagerace.delays")) && Points.installed() == null) {
            Points.install(DelayInjection.defaults(Long.getLong("pagerace.seed", 1L)));
        }
    }

    private final Sample sample;
    private final Backing backing;
    private final boolean pooled;

    public RaceState(String convention, String race, String backingKind) {
        Convention c = CONVENTIONS.computeIfAbsent(convention, Conventions::byName);
        this.pooled = Backings.FILE.equals(backingKind);
        this.backing = pooled ? BackingPool.take() : new ModelBacking(Sample.SIZE, Sample.SIZE);
        this.sample = Sample.create(c, Race.byId(race), ERA, backing);
    }

    /** Actor 1: the user store. */
    public void store() {
        sample.runStore();
    }

    /** Actor 2: the race partner. */
    public void partner() {
        sample.runPartner();
    }

    /** The arbiter: the sample's outcome id; gives a pooled backing back. */
    public String judge() {
        try {
            return sample.judge().id();
        } finally {
            if (pooled) {
                BackingPool.give(backing);
            }
        }
    }
}
