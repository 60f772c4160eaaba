package org.pagerace.stress;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.pagerace.check.Backings;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;
import org.pagerace.mm.Backing;
import org.pagerace.mm.EnvironmentException;
import org.pagerace.mm.Era;
import org.pagerace.mm.ModelBacking;
import org.pagerace.results.PlanFile;
import org.pagerace.sched.DelayInjection;
import org.pagerace.sched.Points;
import org.pagerace.sched.Spin;

/**
 * The state of one sample of a slot of the suite ({@link Slots}): one test of the slot's batch ({@link RunPlan},
 * drawn in the order {@link Batches#schedule} gives, so that each test gets its share of the fork's samples), a
 * fresh {@link Sample} of its filesystem model over a backing, the two actors, and the oracle, whose outcome the
 * arbiter reports graded and prefixed with the test's id ({@code 17 KNOWN:LOST_WRITE}, {@link Graded#id}). File backings come from {@link BackingPool} (a sample resets one with two
 * {@code ftruncate}s, it never makes a file). The run's settings arrive as system properties, which
 * {@code scripts/stress} passes to every fork: {@code pagerace.plan} (the run plan), {@code pagerace.fs} (the
 * directory of file backings), {@code pagerace.delays} ({@code off} to turn delay injection off),
 * {@code pagerace.seed}, and {@code pagerace.classpath} (a user's models).
 *
 * <p>Each actor waits at the start of its sample until the other has arrived there too. JCStress lines its actors
 * up only once per stride (256 samples) and lets them run free in between, which suits operations of a few
 * nanoseconds; ours take microseconds and differ in length, so after a few samples of a stride the store and the
 * partner would be working on different samples and never race. The rendezvous makes every sample a race, as
 * {@code RaceRunner} does. Then each actor starts after its own random skew ({@link DelayInjection#startSkew}; none
 * with {@code pagerace.delays=off}), and the delays at the named points shift the two further against each other;
 * the skew, like those delays, ends early once the other actor has returned ({@link Spin}).
 * Measured on 2 CPUs before the rendezvous, punch-hole's LOST_WRITE showed in 0.001–0.008 % of file-backed
 * samples; with it, in 0.6–0.8 %. A rendezvous waits at most {@link #MAX_WAIT_NANOS}, so a runner that calls the
 * actors one after the other only loses time.
 */
public final class RaceState {
    /** Each planned test as a fork needs it, made on its first sample: nothing per sample but the lookup. */
    private static final Map<Integer, Prepared> PREPARED = new ConcurrentHashMap<>();
    private static final Map<Integer, int[]> SCHEDULES = new ConcurrentHashMap<>();
    private static final Map<Integer, AtomicInteger> DRAWN = new ConcurrentHashMap<>();
    /** The length of a batch's drawing order: a test with a 1/4096 share of the batch still gets its turns. */
    private static final int SCHEDULE_LENGTH = 4096;

    /** How long an actor waits for the other at the start of a sample. */
    static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final DelayInjection START_SKEW;

    static {
        long seed = Long.getLong("pagerace.seed", 1L);
        boolean delays = !"off".equals(System.getProperty("pagerace.delays"));
        if (delays && Points.installed() == null) {
            Points.install(DelayInjection.defaults(seed));
        }
        START_SKEW = delays ? DelayInjection.startSkew(seed) : null;
    }

    private final int test;
    private final Sample sample;
    private final Set<Outcome> known;
    private final Backing backing;
    private final boolean pooled;
    private final AtomicInteger arrived = new AtomicInteger();

    /** A sample of the next test of the batch the run plan puts in {@code slot}. */
    public RaceState(int slot) {
        try {
            int[] order = SCHEDULES.computeIfAbsent(slot, n -> Batches.schedule(RunPlan.batch(n), SCHEDULE_LENGTH));
            int drawn = DRAWN.computeIfAbsent(slot, n -> new AtomicInteger()).getAndIncrement();
            this.test = order[Math.floorMod(drawn, order.length)];
            Prepared p = PREPARED.computeIfAbsent(test, n -> Prepared.of(RunPlan.test(n)));
            this.pooled = p.fileBacked();
            this.backing = pooled ? BackingPool.take() : new ModelBacking(Sample.SIZE, Sample.SIZE);
            this.sample = Sample.create(p.model().create(p.era()), p.race(), backing);
            this.known = p.known();
        } catch (EnvironmentException e) {
            throw EnvironmentErrors.record(e);
        }
    }

    /** A planned test resolved once: its model at the test's block size, era, race, backing and known bugs. */
    private record Prepared(Model model, Era era, Race race, boolean fileBacked, Set<Outcome> known) {
        static Prepared of(PlanFile.Test t) {
            Model m = Filesystems.resolve(t.spec());
            if (m.blockSize() != t.blockSize()) {
                m = m.withBlockSize(t.blockSize());
            }
            Set<Outcome> known = EnumSet.noneOf(Outcome.class);
            t.expectedBugs().forEach(b -> known.add(Outcome.valueOf(b)));
            return new Prepared(m, Era.byId(t.era()), Race.byId(t.race()), Backings.FILE.equals(t.backing()),
                    known);
        }
    }

    /** Actor 1: the user store. */
    public void store() {
        rendezvous(sample::storeAlone);
        try {
            sample.runStore();
        } catch (EnvironmentException e) {
            throw EnvironmentErrors.record(e);
        }
    }

    /** Actor 2: the race partner. */
    public void partner() {
        rendezvous(sample::partnerAlone);
        try {
            sample.runPartner();
        } catch (EnvironmentException e) {
            throw EnvironmentErrors.record(e);
        }
    }

    /**
     * Lines the actor up with the other, then waits its start skew, which ends early once the actor is
     * {@code alone}.
     */
    private void rendezvous(BooleanSupplier alone) {
        arrive();
        if (START_SKEW != null) {
            Spin.aloneWhen(alone);
            START_SKEW.delay();
            Spin.aloneWhen(null);
        }
    }

    private void arrive() {
        arrived.incrementAndGet();
        long deadline = 0;
        for (int spins = 1; arrived.get() < 2; spins++) {
            Thread.onSpinWait();
            if ((spins & 1023) == 0) {
                long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + MAX_WAIT_NANOS;
                } else if (now > deadline) {
                    return;
                }
                Thread.yield();
            }
        }
    }

    /** The arbiter: the sample's test and graded outcome id ({@link Graded}); gives a pooled backing back. */
    public String judge() {
        try {
            return Graded.id(test, sample.judge(), known);
        } finally {
            if (pooled) {
                BackingPool.give(backing);
            }
        }
    }
}
