package org.pagerace.truth;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.pagerace.env.EnvInfo;
import org.pagerace.mm.PageSize;
import org.pagerace.results.BadInputException;
import org.pagerace.sys.LibPagerace;
import org.pagerace.sys.MappedFile;

/**
 * Runs one {@link TruthRace} on a real file in a directory, on the real kernel: a store thread pinned to CPU0
 * makes ONE safe store per iteration (the real write fault and page_mkwrite, with EFAULT where a plain store
 * would get SIGBUS), a partner thread pinned to CPU1 runs the race's real operations; they meet at a spin barrier
 * and each then waits a random delay in [0, J], J being twice the partner's measured duration (as in
 * REALKERNEL.md §2), so that the store falls before, inside and after the operations. After each iteration the
 * store thread reads the value back, classifies the sample, and resets the file with two truncates and a read
 * fault: page 1 is then a clean hole, in the page cache and mapped read-only, as in the emulation's samples.
 *
 * <p>The safe store is {@code process_vm_writev}, which is not quite a CPU store (mainline
 * {@code mm/process_vm_access.c}): it pins the page with a GUP write fault under the mmap lock, copies into it after
 * dropping the lock, and marks it dirty when it unpins it. So it can copy into a page that truncate or punch
 * removed meanwhile (that store overlaps the operation and shows as LOST in {@link Phase#OVERLAP}, which the race
 * allows anyway), and in the msync race it can re-dirty a page that msync cleaned between the pin and the unpin
 * without a new page_mkwrite: the data still reaches storage at the final sync, so no outcome shows it.
 */
public final class TruthRacer {
    /** Partner runs timed to calibrate J, after as many untimed ones. */
    static final int CALIBRATION_RUNS = 64;
    private static final long VALUE_TAG = 0x5452_5554_0000_0000L;
    private static final int ANOMALY_EXAMPLES = 5;

    private final Path dir;
    private final TruthRace race;
    private final long seed;

    public TruthRacer(Path dir, TruthRace race, long seed) {
        this.dir = dir;
        this.race = race;
        this.seed = seed;
    }

