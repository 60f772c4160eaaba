package org.pagerace.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.pagerace.fs.Model;
import org.pagerace.mm.Backing;
import org.pagerace.mm.EnvironmentException;
import org.pagerace.mm.Era;
import org.pagerace.sched.PointHook;
import org.pagerace.sched.Points;

/**
 * Runs race samples on free-running threads: one stores, one runs the partner, and in a three-actor race
 * ({@link Race#actors()}) a third runs the third actor, all released together for each sample, over one backing
 * reset between samples; the calling thread sleeps and watches their progress. Used by {@code pagerace run
 * --repeat} and {@code pagerace history} (JCStress runs the two-actor suite itself).
 *
 * <p>The watchdog: a sample whose actors have not both returned within {@link #WATCHDOG} ends the run. It is judged
 * {@link Outcome#DEADLOCK} if every unfinished actor is waiting for a lock (at {@code Points.waitUntil}: a page
 * lock, pte lock or rwsem nobody will release), else {@link Outcome#TIMEOUT} (a handler that never returns); the
 * stuck threads are left behind (daemons) and the runner cannot run again. An {@link EnvironmentException} on
 * either actor ends the run too, ungraded, rethrown on the calling thread.
 */
public final class RaceRunner implements AutoCloseable {
    /** How long one sample may take before the watchdog ends the run (a sample normally takes microseconds). */
    public static final Duration WATCHDOG = Duration.ofSeconds(10);

    private final Model model;
    private final Race race;
    private final Era era;
    private final Backing backing;
    private final long watchdogNanos;
    private final Thread partner;
    /** The third actor's thread in a three-actor race, else null. */
    private final Thread third;
    private final AtomicInteger go = new AtomicInteger();
    private final ActorLoop partnerActor = new ActorLoop(Sample::runPartner);
    private final ActorLoop thirdActor = new ActorLoop(Sample::runThird);
    private volatile Sample current;
    private volatile boolean closed;
    private volatile boolean storeBusy;
    private volatile long samples;
    private volatile long sampleStart;
    private volatile String stall;

    /** A runner of {@code model} (under {@code era}: null for the model's own) against {@code race}. */
    public RaceRunner(Model model, Race race, Era era, Backing backing) {
        this(model, race, era, backing, WATCHDOG);
    }

    /** As {@link #RaceRunner(Model, Race, Era, Backing)}, with watchdog time {@code watchdog}. */
    public RaceRunner(Model model, Race race, Era era, Backing backing, Duration watchdog) {
        this.model = model;
        this.race = race;
        this.era = era;
        this.backing = backing;
        this.watchdogNanos = watchdog.toNanos();
        this.partner = new Thread(partnerActor::loop, "pagerace-partner");
        this.partner.setDaemon(true);
        this.partner.start();
        if (race.actors() > 2) {
            this.third = new Thread(thirdActor::loop, "pagerace-third");
            this.third.setDaemon(true);
            this.third.start();
        } else {
            this.third = null;
        }
    }

    /**
     * The thread of an actor other than the store (the partner, the third): released for each sample by the
     * generation counter {@code go}, it runs its part of the current sample and records that it is done.
     */
    private final class ActorLoop {
        private final Consumer<Sample> part;
        private final AtomicInteger done = new AtomicInteger();
        private volatile boolean busy;
        private volatile Throwable failure;

        ActorLoop(Consumer<Sample> part) {
            this.part = part;
        }

        void loop() {
            int seen = 0;
            int idle = 0;
            while (!closed) {
                if (go.get() == seen) {
                    idleSpin(++idle);
                    continue;
                }
                idle = 0;
                seen = go.get();
                busy = true;
                try {
                    part.accept(current);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    busy = false;
                    done.set(seen);
                }
            }
        }
    }

