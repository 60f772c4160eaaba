package org.pagerace.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.pagerace.check.Race;
import org.pagerace.env.EnvInfo;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;
import org.pagerace.history.Bug;
import org.pagerace.history.HistoryTable;
import org.pagerace.mm.Era;
import org.pagerace.results.BadInputException;
import org.pagerace.results.EnvFile;
import org.pagerace.results.PlanFile;
import org.pagerace.results.RunFolder;
import org.pagerace.results.StressFile;
import org.pagerace.results.TestKey;
import org.pagerace.stress.Batches;
import org.pagerace.stress.EnvironmentErrors;
import org.pagerace.stress.JcstressRun;
import org.pagerace.stress.RunPlan;
import org.pagerace.stress.StressReport;
import org.pagerace.stress.StressResults;
import org.pagerace.stress.StressTest;
import org.pagerace.stress.SuiteNames;
import org.pagerace.stress.TimeBudget;
import org.pagerace.stress.TopUp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pagerace stress}: the JCStress suite over the (filesystem model × race × backing) matrix and the history
 * pairs ({@link HistoryTable}: history sits above stress, so the plan is composed here), in JCStress forks: it plans
 * the tests and their samples ({@link RunPlan}), fits them into a {@code --time-budget} if one is given
 * ({@link TimeBudget}), cuts them into batches of several tests per fork ({@link Batches}), writes the plan to the
 * run folder (read by every fork), runs JCStress's own {@code Main} ({@link JcstressRun}), and reads the results
 * with JCStress's own classes into {@code stress.json}, {@code junit.xml} and the verdict matrix. Exit 0 when every test's grading holds, 1 naming the tests where not, 2 on a usage error; a run in which
 * JCStress ran no test is an error.
 */
@Command(name = "stress", mixinStandardHelpOptions = true,
        description = "Run the JCStress suite (filesystem model × race × backing) and grade it.")
final class StressCommand implements Callable<Integer> {
    private static final Set<String> MODES = Set.of("sanity", "quick", "default", "tough", "stress");

    @Option(names = "--mode", paramLabel = "MODE", description = "sanity, quick (default), default, tough")
    String mode = "quick";

    @Option(names = {"--fs-model", "--convention"}, split = ",", paramLabel = "MODEL",
            description = "filesystem models: fs@version, fs (its newest), fs@RELEASE, a seed handler, or your class "
                    + "(default: every version of every filesystem and the seed handlers)")
    List<String> models = new ArrayList<>();

    @Option(names = "--classpath", paramLabel = "PATH",
            description = "directories and jars with your own models (also PAGERACE_CLASSPATH)")
    String classpath;

    @Option(names = "--race", split = ",", paramLabel = "ID", description = "races (default: all)")
    List<String> races = new ArrayList<>();

    @Option(names = "--backing", paramLabel = "KIND",
            description = "model, file, both, or default: the model backing for every test, the file backing too "
                    + "for the seed handlers and each filesystem's newest version")
    String backing = "default";

    @Option(names = "--fs", paramLabel = "DIR", description = "directory for the file backing (default: temp dir)")
    Path fs = Path.of(System.getProperty("java.io.tmpdir"));

    @Option(names = "--era", paramLabel = "ERA",
            description = "the caller of the seed filesystem's handlers: modern (default) or 2.6.37")
    String era = "modern";

    @Option(names = "--all-jvm-configs",
            description = "every JVM configuration JCStress knows (default: one: the JDK's defaults, no split "
                    + "compilation, no stress forks, no biased-locking variant)")
    boolean allJvmConfigs;

    @Option(names = "--out", paramLabel = "DIR", description = "run folder (default: results/runs/<UTC>-<host>); "
            + "refused if it already holds results, unless --force")
    Path out;

    @Option(names = "--force", description = "with --out: reuse a folder that holds results (its earlier results are removed first)")
    boolean force;

    @Option(names = "--results", paramLabel = "DIR", description = "results root (default: results)", hidden = true)
    Path results = Path.of("results");

    @Option(names = "--no-delays", description = "no delay injection (at the named points, and the actors' start "
            + "skew): rare windows stay rare, and a known bug may go MISSED")
    boolean noDelays;

