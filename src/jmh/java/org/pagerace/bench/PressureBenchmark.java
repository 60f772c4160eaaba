package org.pagerace.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.pagerace.mm.StoreResult;

/**
 * Hypothesis: as truncation gets more frequent, a store's write fault gets dearer by the retries (and SIGBUS) it
 * meets, and a convention that serialises with truncate ({@code invalidate-lock}: {@code invalidate_lock} shared
 * in the fault, exclusive in truncate) pays for waiting instead of retrying; the curve of cost per store against
 * truncate rate shows which is dearer.
 *
 * <p>Two threads share one 4-page file of the emulated filesystem (the race sample's). The {@link #fault} thread
 * re-arms the write fault (writeback's cleaning step, as in {@link FaultCostBenchmark}) and stores into page 1:
 * one operation is one user store, which takes at least one write fault and lands, or ends in SIGBUS (it may have
 * looked while the file was short). The {@link #truncate} thread waits {@code gapUs} microseconds (spinning), then
 * runs its partner once: {@code truncate} shrinks the file to the page's start and extends it back
 * ({@code truncate-down-up}), {@code punch} punches the page ({@code punch-hole}, i_size unchanged). With
 * {@code gapUs=off} the thread only spins (the control: same threads, no truncation); {@code 0} truncates back to
 * back. The truncate thread's own score is the time per truncate operation, so its reciprocal is the truncate
 * rate that was reached (lower than 1/gap when a truncate waits for a fault).
 *
 * <p>Auxiliary counters (JMH "EVENTS", totals per iteration): for the fault thread {@code stores}, {@code faults},
 * {@code retries} (faults beyond the first, per {@code StoreResult.retries()}), {@code sigbus} and
 * {@code livelocks}; for the truncate thread {@code truncates} (partner runs, hole punches included). Retries and
 * SIGBUS per store are their ratios; the report also divides the fault thread's time by the stores that landed.
 * With {@code truncate}, a store that looks while the file is short ends in SIGBUS at once, so at high rates most
 * attempts are (correct) SIGBUS and the cost per landed store includes waiting for the file to grow back.
 *
 * <p>Serialising does not replace the retry, it comes before it: an {@code invalidate-lock} fault whose page a
 * punch removes while the handler waits for {@code invalidate_lock} finds the page gone once it has the lock and
 * returns NOPAGE, as {@code ext4_page_mkwrite} does; so under back-to-back punches it both waits and retries. How
 * long it waits there is the emulation's, not the kernel's: {@code RwSemaphore} has no waiter queue and no handoff
 * (its stated deviation), so a writer that re-takes the lock at once can keep a spinning reader out for many
 * rounds, where the kernel's rwsem queues the reader first and hands off to it. At {@code gapUs=0} the
 * {@code invalidate-lock} figure is an upper bound; from {@code gapUs=5} on the writer leaves gaps and the figures
 * compare.
 *
 * <p>Kept out of the measurement: the file, the emulated filesystem and the first read fault ({@link Level#Trial});
 * a check at each {@link Level#Iteration} that no lock leaked and i_size is whole again. No
 * {@code Level.Invocation}. Named points are compiled out ({@code -Dpagerace.points=off}). The model backing is the
 * default: the file backing adds a real {@code ftruncate} per size change and a safe store per landing, which
 * measures the kernel's truncate more than the protocol; select it with {@code -p backing=file}.
 *
 * <p>HOW TO RUN:
 * <pre>{@code
 * mvn -q package -DskipTests
 * java -jar target/benchmarks.jar PressureBenchmark                        # 9 models x 5 gaps x 2 partners, 2 forks
 * java -jar target/benchmarks.jar PressureBenchmark -p model=invalidate-lock,nopage-locked -p gapUs=off,20,0
 * java -jar target/benchmarks.jar PressureBenchmark -p partner=punch -p backing=model,file
 * }</pre>
 * The group needs two CPUs; on one, the threads take turns and the curve measures the scheduler.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = "-Dpagerace.points=off")
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Group)
public class PressureBenchmark {
    /** The truncate thread's spin between two partner runs when {@code gapUs=off} (it then runs no partner). */
    static final long IDLE_GAP_NS = 100_000;

    @Param({"zero-unlocked", "sigbus", "nopage-locked", "unlocked-metadata", "find-or-create", "filemap",
        "invalidate-lock", "vmf-fs-error", "ext4@6.12"})
    public String model;

    /** Microseconds between two truncations; {@code off}: none. */
    @Param({"off", "100", "20", "5", "0"})
    public String gapUs;

    /** {@code truncate} (down to the page's start and back up) or {@code punch} (a hole over the page). */
    @Param({"truncate", "punch"})
    public String partner;

    @Param({"model"})
    public String backing;

    /** Directory for the file backing; blank: the system temp dir. */
    @Param({""})
    public String fs;

    FaultRig rig;
    long gapNanos;
    boolean idle;
    boolean punch;

    @Setup(Level.Trial)
    public void setUp() {
        idle = "off".equals(gapUs);
        gapNanos = idle ? IDLE_GAP_NS : parseGap(gapUs);
        switch (partner) {
            case "truncate":
                punch = false;
                break;
            case "punch":
                punch = true;
                break;
            default:
                throw new IllegalArgumentException("unknown partner '" + partner + "' (valid: truncate, punch)");
        }
        rig = new FaultRig(model, backing, fs);
    }

    private static long parseGap(String us) {
        try {
            long v = Long.parseLong(us);
            if (v >= 0) {
                return TimeUnit.MICROSECONDS.toNanos(v);
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("gapUs must be 'off' or microseconds >= 0, not '" + us + "'");
    }

    @Setup(Level.Iteration)
    public void check() {
        rig.checkQuiescent();
    }

    @TearDown(Level.Iteration)
    public void checkAfter() {
        rig.checkQuiescent();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        rig.close();
    }

    /** The fault thread's counters, summed over an iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class FaultCounters {
        public long stores;
        public long faults;
        public long retries;
        public long sigbus;
        public long livelocks;

        @Setup(Level.Iteration)
        public void reset() {
            stores = 0;
            faults = 0;
            retries = 0;
            sigbus = 0;
            livelocks = 0;
        }
    }

    /** The truncate thread's counter, summed over an iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class TruncateCounters {
        public long truncates;

        @Setup(Level.Iteration)
        public void reset() {
            truncates = 0;
        }
    }

    @Benchmark
    @Group("pressure")
    @GroupThreads(1)
    public StoreResult fault(FaultCounters c) {
        rig.clean(); /* a page truncate removed is simply faulted in again by the store */
        StoreResult r = rig.store();
        c.stores++;
        c.faults += r.faults;
        c.retries += r.retries();
        if (r.status == StoreResult.Status.SIGBUS) {
            c.sigbus++;
        } else if (r.status == StoreResult.Status.LIVELOCK) {
            c.livelocks++;
        }
        return r;
    }

    @Benchmark
    @Group("pressure")
    @GroupThreads(1)
    public void truncate(TruncateCounters c) {
        long until = System.nanoTime() + gapNanos;
        while (System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
        if (idle) {
            return;
        }
        if (punch) {
            rig.punchHole();
        } else {
            rig.truncateDownUp();
        }
        c.truncates++;
    }
}
