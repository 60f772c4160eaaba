package org.pagerace.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pagerace.bench.BenchReport;
import org.pagerace.results.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pagerace bench-report RUN_DIR}: the post-processing of a benchmark run (see {@code scripts/bench}):
 * tables with the retry/locked and emulated/real ratios, {@code bench-summary.json} and PNG charts in RUN_DIR.
 */
@Command(name = "bench-report", mixinStandardHelpOptions = true,
        description = "Summarise the JMH results RUN_DIR/bench.json: print the fault costs and their ratios, write "
                + "bench-summary.json and PNG charts into RUN_DIR (and env.json if it has none).")
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "the run folder holding bench.json")
    Path runDir;

    @Option(names = "--fs", paramLabel = "DIR",
            description = "the directory the file-backed benchmarks used, for env.json (default: the system temp dir)")
    Path fs = Path.of(System.getProperty("java.io.tmpdir"));

    @Option(names = "--mode", paramLabel = "MODE", description = "the run's mode, for env.json (default: bench)")
    String mode = "bench";

    @Override
    public Integer call() {
        BenchReport.run(RunFolder.open(runDir), fs, mode, System.out);
        return 0;
    }
}
