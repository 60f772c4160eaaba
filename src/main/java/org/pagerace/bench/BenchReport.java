package org.pagerace.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
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
    /** Optional: {@code /proc/loadavg} before and after the run, one line each, as {@code scripts/bench} writes it. */
    public static final String LOAD = "loadavg.txt";

    private BenchReport() {
    }

    /**
     * Post-processes {@code run}: {@code fsDir} and {@code mode} go into {@code env.json} if it must be written.
     * Throws {@link org.pagerace.report.BadInputException} if {@value #INPUT} is missing or not JMH JSON.
     */
    public static BenchSummary run(RunFolder run, Path fsDir, String mode, PrintStream out) {
        List<JmhResult> results = JmhResult.read(run.file(INPUT));
        BenchSummary summary = BenchSummary.of(results);
        ObjectNode load = hostLoad(run.file(LOAD), summary);
        List<String> charts = BenchCharts.draw(summary, run.dir());
        run.writeJson(SUMMARY, summary.toJson(INPUT, load, charts));
        boolean wroteEnv = false;
        if (!Files.exists(run.file("env.json"))) {
            run.writeJson("env.json", EnvInfo.document(fsDir, mode));
            wroteEnv = true;
        }
        out.printf("Benchmark run %s: %d JMH results (%s)%n%n", run.dir(), results.size(), settings(results.get(0)));
        out.print(summary.table());
        out.printf("%nwrote %s, %s%s%n", SUMMARY, String.join(", ", charts), wroteEnv ? ", env.json" : "");
        return summary;
    }

    private static String settings(JmhResult r) {
        return String.format(Locale.ROOT, "JMH %s, JDK %s, forks %s, warm-up %s x %s, measurement %s x %s",
                r.setting("jmhVersion"), r.setting("jdkVersion"), r.setting("forks"), r.setting("warmupIterations"),
                r.setting("warmupTime"), r.setting("measurementIterations"), r.setting("measurementTime"));
    }

    /**
     * {@code {"before": ..., "after": ..., "cpus": n}} from {@value #LOAD}, or null if the file is absent. A load
     * average above the CPU count means the benchmarks shared the machine: a warning says so.
     */
    static ObjectNode hostLoad(Path file, BenchSummary summary) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        ObjectNode n = Json.MAPPER.createObjectNode();
        int cpus = Runtime.getRuntime().availableProcessors();
        double worst = 0;
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+", 2);
                if (f.length == 2) {
                    n.put(f[0], f[1]);
                    try {
                        worst = Math.max(worst, Double.parseDouble(f[1].split("\\s+")[0]));
                    } catch (NumberFormatException e) {
                        // not a load average: kept as text
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
        n.put("cpus", cpus);
        if (worst > cpus) {
            summary.warn(String.format(Locale.ROOT, "the host was busy: 1-minute load average up to %.1f "
                    + "on %d CPUs around the run; expect wide error bars and inflated times", worst, cpus));
        }
        return n;
    }
}