    @Option(names = "--seed", paramLabel = "N", description = "delay-injection seed (default 1)")
    long seed = 1;

    @Option(names = "--time-budget", paramLabel = "TIME",
            description = "spend about this much wall time (90s, 2m, 1h; plain seconds): the whole plan with more "
                    + "samples if it fits, else the tests that protect most (known bugs and history pairs, then the "
                    + "model backing, then the file backing); stress.json says what it covered")
    String timeBudget;

    @Option(names = "--rates", paramLabel = "FILE", description = "the stress.json whose measured rates decide each "
            + "test's samples (default: results/baseline/stress.json; none: every test at the floor or the assumed "
            + "rate)")
    Path rates;

    @Option(names = "--no-history", description = "leave the history pairs out of the default plan")
    boolean noHistory;

    @Option(names = "--ci-slice", description = "the sanity-mode slice the test command runs", hidden = true)
    boolean ciSlice;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("unknown mode '" + mode + "' (valid: sanity, quick, default, tough)");
        }
        Era e = Era.byId(era);
        Filesystems.useClassPath(classpath);
        List<Model> chosen = models.isEmpty() ? Filesystems.all()
                : models.stream().map(Filesystems::resolve).distinct().collect(Collectors.toList());
        List<Race> rac = races.isEmpty() ? List.of(Race.values())
                : races.stream().map(Race::byId).collect(Collectors.toList());
        for (Race r : rac) {
            if (!races.isEmpty() && r.actors() > 2) {
                throw new IllegalArgumentException("--race " + r.id() + " has " + r.actors() + " actors; the JCStress "
                        + "suite runs two (" + r.suiteRuns() + "; use explore or run --repeat)");
            }
        }
        List<String> backs = backings();
        if (ciSlice) {
            mode = "sanity";
        }
        Double budget = timeBudget == null ? null : parseDuration(timeBudget);
        Function<TestKey, StressFile.Test> measured = measuredRates();
        List<PlanFile.Test> tests = ciSlice ? slicePlan()
                : RunPlan.plan(chosen, rac, backs, e, mode, noHistory ? List.of() : historyPairs(chosen, rac), measured);
        if (tests.isEmpty()) {
            throw new IllegalArgumentException("nothing to run: no race applies to the models chosen");
        }
        TimeBudget.Fit fit = budget == null ? null : TimeBudget.fit(tests, budget, Batches.TARGET_SECONDS);
        if (fit != null) {
            tests = fit.tests();
        }
        if (!"sanity".equals(mode)) {
            tests = Batches.atLeastMinimum(tests, Batches.TARGET_SECONDS * (fit == null ? 1 : fit.scale()));
        }
        // a budget's spare time makes each test longer, not the forks more
        // sanity mode samples a handful per fork: one test per slot, so that each test is sampled at all
        PlanFile plan = "sanity".equals(mode) ? RunPlan.onePerSlot(tests) : new PlanFile(tests,
                Batches.cut(tests, Batches.TARGET_SECONDS * (fit == null ? 1 : fit.scale())));
        List<PlanFile.Batch> batches = plan.batches();
        double batchSeconds = batches.stream().mapToDouble(PlanFile.Batch::seconds).max().orElse(0);
        EnvInfo.checkDir(fs);
        String problem = EnvInfo.probe(fs);
        if (problem != null && plan.running().stream().anyMatch(t -> "file".equals(t.backing()))) {
            throw new BadInputException("--fs " + fs + ": " + problem);
        }
        if (out != null) {
            OutFolder.claim(out, force);
        }
        RunFolder run = RunFolder.create(out, results);
        EnvFile env = EnvInfo.document(fs, "stress " + mode).withEra(e.id());
        Path planFile = run.file(PlanFile.SCHEMA.fileName());
        OutFolder.writing(run.dir(), () -> {
            run.write(env);
            run.write(plan);
        });
        List<PlanFile.Test> running = plan.running();
        long history = running.stream().filter(t -> t.history() != null).count();
        System.out.printf("pagerace stress: %s mode, %s era, %s, files in %s (%s)%n", mode, e.id(),
                ciSlice ? "the CI slice (ShimSmoke; seed2010/sigbus and ext4 × punch-hole)"
                        : running.size() + " tests (" + history + " of them history pairs): "
                                + running.stream().map(PlanFile.Test::model).distinct().count()
                                + " models × up to " + rac.size() + " races × " + (backs == null ? "model (+file: "
                                + ("quick".equals(mode) ? "the newest version of " + RunPlan.FILE_SUBSET_FS + " × "
                                + RunPlan.FILE_SUBSET_RACES.stream().map(Race::id).collect(Collectors.joining(","))
                                + ", the seed handlers × punch-hole)" : "every test)") : String.join("+", backs)),
                fs, env.fsType());
        System.out.printf(Locale.ROOT, "sampling: %,d samples in %d batches of about %.0f s (%d JVM configurations "
                        + "each), expected wall about %.0f s%s%n",
                running.stream().mapToLong(PlanFile.Test::samplesTarget).sum(), batches.size(), batchSeconds,
                TimeBudget.CONFIGS, TimeBudget.expectedSeconds(running, Batches.TARGET_SECONDS),
                fit == null ? "" : String.format(Locale.ROOT, "; time budget %.0f s: %d of %d tests%s", budget,
                        running.size(), tests.size(), fit.scale() > 1
                                ? String.format(Locale.ROOT, ", samples ×%.2f", fit.scale()) : ""));
        System.out.println("run folder: " + run.dir());
        long t0 = System.nanoTime();
        int jcstressExit = 0;
        PlanFile whole = plan;
        List<PlanFile.Batch> pass = batches;
        long sampledBefore = 0;
        for (int p = 1; ; p++) {
            // JCStress gives every test of a run the same time: one run per backing, whose batches are equal
            boolean first = true;
            for (List<PlanFile.Batch> group : byBacking(pass)) {
                String regex = (ciSlice && p == 1 && first ? "ShimSmoke|" : "") + SuiteNames.regex(group.stream()
                        .map(PlanFile.Batch::slot).toList());
                int rc = runJcstress(run, regex, planFile, whole,
                        group.stream().mapToDouble(PlanFile.Batch::seconds).max().orElse(0));
                jcstressExit = jcstressExit != 0 ? jcstressExit : rc;
                first = false;
                if (environmentError(run) != null) {
                    break;
                }
            }
            if (environmentError(run) != null || "sanity".equals(mode) || p == TopUp.MAX_PASSES) {
                break;
            }
            List<StressTest> sofar = StressResults.read(run.dir(), whole).tests();
            long sampled = sofar.stream().mapToLong(StressTest::samples).sum();
            List<PlanFile.Test> shortfalls = TopUp.shortfalls(running, sofar);
            if (shortfalls.isEmpty() || sampled <= sampledBefore) {
                break; // done, or this pass sampled nothing (JCStress failed or was stopped): another would not help
            }
            sampledBefore = sampled;
            double elapsed = (System.nanoTime() - t0) / 1e9;
            if (budget != null && elapsed + TimeBudget.expectedSeconds(shortfalls, Batches.TARGET_SECONDS) > budget) {
                System.out.printf("%d tests short of their samples; no time left in the budget for another pass%n",
                        shortfalls.size());
                break;
            }
            pass = Batches.cut(shortfalls, Batches.TARGET_SECONDS, whole.batches().size());
            double passSeconds = pass.stream().mapToDouble(PlanFile.Batch::seconds).max().orElse(0);
            List<PlanFile.Batch> all = new ArrayList<>(whole.batches());
            all.addAll(pass);
            whole = new PlanFile(tests, all);
            PlanFile next = whole;
            OutFolder.writing(run.dir(), () -> run.write(next));
            System.out.printf(Locale.ROOT, "pass %d: %d tests short of their samples (the machine sampled slower than "
                    + "planned); topping up in %d batches of about %.0f s%n", p + 1, shortfalls.size(), pass.size(),
                    passSeconds);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        String environment = environmentError(run);
        if (environment != null) {
            throw new BadInputException(environment);
        }
        StressResults results = StressResults.read(run.dir(), whole);
        List<StressTest> graded = results.tests();
        StressFile.TimeBudget covered = fit == null ? null : new StressFile.TimeBudget(budget, fit.expectedSeconds(),
                running.size(), fit.skipped().stream().map(t -> t.model() + " × " + t.race() + " [" + t.backing()
                        + "]").toList(), fit.scale());
        run.write(StressReport.json(graded, mode, e.id(), !noDelays, seed, wall, covered));
        run.writeText("junit.xml", StressReport.junitXml(graded, wall));
        System.out.print(StressReport.matrix(graded));
        System.out.printf("%nwall time %.0f s; results in %s (stress.json, junit.xml, jcstress/index.html)%n",
                wall, run.dir());
        if (fit != null) {
            System.out.printf(Locale.ROOT, "time budget %.0f s: covered %d of %d tests%s%n", budget, running.size(),
                    tests.size(), fit.skipped().isEmpty() ? "" : " (skipped: " + covered.skipped().size()
                            + ", listed in stress.json)");
        }
        return verdict(graded, results.otherFailures(), jcstressExit, running.size());
    }

    private int verdict(List<StressTest> tests, List<String> otherFailures, int jcstressExit, int expected) {
        List<String> bad = new ArrayList<>();
        int passed = 0;
        for (StressTest t : tests) {
            StressTest.Status s = t.status();
            boolean tolerated = s == StressTest.Status.MISSED_BUG && "sanity".equals(mode);
            if (s == StressTest.Status.FAIL || s == StressTest.Status.ERROR
                    || (s == StressTest.Status.MISSED_BUG && !tolerated)) {
                bad.add(s + " " + t + (s == StressTest.Status.FAIL ? " " + t.bugsSeen() : "")
                        + (s == StressTest.Status.MISSED_BUG ? " missed " + t.bugsMissed() : ""));
            } else {
                passed++;
            }
        }
        otherFailures.forEach(f -> bad.add("FAIL " + f));
        if (tests.size() < expected) {
            bad.add("ERROR JCStress ran " + tests.size() + " of " + expected + " tests (none scheduled? see jcstress.log)");
        }
        if (bad.isEmpty() && jcstressExit != 0) {
            bad.add("ERROR JCStress exited " + jcstressExit + " (see jcstress.log)");
        }
        System.out.printf("%d passed, %d failed%n", passed, bad.size());
        bad.forEach(b -> System.out.println("  " + b));
        return bad.isEmpty() ? 0 : 1;
    }

    private static String environmentError(RunFolder run) {
        String environment = EnvironmentErrors.first(run.file(EnvironmentErrors.FILE));
        return environment != null ? environment : OutFolder.environmentError(run.file("jcstress.log"));
    }

    /** {@code batches} grouped by backing, in order of first appearance. */
    private static Collection<List<PlanFile.Batch>> byBacking(List<PlanFile.Batch> batches) {
        Map<String, List<PlanFile.Batch>> groups = new LinkedHashMap<>();
        batches.forEach(b -> groups.computeIfAbsent(b.backing(), k -> new ArrayList<>()).add(b));
        return groups.values();
    }

    private int runJcstress(RunFolder run, String regex, Path planFile, PlanFile plan, double batchSeconds)
            throws IOException, InterruptedException {
        String user = Filesystems.userClassPath();
        String props = "-D" + RunPlan.PROPERTY + "=" + planFile.toAbsolutePath() + " -Dpagerace.fs=" + fs.toAbsolutePath()
                + " -Dpagerace.seed=" + seed + (noDelays ? " -Dpagerace.delays=off" : "")
                + " -D" + EnvironmentErrors.PROPERTY + "=" + run.file(EnvironmentErrors.FILE).toAbsolutePath()
                + (user.isEmpty() ? "" : " -D" + Filesystems.CLASSPATH_PROPERTY + "=" + absolute(user));
        List<String> cmd = JcstressRun.command(absolute(System.getProperty("java.class.path")), regex, mode,
                run.file("jcstress"), batchSeconds, props, allJvmConfigs);
        return JcstressRun.run(cmd, run.dir(), run.file("jcstress.log"), line -> describe(line, plan));
    }

    /**
     * The history pairs among {@code models} and {@code races}: each side of each replayed bug, labelled, at the
     * bug's block size (a pair below a page is a test of its own).
     */
    private static List<RunPlan.Labelled> historyPairs(List<Model> models, List<Race> races) {
        List<RunPlan.Labelled> pairs = new ArrayList<>();
        for (Bug b : HistoryTable.BUGS) {
            if (!races.contains(b.partner())) {
                continue;
            }
            for (String side : new String[] {"before", "after"}) {
                Model m;
                try {
                    m = Filesystems.resolve("before".equals(side) ? b.before() : b.after());
                } catch (IllegalArgumentException notInThisBuild) {
                    continue;
                }
                if (models.stream().anyMatch(c -> c.id().equals(m.id()))) {
                    pairs.add(new RunPlan.Labelled(b.subPage() ? m.withBlockSize(b.blockSize()) : m, b.partner(),
                            b.id() + " " + side));
                }
            }
        }
        return pairs;
    }

    /**
     * The tests of {@code --rates} (default: the baseline's stress.json) by key; none with {@code --rates none} or
     * no such file.
     */
    private Function<TestKey, StressFile.Test> measuredRates() {
        if (rates != null && "none".equals(rates.toString())) {
            return k -> null;
        }
        Path file = rates != null ? rates : results.resolve("baseline").resolve(StressFile.SCHEMA.fileName());
        if (rates == null && !Files.isRegularFile(file)) {
            return k -> null;
        }
        Map<TestKey, StressFile.Test> byKey = StressFile.read(file).byKey();
        return byKey::get;
    }

    /** {@code 90}, {@code 90s}, {@code 2m}, {@code 1h} as seconds. */
    static double parseDuration(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)([smh]?)").matcher(s.trim());
        if (!m.matches() || Double.parseDouble(m.group(1)) <= 0) {
            throw new IllegalArgumentException("--time-budget '" + s + "': expected a positive duration such as 90s, "
                    + "2m or 1h");
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "m" -> v * 60;
            case "h" -> v * 3600;
            default -> v;
        };
    }

    private List<String> backings() {
        switch (backing) {
            case "default":
                return null;
            case "both":
                return List.of("model", "file");
            case "model":
            case "file":
                return List.of(backing);
            default:
                throw new IllegalArgumentException("unknown backing '" + backing + "' (valid: default, model, file, both)");
        }
    }

    /** A progress line with the slot's batch named: {@code [OK] batch 3: 25 tests (ext4@6.12 × punch-hole [model], …)}. */
    private static String describe(String line, PlanFile plan) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\S*Slots\\.Slot_(\\d+)").matcher(line);
        if (!m.find()) {
            return line;
        }
        int slot = Integer.parseInt(m.group(1));
        PlanFile.Batch b = plan.batches().stream().filter(x -> x.slot() == slot).findFirst().orElse(null);
        if (b == null) {
            return line;
        }
        PlanFile.Test first = plan.tests().get(b.shares().get(0).test());
        return line.substring(0, m.start()) + "batch " + slot + ": " + b.shares().size() + " " + b.backing()
                + " tests (" + first.model() + " × " + first.race() + (b.shares().size() > 1 ? ", …" : "") + ")"
                + line.substring(m.end());
    }

    private static String absolute(String classPath) {
        return java.util.Arrays.stream(classPath.split(java.io.File.pathSeparator)).filter(p -> !p.isEmpty())
                .map(p -> Path.of(p).toAbsolutePath().toString()).collect(Collectors.joining(java.io.File.pathSeparator));
    }

    /** The CI slice: a known-broken and a correct model against punch-hole, each on both backings. */
    private static List<PlanFile.Test> slicePlan() {
        return RunPlan.plan(List.of(Filesystems.resolve("seed2010/sigbus"), Filesystems.resolve("ext4")),
                List.of(Race.PUNCH_HOLE), List.of("model", "file"), Era.MODERN, "sanity", List.of(), k -> null);
    }
}
