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
import org.pagerace.mm.Event;
import org.pagerace.mm.Point;
import org.pagerace.mm.Points;
import org.pagerace.mm.StoreResult;

/**
 * Hypothesis: the named interleaving points are free when compiled out ({@code -Dpagerace.points=off} makes
 * {@code Points.ENABLED} a constant false that the JIT folds), and cheap but not free when enabled with no hook
 * installed (one volatile load each). Shown, not claimed, at two scales:
 * <ul>
 *   <li>{@link #baseline}, {@link #pointsOff}, {@link #pointsIdle}: the same four arithmetic steps, without points,
 *       and with four points ({@code Points.at} ×3, {@code Points.event} ×1) between them, in a JVM with points
 *       off and in one with points on but idle. "Free when off" means {@code pointsOff} equals {@code baseline}
 *       within the error.</li>
 *   <li>{@link #faultPointsOff}, {@link #faultPointsIdle}: the whole emulated locked write fault of
 *       {@code nopage-locked} on the model backing (re-arm plus store, as {@code FaultCostBenchmark.locked}), which
 *       passes 17 of them (7 {@code Points.at}, 10 {@code Points.event}, counted with a hook), with points off and
 *       idle.</li>
 * </ul>
 * Each method checks at set-up that its JVM has the points it claims ({@code pointsOff} fails in a JVM where
 * points are on, e.g. when the host JVM was started with {@code -Dpagerace.points=off} and forks inherit it).
 *
 * <p>Kept out of the measurement: the check and the emulated file ({@link Level#Trial}). No
 * {@code Level.Invocation}.
 *
 * <p>HOW TO RUN:
 * <pre>{@code
 * mvn -q package -DskipTests
 * java -jar target/benchmarks.jar PointsCostBenchmark
 * java -jar target/benchmarks.jar 'PointsCostBenchmark.(baseline|pointsOff|pointsIdle)' -f 3
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
    public static class Data {
        public long x = 42;
    }

    /** Set-up check: this JVM has points compiled out. */
    @State(Scope.Thread)
    public static class Off {
        @Setup(Level.Trial)
        public void check() {
            if (Points.ENABLED) {
                throw new IllegalStateException("points are on in this fork; it needs -Dpagerace.points=off");
            }
        }
    }

    /** Set-up check: this JVM has points on, with no hook installed. */
    @State(Scope.Thread)
    public static class Idle {
        @Setup(Level.Trial)
        public void check() {
            if (!Points.ENABLED || Points.installed() != null) {
                throw new IllegalStateException("points must be on and idle in this fork (enabled="
                        + Points.ENABLED + ", hook=" + Points.installed() + ")");
            }
        }
    }

    /** The emulated file of the fault-level comparison. */
    @State(Scope.Thread)
    public static class Rig {
        FaultRig rig;

        @Setup(Level.Trial)
        public void setUp() {
            rig = new FaultRig("nopage-locked", "model", "");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            rig.close();
        }
    }

    @Benchmark
    public long baseline(Data d) {
        long x = d.x;
        x = x * K1 + K2;
        x ^= x >>> 31;
        x = x * K1 + K2;
        x ^= x >>> 29;
        return x;
    }

    @Benchmark
    @Fork(value = 2, jvmArgsAppend = "-Dpagerace.points=off")
    public long pointsOff(Data d, Off off) {
        return withPoints(d);
    }

    @Benchmark
    public long pointsIdle(Data d, Idle idle) {
        return withPoints(d);
    }

    @Benchmark
    @Fork(value = 2, jvmArgsAppend = "-Dpagerace.points=off")
    public StoreResult faultPointsOff(Rig r, Off off) {
        r.rig.rearm();
        return r.rig.store();
    }

    @Benchmark
    public StoreResult faultPointsIdle(Rig r, Idle idle) {
        r.rig.rearm();
        return r.rig.store();
    }

    /** {@link #baseline}'s steps with a point between each two. */
    private static long withPoints(Data d) {
        long x = d.x;
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
