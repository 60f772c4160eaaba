package org.pagerace.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.pagerace.mm.StoreResult;
import org.pagerace.sched.Event;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * Hypothesis: the named interleaving points are free when compiled out ({@code -Dpagerace.points=off} makes
 * {@code Points.ENABLED} a constant false that the JIT folds), and cheap but not free when enabled with no hook
 * installed (one volatile load each). Shown, not claimed, at two scales:
 * <ul>
 *   <li>{@link #stepsBaseline}, {@link #stepsPointsOff}, {@link #stepsPointsIdle}: the same four dependent
 *       arithmetic steps, without points, and with four points ({@code Points.at} ×3, {@code Points.event} ×1)
 *       between them, in a JVM with points off and in one with points on but idle. "Free when off" means
 *       {@code stepsPointsOff} equals {@code stepsBaseline} within the error.</li>
 *   <li>{@link #faultPointsOff}, {@link #faultPointsIdle}: the whole emulated locked write fault of
 *       {@code nopage-locked} on the model backing (re-arm plus store, as {@code FaultCostBenchmark} with
 *       {@code path=locked}), which passes 17 of them (7 {@code Points.at}, 10 {@code Points.event}, counted with
 *       a hook), with points off and idle.</li>
 * </ul>
 * The methods of a pair differ only in their code and their fork's flags: each takes one state of the same shape,
 * whose set-up checks that the JVM has the points it claims ({@code *Off} fails in a JVM where points are on,
 * e.g. when the host JVM was started with {@code -Dpagerace.points=off} and forks inherit it). Their names sort
 * together, so JMH runs each group back to back.
 *
 * <p>Kept out of the measurement: the check and the emulated file ({@link Level#Trial}). No
 * {@code Level.Invocation}.
 *
 * <p>HOW TO RUN:
 * <pre>{@code
 * mvn -q package -DskipTests
 * java -jar target/benchmarks.jar PointsCostBenchmark
 * java -jar target/benchmarks.jar 'PointsCostBenchmark.steps' -f 4
 * }</pre>
 * Do not pass {@code -jvmArgsAppend} on the command line: it replaces the {@code -Dpagerace.points=off} of the
 * {@code *Off} methods.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class PointsCostBenchmark {
    private static final long K1 = 0x9E3779B97F4A7C15L;
    private static final long K2 = 0x632BE59BD9B4E019L;

    /** The input of the arithmetic steps, a field so that the JIT cannot fold it. */
    @State(Scope.Thread)
    public static class Steps {
        public long x = 42;
    }

    /** {@link Steps} in a JVM with points compiled out (checked). */
    @State(Scope.Thread)
    public static class StepsOff {
        public long x = 42;

        @Setup(Level.Trial)
        public void check() {
            checkOff();
        }
    }

    /** {@link Steps} in a JVM with points on and no hook (checked). */
    @State(Scope.Thread)
    public static class StepsIdle {
        public long x = 42;

        @Setup(Level.Trial)
        public void check() {
            checkIdle();
        }
    }

    /** The emulated file of the fault-level comparison, in a JVM with points compiled out (checked). */
    @State(Scope.Thread)
    public static class RigOff {
        FaultRig rig;

        @Setup(Level.Trial)
        public void setUp() {
            checkOff();
            rig = new FaultRig("nopage-locked", "model", "");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            rig.close();
        }
    }

    /** The emulated file of the fault-level comparison, in a JVM with points on and no hook (checked). */
    @State(Scope.Thread)
    public static class RigIdle {
        FaultRig rig;

        @Setup(Level.Trial)
        public void setUp() {
            checkIdle();
            rig = new FaultRig("nopage-locked", "model", "");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            rig.close();
        }
    }

    static void checkOff() {
        if (Points.ENABLED) {
            throw new IllegalStateException("points are on in this fork; it needs -Dpagerace.points=off");
        }
    }

    static void checkIdle() {
        if (!Points.ENABLED || Points.installed() != null) {
            throw new IllegalStateException("points must be on and idle in this fork (enabled=" + Points.ENABLED
                    + ", hook=" + Points.installed() + ")");
        }
    }

    @Benchmark
    public long stepsBaseline(Steps d) {
        long x = d.x;
        x = x * K1 + K2;
        x ^= x >>> 31;
        x = x * K1 + K2;
        x ^= x >>> 29;
        return x;
    }

    @Benchmark
    @Fork(value = 2, jvmArgsAppend = "-Dpagerace.points=off")
    public long stepsPointsOff(StepsOff d) {
        return withPoints(d.x);
    }

    @Benchmark
    public long stepsPointsIdle(StepsIdle d) {
        return withPoints(d.x);
    }

    @Benchmark
    @Fork(value = 2, jvmArgsAppend = "-Dpagerace.points=off")
    public StoreResult faultPointsOff(RigOff r) {
        r.rig.rearm();
        return r.rig.store();
    }

    @Benchmark
    public StoreResult faultPointsIdle(RigIdle r) {
        r.rig.rearm();
        return r.rig.store();
    }

    /** {@link #stepsBaseline}'s steps with a point between each two. */
    private static long withPoints(long x) {
        x = x * K1 + K2;
        Points.at(Point.FAULT_PTE_READ);
        x ^= x >>> 31;
        Points.at(Point.WP_PTE_UNLOCKED);
        x = x * K1 + K2;
        Points.event(Event.PAGE_MKWRITE, x);
        x ^= x >>> 29;
        Points.at(Point.MKWRITE_RETURNED);
        return x;
    }
}
