package org.pagerace.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.pagerace.report.EnvInfo;
import org.pagerace.report.Json;
import org.pagerace.report.RunFolder;

/**
 * The post-processing of a benchmark run folder (what {@code scripts/bench} calls through
 * {@code pagerace bench-report}): reads {@value #INPUT}, prints the tables, writes {@value #SUMMARY} and the PNG
 * charts, and {@code env.json} if the folder has none.
 */
public final class BenchReport {
    /** The JMH JSON output in a run folder. */
    public static final String INPUT = "bench.json";
    /** The summary written beside it. */
    public static final String SUMMARY = "bench-summary.json";

    private BenchReport() {
    }

    /**
     * Post-processes {@code run}: {@code fsDir} and {@code mode} go into {@code env.json} if it must be written.
     * Throws {@link org.pagerace.report.BadInputException} if {@value #INPUT} is missing or not JMH JSON.
     */
    public static BenchSummary run(RunFolder run, Path fsDir, String mode, PrintStream out) {
        List<JmhResult> results = JmhResult.read(run.file(INPUT));
        BenchSummary summary = BenchSummary.of(results);
        HostCpu cpu = HostCpu.read(run.file(HostCpu.FILE));
        if (cpu != null) {
            cpu.warnings().forEach(summary::warn);
        }
        List<String> charts = BenchCharts.draw(summary, run.dir());
        run.writeJson(SUMMARY, summary.toJson(INPUT, cpu == null ? null : cpu.toJson(), charts));
        boolean wroteEnv = false;
        if (!Files.exists(run.file("env.json"))) {
            run.writeJson("env.json", EnvInfo.document(fsDir, mode));
            wroteEnv = true;
        }
        out.printf("Benchmark run %s: %d JMH results (%s)%n%n", run.dir(), results.size(), settings(results.get(0)));
        out.print(summary.table());
        if (cpu != null) {
            out.printf(Locale.ROOT, "host: the benchmarks used %.0f CPU seconds of %.0f; other processes %.1f %%, "
                    + "the hypervisor (steal) %.1f %% of the %d CPUs' time%n", cpu.benchmarks(),
                    cpu.seconds() * cpu.cpus(), 100 * cpu.otherShare(), 100 * cpu.stealShare(), cpu.cpus());
        }
        out.printf("%nwrote %s, %s%s%n", SUMMARY, String.join(", ", charts), wroteEnv ? ", env.json" : "");
        return summary;
    }

    private static String settings(JmhResult r) {
        return String.format(Locale.ROOT, "JMH %s, JDK %s, forks %s, warm-up %s x %s, measurement %s x %s",
                r.setting("jmhVersion"), r.setting("jdkVersion"), r.setting("forks"), r.setting("warmupIterations"),
                r.setting("warmupTime"), r.setting("measurementIterations"), r.setting("measurementTime"));
    }

}
