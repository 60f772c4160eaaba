package org.pagerace.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pagerace.bench.BenchRun;
import org.pagerace.fs.Filesystems;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pagerace bench}: the JMH benchmarks into a run folder, then their report (what {@code scripts/bench} runs). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the JMH benchmarks (target/benchmarks.jar) into a run folder, recording the host's CPU use, "
                + "then print the fault costs and ratios and write bench-summary.json and PNG charts there. Keep the "
                + "machine otherwise idle: every figure is a time.")
final class BenchRunCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "1 fork, 1 warm-up + 3 measurement iterations of 0.3 s, fewer parameters "
            + "(about 3-4 minutes on 2 cores): to see that everything runs, not to conclude")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR",
            description = "the run folder (created if missing; default results/runs/<UTC time>-<host>/)")
    Path out;

    @Option(names = "--fs", paramLabel = "DIR",
            description = "directory for the real files (realFault, safeStore, the file backing); default: the system temp dir")
    Path fs;

    @Option(names = "--results", paramLabel = "DIR", description = "results root (default: results)", hidden = true)
    Path results = Path.of("results");

    @Option(names = "--benchmarks-jar", paramLabel = "JAR", hidden = true,
            description = "the JMH jar (default: benchmarks.jar beside pagerace.jar)")
    Path benchmarksJar = besideThisJar("benchmarks.jar");

    @Option(names = "--fs-model", split = ",", paramLabel = "MODEL",
            description = "benchmark these filesystem models (ids, fs@RELEASE, or your class names) instead of the "
                    + "built-in list: JMH's -p model=…")
    List<String> models = new ArrayList<>();

    @Option(names = "--classpath", paramLabel = "PATH",
            description = "directories and jars with your own models (also PAGERACE_CLASSPATH); reaches JMH's forks")
    String classpath;

    @Parameters(paramLabel = "JMH-ARGS", description = "after --: passed to JMH after ours, e.g. -- 'FaultCostBenchmark' "
            + "-p model=nopage-locked")
    List<String> jmhArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> jmh = new ArrayList<>();
        if (!models.isEmpty()) {
            Filesystems.useClassPath(classpath);
            for (String m : models) {
                Filesystems.resolve(m); /* a usage error now, not in a fork */
            }
            jmh.addAll(List.of("-p", "model=" + String.join(",", models)));
        }
        String absolute = null;
        if (classpath != null && !classpath.isBlank()) {
            absolute = java.util.Arrays.stream(classpath.split(java.io.File.pathSeparator))
                    .filter(e -> !e.isEmpty()).map(e -> Path.of(e).toAbsolutePath().toString())
                    .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        }
        jmh.addAll(jmhArgs);
        BenchRun.run(quick, out, fs, jmh, absolute, results, benchmarksJar, System.out);
        return 0;
    }

    /** {@code name} in the folder of pagerace.jar (target/), or of target/classes when run from the build. */
    private static Path besideThisJar(String name) {
        try {
            Path self = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return self.getParent().resolve(name);
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("target", name);
        }
    }
}
