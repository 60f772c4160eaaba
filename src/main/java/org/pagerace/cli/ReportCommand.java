package org.pagerace.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.pagerace.report.Baseline;
import org.pagerace.report.BaselineComparison;
import org.pagerace.report.MergeReport;
import org.pagerace.report.ReportBuilder;
import org.pagerace.report.ReportDoc;
import org.pagerace.report.ReportFiles;
import org.pagerace.report.RunData;
import org.pagerace.results.BadInputException;
import org.pagerace.results.Regression;
import org.pagerace.results.ReportFile;
import org.pagerace.results.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pagerace report}: writes {@code report.md}, {@code report.html} and {@code report.json} into a run folder
 * (default: the newest under {@code results/runs/}), comparing it with the baseline (default:
 * {@code results/baseline/}); or, with {@code --merge}, one report over run folders from several hosts. Exit 0 when
 * nothing regressed, 1 naming each regression, 2 on a usage error or an unreadable or incompatible input.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the report of a run folder (report.md, report.html, report.json) and compare it with the "
                + "baseline; exit 1 naming each regression.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "RUN_DIR",
            description = "the run folder (default: the newest under results/runs/); with --merge, where the merged "
                    + "report goes (default: results/runs/<UTC>-merged)")
    Path runDir;

    @Option(names = "--baseline", paramLabel = "DIR", description = "the baseline run folder (default: results/baseline/)")
    Path baseline;

    @Option(names = "--merge", arity = "1..*", paramLabel = "RUN_DIR",
            description = "one report over these run folders (hosts × kernels × filesystems)")
    List<Path> merge = new ArrayList<>();

    @Option(names = "--update-baseline",
            description = "after the report, make this run the baseline (its JSON, junit.xml, report.md, charts)")
    boolean updateBaseline;

    @Option(names = "--results", paramLabel = "DIR", description = "results root (default: results)", hidden = true)
    Path results = Path.of("results");

    @Override
    public Integer call() {
        return merge.isEmpty() ? single() : merged();
    }

    private int single() {
        Path dir = runDir != null ? runDir : newestRun();
        Path baselineDir = baseline != null ? baseline : results.resolve("baseline");
        if (!updateBaseline && sameFolder(dir, baselineDir)) {
            throw new BadInputException(dir + " is the baseline: its report is rewritten only with --update-baseline "
                    + "(or name another --baseline)");
        }
        RunData run = RunData.read(dir);
        if (!run.hasResults()) {
            throw new BadInputException(dir + ": no results (expected stress.json, bench.json, truth.json or explore.json)");
        }
        Optional<RunData> base;
        try {
            base = baseline();
        } catch (BadInputException e) {
            if (!updateBaseline) {
                throw e;
            }
            System.err.println("pagerace: the old baseline is not compared, it is being replaced: " + e.getMessage());
            base = Optional.empty();
        }
        Optional<BaselineComparison> cmp = base.map(b -> BaselineComparison.compare(b, run));
        ReportDoc doc = ReportBuilder.build(run, base, cmp);
        ReportFiles.write(dir, doc, ReportFiles.json(run, base, cmp));
        System.out.println("report: " + dir.resolve("report.html") + " (and report.md, report.json)");
        List<Regression> regressions = cmp.map(BaselineComparison::regressions).orElse(List.of());
        if (base.isEmpty()) {
            System.out.println("no baseline: nothing compared");
        } else {
            print(regressions, base.get().dir());
        }
        if (updateBaseline) {
            Path target = baselineDir;
            List<String> copied = Baseline.replace(dir, target);
            System.out.println("baseline " + target + " replaced by " + dir + ": " + String.join(", ", copied)
                    + (regressions.isEmpty() ? "" : " (the regressions above are accepted)"));
            return 0;
        }
        return regressions.isEmpty() ? 0 : 1;
    }

    private int merged() {
        if (updateBaseline) {
            throw new BadInputException("--update-baseline takes one run folder, not --merge");
        }
        List<RunData> runs = new ArrayList<>();
        for (Path p : merge) {
            RunData r = RunData.read(p);
            if (!r.hasResults()) {
                throw new BadInputException(p + ": no results (expected stress.json, bench.json, truth.json or explore.json)");
            }
            runs.add(r);
        }
        Path out = runDir != null ? runDir : results.resolve("runs").resolve(RunFolder.defaultName("merged"));
        RunFolder.create(out, results);
        List<Regression> regressions = new ArrayList<>();
        Optional<RunData> base = baseline != null ? baseline() : Optional.empty();
        base.ifPresent(b -> runs.forEach(r -> BaselineComparison.compare(b, r).regressions().forEach(x ->
                regressions.add(new Regression(x.kind(), x.convention(), x.race(), x.backing(),
                        "on " + MergeReport.label(r) + ": " + x.what())))));
        MergeReport report = new MergeReport(runs);
        List<Regression> problems = report.problems();
        ReportDoc doc = report.build(regressions, base.isPresent());
        List<Regression> all = new ArrayList<>(problems);
        all.addAll(regressions);
        ReportFile json = ReportFiles.mergedJson(runs, base, all);
        ReportFiles.write(out, doc, json);
        System.out.println("merged report of " + runs.size() + " runs: " + out.resolve("report.html")
                + " (and report.md, report.json)");
        if (!problems.isEmpty()) {
            System.out.println(problems.size() + " test(s) whose grading does not hold:");
            problems.forEach(p -> System.out.println("  " + p.kind() + " " + p));
        }
        base.ifPresent(b -> print(regressions, b.dir()));
        return all.isEmpty() ? 0 : 1;
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return Files.isDirectory(a) && Files.isDirectory(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static void print(List<Regression> regressions, Path baselineDir) {
        if (regressions.isEmpty()) {
            System.out.println("no regression against " + baselineDir);
            return;
        }
        System.out.println(regressions.size() + " regression(s) against " + baselineDir + ":");
        regressions.forEach(r -> System.out.println("  " + r.kind() + " " + r));
    }

    /** The explicit baseline (which must hold results), else results/baseline/ if it holds any. */
    private Optional<RunData> baseline() {
        if (baseline != null) {
            if (!Files.isDirectory(baseline)) {
                throw new BadInputException("baseline " + baseline + " does not exist");
            }
            RunData b = RunData.read(baseline);
            if (!b.hasResults()) {
                throw new BadInputException("baseline " + baseline
                        + ": no results (expected stress.json, bench.json, truth.json or explore.json)");
            }
            return Optional.of(b);
        }
        Path d = results.resolve("baseline");
        return Files.isDirectory(d) && RunData.looksLikeRun(d) ? Optional.of(RunData.read(d)) : Optional.empty();
    }

    /** The newest folder under results/runs/ that holds results (by name: they start with their UTC time). */
    private Path newestRun() {
        Path runs = results.resolve("runs");
        if (!Files.isDirectory(runs)) {
            throw new BadInputException("no run folder: " + runs + " does not exist (run scripts/stress first, or name one)");
        }
        try (Stream<Path> s = Files.list(runs)) {
            return s.filter(Files::isDirectory).filter(RunData::looksLikeRun)
                    .max(Comparator.comparing((Path p) -> p.getFileName().toString()))
                    .orElseThrow(() -> new BadInputException("no run folder with results under " + runs
                            + " (run scripts/stress first, or name one)"));
        } catch (IOException e) {
            throw new BadInputException("cannot list " + runs + ": " + e.getMessage());
        }
    }
}
