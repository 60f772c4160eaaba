package org.pagerace.check;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.pagerace.fs.Model;
import org.pagerace.mm.Backing;
import org.pagerace.mm.Era;
import org.pagerace.sched.PointHook;
import org.pagerace.sched.Points;

/**
 * Runs race samples on two free-running threads: the calling thread stores, a worker thread runs the partner,
 * both released together for each sample, over one backing reset between samples. Used by
 * {@code pagerace run --repeat} (JCStress runs the suite itself).
 */
public final class RaceRunner implements AutoCloseable {
    private final Model model;
    private final Race race;
    private final Era era;
    private final Backing backing;
    private final Thread worker;
    private final AtomicInteger go = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private volatile Sample current;
    private volatile boolean closed;

    /** A runner of {@code model} (under {@code era}: null for the model's own) against {@code race}. */
    public RaceRunner(Model model, Race race, Era era, Backing backing) {
        this.model = model;
        this.race = race;
        this.era = era;
        this.backing = backing;
        this.worker = new Thread(this::partnerLoop, "pagerace-partner");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    private void partnerLoop() {
        int seen = 0;
        while (!closed) {
            if (go.get() == seen) {
                Thread.onSpinWait();
                continue;
            }
            seen = go.get();
            current.runPartner();
            done.set(seen);
        }
    }

    /** Runs {@code n} samples with {@code hook} at the points (null: none); returns the outcome histogram. */
    public Map<Outcome, Long> run(long n, PointHook hook) {
        Map<Outcome, Long> histogram = new EnumMap<>(Outcome.class);
        PointHook previous = Points.install(hook);
        try {
            for (long i = 0; i < n; i++) {
                Sample s = Sample.create(model.create(era), race, backing);
                current = s;
                int gen = go.incrementAndGet();
                s.runStore();
                while (done.get() != gen) {
                    Thread.onSpinWait();
                }
                histogram.merge(s.judge(), 1L, Long::sum);
            }
        } finally {
            Points.install(previous);
        }
        return histogram;
    }

    @Override
    public void close() {
        closed = true;
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        backing.close();
    }
}
