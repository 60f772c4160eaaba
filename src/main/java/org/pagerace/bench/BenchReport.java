package org.pagerace.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.pagerace.env.EnvInfo;
import org.pagerace.results.BenchSummaryFile;
import org.pagerace.results.EnvFile;
import org.pagerace.results.JmhResult;
import org.pagerace.results.RunFolder;

/**
 * The post-processing of a benchmark run folder (what {@code scripts/bench} calls through
 * {@code pagerace bench-report}): reads {@value #INPUT}, prints the tables, writes {@value #SUMMARY} and the PNG
 * charts, and {@code env.json} if the folder has none.
 */
public final class BenchReport {
    /** The JMH JSON output in a run folder. */
    public static final String INPUT = JmhResult.FILE;
    /** The summary written beside it. */
    public static final String SUMMARY = BenchSummaryFile.SCHEMA.fileName();

    private BenchReport() {
    }

    /**
     * Post-processes {@code run}: {@code fsDir} and {@code mode} go into {@code env.json} if it must be written.
     * Throws {@link org.pagerace.results.BadInputException} if {@value #INPUT} is missing or not JMH JSON.
     */
    public static BenchSummaryFile run(RunFolder run, Path fsDir, String mode, PrintStream out) {
        List<JmhResult> results = JmhResult.read(run.file(INPUT));
        HostCpu cpu = HostCpu.read(run.file(HostCpu.FILE));
        BenchSummaryFile summary = BenchSummary.of(results, cpu);
        List<String> charts = BenchCharts.draw(summary, run.dir(), "");
        summary = summary.withCharts(charts);
        run.write(summary);
        boolean wroteEnv = false;
        if (!Files.exists(run.file(EnvFile.SCHEMA.fileName()))) {
            run.write(EnvInfo.document(fsDir, mode));
            wroteEnv = true;
        }
        out.printf("Benchmark run %s: %d JMH results (%s)%n%n", run.dir(), results.size(), settings(results.get(0)));
        out.print(BenchSummary.table(summary));
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