    /**
     * Runs {@code n} samples with {@code hook} at the points (null: none); returns the outcome histogram. If the
     * watchdog ends the run, the histogram holds the samples so far and that one; {@link #stall()} says why.
     */
    public Map<Outcome, Long> run(long n, PointHook hook) {
        if (stall != null) {
            throw new IllegalStateException("this runner was stopped by its watchdog: " + stall);
        }
        Map<Outcome, Long> histogram = new EnumMap<>(Outcome.class);
        Throwable[] failure = new Throwable[1];
        Thread store = new Thread(() -> {
            try {
                storeLoop(n, histogram);
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "pagerace-store");
        store.setDaemon(true);
        PointHook previous = Points.install(hook);
        try {
            sampleStart = System.nanoTime();
            store.start();
            long seenSamples = -1;
            for (;;) {
                store.join(WATCH_MILLIS);
                if (!store.isAlive()) {
                    break;
                }
                long now = samples;
                if (now != seenSamples) {
                    seenSamples = now;
                    continue;
                }
                if (System.nanoTime() - sampleStart > watchdogNanos) {
                    Outcome o = diagnose(store);
                    closed = true; /* stops a store thread spinning for a stuck partner */
                    synchronized (histogram) {
                        Map<Outcome, Long> copy = new EnumMap<>(Outcome.class);
                        copy.putAll(histogram);
                        copy.merge(o, 1L, Long::sum);
                        samples++;
                        return copy;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            Points.install(previous);
        }
        rethrow(failure[0]);
        return histogram;
    }

    /** How often the calling thread looks at the store thread's progress. */
    private static final long WATCH_MILLIS = 100;

    /** The store thread: the samples, one after the other (the partner thread released for each). */
    private void storeLoop(long n, Map<Outcome, Long> histogram) {
        for (long i = 0; i < n; i++) {
            Sample s = Sample.create(model.create(era), race, backing);
            sampleStart = System.nanoTime();
            current = s;
            partnerActor.failure = null;
            thirdActor.failure = null;
            int gen = go.incrementAndGet();
            storeBusy = true;
            try {
                s.runStore();
            } finally {
                storeBusy = false;
            }
            for (int idle = 1; partnerActor.done.get() != gen || (third != null && thirdActor.done.get() != gen);
                    idle++) {
                if (closed) {
                    return;
                }
                idleSpin(idle);
            }
            rethrow(partnerActor.failure);
            rethrow(thirdActor.failure);
            Outcome o = s.judge();
            synchronized (histogram) {
                histogram.merge(o, 1L, Long::sum);
            }
            samples++;
        }
    }

    /**
     * One turn of a waiting actor thread's spin: with three actors on two CPUs a thread that only spins takes the
     * CPU the others need, so it yields now and then (two actors keep the plain spin of the old hot path).
     */
    private void idleSpin(int turn) {
        if (third != null && (turn & 255) == 0) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }

    private Outcome diagnose(Thread store) {
        List<String> where = new ArrayList<>();
        boolean allWaitForLocks = true;
        Thread[] threads = {store, partner, third};
        boolean[] busy = {storeBusy, partnerActor.busy, thirdActor.busy};
        String[] names = {"store", "partner", "third"};
        for (int i = 0; i < (third != null ? 3 : 2); i++) {
            if (!busy[i]) {
                where.add(names[i] + " finished");
                continue;
            }
            StackTraceElement[] stack = threads[i].getStackTrace();
            boolean waits = waitsForLock(stack);
            allWaitForLocks &= waits;
            where.add(names[i] + (waits ? " waits for a lock" : " still runs") + " in " + modelFrame(stack));
        }
        Outcome o = allWaitForLocks ? Outcome.DEADLOCK : Outcome.TIMEOUT;
        stall = o.id() + " in sample " + (samples + 1) + " of " + model.id() + " × " + race.id() + ": no progress in "
                + watchdogNanos / 1_000_000_000.0 + " s; " + String.join("; ", where);
        return o;
    }

    /** Whether a thread with {@code stack} is waiting for a lock (every lock waits at {@code Points.waitUntil}). */
    static boolean waitsForLock(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            if (e.getClassName().equals(Points.class.getName()) && e.getMethodName().equals("waitUntil")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where a stuck thread is: the innermost frame of the model's own code (outside the mm mirror and the harness),
     * else the innermost frame of the mirror with its caller ("Folio.folio_lock:137 ← Memory.do_page_mkwrite:88").
     */
    static String modelFrame(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            if (!c.startsWith("org.pagerace.mm.") && !c.startsWith("org.pagerace.sched.")
                    && !c.startsWith("org.pagerace.check.") && !c.startsWith("java.") && !c.startsWith("jdk.")) {
                return shortName(e);
            }
        }
        for (int i = 0; i < stack.length; i++) {
            String c = stack[i].getClassName();
            if (c.startsWith("org.pagerace.mm.")) {
                return shortName(stack[i]) + (i + 1 < stack.length ? " ← " + shortName(stack[i + 1]) : "");
            }
        }
        return stack.length == 0 ? "?" : shortName(stack[0]);
    }

    private static String shortName(StackTraceElement e) {
        String c = e.getClassName();
        return c.substring(c.lastIndexOf('.') + 1) + "." + e.getMethodName() + ":" + e.getLineNumber();
    }

    private static void rethrow(Throwable t) {
        if (t == null) {
            return;
        }
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        throw new IllegalStateException(t);
    }

    /** Samples run (and judged) so far, the one the watchdog stopped included. */
    public long samples() {
        return samples;
    }

    /** Why the watchdog ended the run (one line), or null if it did not. */
    public String stall() {
        return stall;
    }

    /**
     * Stops the actor threads and closes the backing; after a watchdog stop the stuck threads may still hold the
     * backing, so it is left to the JVM's exit (the file backing is an unnamed file: nothing is left behind).
     */
    @Override
    public void close() {
        closed = true;
        if (stall != null) {
            return;
        }
        try {
            partner.join(10_000);
            if (third != null) {
                third.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        backing.close();
    }
}