    /** Runs {@code iterations} iterations and returns what they showed. */
    public TruthResult run(long iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("--iterations must be at least 1");
        }
        String fsType = EnvInfo.fsType(dir);
        if (MappedFile.PAGE_SIZE != PageSize.PAGE_SIZE) {
            throw new BadInputException("the truth suite needs " + PageSize.PAGE_SIZE + "-byte pages, this machine has "
                    + MappedFile.PAGE_SIZE);
        }
        try (MappedFile f = MappedFile.createTemp(dir, TruthRace.SIZE, TruthRace.SIZE)) {
            Run run = new Run(f, iterations);
            run.start();
            return new TruthResult(fsType, dir.toAbsolutePath().toString(), Mounts.describe(dir), race, iterations,
                    run.outcomes, run.byPhase, run.anomalies, run.anomalyExamples, run.seconds, run.delayNanos,
                    run.opMedianNanos, run.pinnedStore && run.pinnedPartner,
                    race.checksStorage() ? run.readFromStorage : -1,
                    race == TruthRace.INVALIDATE ? run.droppedByPartner : -1);
        }
    }

    /** The value stored in iteration {@code i}: never zero, different in every iteration. */
    static long valueFor(long i) {
        return VALUE_TAG | ((i + 1) & 0xFFFF_FFFFL);
    }

    /** Page 1 becomes a hole again, cached and mapped read-only by a read fault; i_size is {@link TruthRace#SIZE}. */
    static void reset(MappedFile f, long off) {
        f.truncate(TruthRace.PAGE_OFFSET);
        f.truncate(TruthRace.SIZE);
        OptionalLong v = f.tryLoad(off);
        if (v.isEmpty() || v.getAsLong() != 0) {
            throw new IllegalStateException("reset of " + f.path() + " failed: offset " + off + " reads "
                    + (v.isEmpty() ? "EFAULT" : Long.toHexString(v.getAsLong())) + " after truncate to 4096 and 16K");
        }
    }

    /** Pins the calling thread to {@code cpu} if there are two CPUs to pin to; returns whether it did. */
    private static boolean pin(int cpu) {
        return Runtime.getRuntime().availableProcessors() >= 2 && LibPagerace.pagerace_pin_cpu(cpu) == 0;
    }

    private static void spin(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    /** The state of one run: the two threads, what they exchange through the barrier, and the tallies. */
    private final class Run {
        private final MappedFile f;
        private final long iterations;
        private final long off = race.storeOffset();
        private final SpinBarrier barrier = new SpinBarrier();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final OpTimes opTimes = new OpTimes();
        private final SplittableRandom storeRandom;
        private final SplittableRandom partnerRandom;

        final Map<RealOutcome, Long> outcomes = new EnumMap<>(RealOutcome.class);
        final Map<Phase, Map<RealOutcome, Long>> byPhase = new EnumMap<>(Phase.class);
        final List<String> anomalyExamples = new ArrayList<>();
        long anomalies;
        long readFromStorage;
        long droppedByPartner;
        double seconds;
        volatile long delayNanos;
        volatile long opMedianNanos;
        volatile boolean pinnedStore;
        volatile boolean pinnedPartner;

        Run(MappedFile f, long iterations) {
            this.f = f;
            this.iterations = iterations;
            SplittableRandom root = new SplittableRandom(seed);
            this.storeRandom = root.split();
            this.partnerRandom = root.split();
        }

        void start() {
            Thread store = thread("truth-store", this::storeLoop);
            Thread partner = thread("truth-partner", this::partnerLoop);
            store.start();
            partner.start();
            try {
                store.join();
                partner.join();
            } catch (InterruptedException e) {
                barrier.abort(e);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
        }

        private Thread thread(String name, Runnable body) {
            Thread t = new Thread(() -> {
                try {
                    body.run();
                } catch (Throwable e) {
                    if (failure.compareAndSet(null, e)) {
                        barrier.abort(e);
                    }
                }
            }, name + "-" + race.id());
            t.setDaemon(true);
            return t;
        }

        /** Measures the partner's operations after a store (so msync has a dirty page to write), returns J. */
        private long calibrate() {
            long[] d = new long[CALIBRATION_RUNS];
            for (int i = -CALIBRATION_RUNS; i < CALIBRATION_RUNS; i++) {
                reset(f, off);
                f.tryStore(off, valueFor(i));
                race.operate(f, opTimes);
                if (i >= 0) {
                    d[i] = opTimes.duration();
                }
            }
            Arrays.sort(d);
            opMedianNanos = d[CALIBRATION_RUNS / 2];
            return 2 * opMedianNanos;
        }

        private void partnerLoop() {
            pinnedPartner = pin(1);
            delayNanos = calibrate();
            reset(f, off);
            barrier.await();
            long j = delayNanos;
            for (long i = 0; i < iterations; i++) {
                barrier.await();
                spin(partnerRandom.nextLong(j + 1));
                race.operate(f, opTimes);
                if (race == TruthRace.INVALIDATE) {
                    MappedFile.PageState s = f.pageState(off);
                    if (s.cachestat() && !s.cached()) {
                        droppedByPartner++;
                    }
                }
                barrier.await();
            }
        }

        private void storeLoop() {
            pinnedStore = pin(0);
            barrier.await();
            long j = delayNanos;
            long t0 = System.nanoTime();
            for (long i = 0; i < iterations; i++) {
                long value = valueFor(i);
                barrier.await();
                spin(storeRandom.nextLong(j + 1));
                long a0 = System.nanoTime();
                boolean stored = f.tryStore(off, value);
                long a1 = System.nanoTime();
                barrier.await();
                Phase phase = Phase.of(a0, a1, opTimes);
                RealOutcome o = RealOutcome.classify(race, phase, stored, readBack(), value);
                outcomes.merge(o, 1L, Long::sum);
                byPhase.computeIfAbsent(phase, p -> new EnumMap<>(RealOutcome.class)).merge(o, 1L, Long::sum);
                if (!race.plausible(phase).contains(o)) {
                    anomalies++;
                    if (anomalyExamples.size() < ANOMALY_EXAMPLES) {
                        anomalyExamples.add(String.format("iteration %d: %s in phase %s (store %+d..%+d ns, "
                                + "partner 0..%d ns)", i, o.id(), phase.id(), a0 - opTimes.start,
                                a1 - opTimes.start, opTimes.end - opTimes.start));
                    }
                }
                reset(f, off);
            }
            seconds = (System.nanoTime() - t0) / 1e9;
        }

        /**
         * The 8 bytes at the store's offset. For races that check storage: written back and the page dropped first
         * (msync, unmap, POSIX_FADV_DONTNEED), so the read comes from storage wherever the page could be dropped.
         */
        private long readBack() {
            if (race.checksStorage()) {
                f.msync(0, TruthRace.SIZE);
                f.zapPtes(0, TruthRace.SIZE);
                f.dropCache(0, TruthRace.SIZE);
                MappedFile.PageState s = f.pageState(off);
                if (s.cachestat() && !s.cached()) {
                    readFromStorage++;
                }
            }
            return f.readLong(off);
        }
    }
}
