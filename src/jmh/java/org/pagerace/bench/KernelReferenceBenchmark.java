package org.pagerace.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.pagerace.check.Sample;
import org.pagerace.env.EnvInfo;
import org.pagerace.sys.Errno;
import org.pagerace.sys.LibPagerace;
import org.pagerace.sys.MappedFile;
import org.pagerace.sys.NativeException;

/**
 * Hypothesis: a real kernel write fault through the filesystem's {@code ->page_mkwrite} costs microseconds, so the
 * emulated fault ({@link FaultCostBenchmark}) is cheaper than the thing it stands for; and what the file backing
 * adds to an emulated store is the JNA crossing plus the safe store. The reference figures, measured in the same
 * run as the emulation:
 * <ul>
 *   <li>{@link #realFault}: {@code pagerace_fault_loop} on a real file: {@value #FAULTS_PER_CALL} times, the page
 *       is re-armed in C (not timed) by {@code method} and a direct store into it is timed with
 *       {@code CLOCK_MONOTONIC}, so each timed store is one real write fault: {@code msync} (MS_SYNC writes the
 *       page and write-protects its pte; the store takes {@code do_wp_page} → {@code ->page_mkwrite}, the
 *       counterpart of the emulated locked path), {@code uffd} (userfaultfd WP_ASYNC write-protects the pte, no
 *       I/O), {@code dontneed} ({@code MADV_DONTNEED} zaps the pte; the store takes {@code do_shared_fault} on a
 *       page still cached). The fault's cost is the auxiliary counters' ratio
 *       {@code kernelFaultNs / kernelFaults} (each timed store includes about one {@code clock_gettime}, 20-30
 *       ns); the primary score is the whole cycle per fault, re-arm (and msync's I/O) and the JNA call included,
 *       and per call one {@code pwrite} of the page (so that a full filesystem is ENOSPC) and one {@code clone} of
 *       the child task that makes the stores (so that a page that loses its backing ends that child, not the JVM,
 *       and the call returns -errno); the aux counters leave both out. A failing call fails the trial with its
 *       errno, and benchmarks.jar then exits 1 (fail-on-error is its default).
 *       On tmpfs msync does nothing and the msync store does not fault.</li>
 *   <li>{@link #jnaBaseline}: the cheapest call into the shim ({@code pagerace_abi_version}).</li>
 *   <li>{@link #safeStore}: {@code MappedFile.tryStore} ({@code process_vm_writev} to self) into a resident,
 *       writable page: what the file backing pays to land each emulated store.</li>
 * </ul>
 *
 * <p>Kept out of the measurement: the files (unnamed, in {@code fs}: the system temp dir unless given) and their
 * mappings, made at {@link Level#Trial}, and a first call of the fault loop that checks the method works here.
 * No {@code Level.Invocation}; each {@code realFault} call re-arms in C, outside its timed stores.
 *
 * <p>HOW TO RUN:
 * <pre>{@code
 * mvn -q package -DskipTests
 * java -jar target/benchmarks.jar KernelReferenceBenchmark
 * java -jar target/benchmarks.jar 'KernelReferenceBenchmark.realFault' -p method=uffd -p fs=/dev/shm
 * java -jar target/benchmarks.jar 'KernelReferenceBenchmark.realFault' -prof "perfnorm:events=page-faults"
 * }</pre>
 * With {@code perfnorm}, page-faults per operation should be about 1 (one per timed store; the untimed fault-in
 * at the start of each call adds 1/{@value #FAULTS_PER_CALL}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class KernelReferenceBenchmark {
    /** Real faults per {@link #realFault} call. */
    public static final int FAULTS_PER_CALL = 64;

    /** Where in the file the stores go: the race sample's store address. */
    static final long OFFSET = Sample.PAGE_OFFSET;

    /** A real file, mapped shared, for the real fault loop. */
    @State(Scope.Thread)
    public static class RealFile {
        @Param({"msync", "uffd", "dontneed"})
        public String method;

        /** Directory of the real file; blank: the system temp dir. */
        @Param({""})
        public String fs;

        MappedFile file;
        int methodCode;

        @Setup(Level.Trial)
        public void setUp() {
            methodCode = methodCode(method);
            file = createFile(fs);
            try {
                file.faultLoop(OFFSET, 1, methodCode);
            } catch (NativeException e) {
                // ENOSPC on a full filesystem, EOPNOTSUPP without userfaultfd WP_ASYNC: a failed trial, which
                // benchmarks.jar (BenchmarksMain: -foe true) turns into a non-zero exit.
                file.close();
                throw new IllegalStateException("realFault method=" + method + " does not work in "
                        + FaultRig.fsDirectory(fs) + ": " + Errno.describe(e.errno()), e);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            file.close();
        }

        static int methodCode(String method) {
            switch (method) {
                case "msync":
                    return LibPagerace.PAGERACE_FAULT_MSYNC;
                case "uffd":
                    return LibPagerace.PAGERACE_FAULT_UFFD_WP;
                case "dontneed":
                    return LibPagerace.PAGERACE_FAULT_DONTNEED;
                default:
                    throw new IllegalArgumentException("unknown method '" + method + "' (valid: msync, uffd, dontneed)");
            }
        }
    }

    /** A real file whose page is resident and writable (stored into once at set-up), for the safe store. */
    @State(Scope.Thread)
    public static class ResidentPage {
        /** Directory of the real file; blank: the system temp dir. */
        @Param({""})
        public String fs;

        MappedFile file;

        @Setup(Level.Trial)
        public void setUp() {
            file = createFile(fs);
            if (!file.tryStore(OFFSET, Sample.VALUE)) {
                file.close();
                throw new IllegalStateException("safeStore: the first store into the page failed");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            file.close();
        }
    }

    /** The timed real faults, summed over an iteration: their count and their total nanoseconds. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class KernelCounters {
        public long kernelFaults;
        public long kernelFaultNs;

        @Setup(Level.Iteration)
        public void reset() {
            kernelFaults = 0;
            kernelFaultNs = 0;
        }
    }

    static MappedFile createFile(String fs) {
        java.nio.file.Path dir = FaultRig.fsDirectory(fs);
        EnvInfo.checkDir(dir);
        return MappedFile.createTemp(dir, Sample.SIZE, Sample.SIZE);
    }

    @Benchmark
    @OperationsPerInvocation(FAULTS_PER_CALL)
    public long realFault(RealFile f, KernelCounters c) {
        long ns = f.file.faultLoop(OFFSET, FAULTS_PER_CALL, f.methodCode);   // NativeException on -errno
        c.kernelFaults += FAULTS_PER_CALL;
        c.kernelFaultNs += ns;
        return ns;
    }

    @Benchmark
    public int jnaBaseline() {
        return LibPagerace.pagerace_abi_version();
    }

    @Benchmark
    public boolean safeStore(ResidentPage p) {
        return p.file.tryStore(OFFSET, Sample.VALUE);
    }
}
