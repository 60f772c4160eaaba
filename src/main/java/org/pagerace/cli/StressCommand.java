package org.pagerace.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.pagerace.check.Race;
import org.pagerace.env.EnvInfo;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;
import org.pagerace.mm.Era;
import org.pagerace.results.BadInputException;
import org.pagerace.results.EnvFile;
import org.pagerace.results.RunFolder;
import org.pagerace.stress.EnvironmentErrors;
import org.pagerace.stress.OneConfigJcstress;
import org.pagerace.stress.RunPlan;
import org.pagerace.stress.StressReport;
import org.pagerace.stress.StressResults;
import org.pagerace.stress.StressTest;
import org.pagerace.stress.SuiteNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pagerace stress}: the JCStress suite over the (filesystem model × race × backing) matrix, in JCStress
 * forks: it plans the matrix ({@link RunPlan}, written to the run folder and read by every fork), runs the planned
 * slots, and reads the results with JCStress's own classes into {@code stress.json}, {@code junit.xml} and the
 * verdict matrix. Exit 0 when every test's grading holds, 1 naming the tests where not, 2 on a usage error; a run in which
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
        List<String> backs = backings();
        List<RunPlan.Test> plan = ciSlice ? slicePlan() : RunPlan.plan(chosen, rac, backs, e);
        if (plan.isEmpty()) {
            throw new IllegalArgumentException("nothing to run: no race applies to the models chosen");
        }
        EnvInfo.checkDir(fs);
        String problem = EnvInfo.probe(fs);
        if (problem != null && plan.stream().anyMatch(t -> "file".equals(t.backing()))) {
            throw new BadInputException("--fs " + fs + ": " + problem);
        }
        if (ciSlice) {
            mode = "sanity";
        }
        String regex = (ciSlice ? "ShimSmoke|" : "") + SuiteNames.regex(plan.stream().map(RunPlan.Test::slot).toList());
        if (out != null) {
            OutFolder.claim(out, force);
        }
        RunFolder run = RunFolder.create(out, results);
        EnvFile env = EnvInfo.document(fs, "stress " + mode).withEra(e.id());
        run.write(env);
        Path planFile = run.file("plan.json");
        OutFolder.writing(run.dir(), () -> {
            run.writeJson("env.json", env);
            RunPlan.write(plan, planFile);
        });
        System.out.printf("pagerace stress: %s mode, %s era, %s, files in %s (%s)%n", mode, e.id(),
                ciSlice ? "the CI slice (ShimSmoke; seed2010/sigbus and ext4 × punch-hole)"
                        : plan.size() + " tests: " + plan.stream().map(RunPlan.Test::model).distinct().count()
                                + " models × up to " + rac.size() + " races × " + (backs == null ? "model (+file for the seed handlers and "
                                + "the newest versions)" : String.join("+", backs)),
                fs, env.fsType());
        System.out.println("run folder: " + run.dir());
        long t0 = System.nanoTime();
        int jcstressExit = runJcstress(run, regex, planFile, plan);
        double wall = (System.nanoTime() - t0) / 1e9;
        String environment = EnvironmentErrors.first(run.file(EnvironmentErrors.FILE));
        if (environment == null) {
            environment = OutFolder.environmentError(run.file("jcstress.log"));
        }
        if (environment != null) {
            throw new BadInputException(environment);
        }
        StressResults results = StressResults.read(run.dir(), plan);
        List<StressTest> tests = results.tests();
        run.writeJson("stress.json", StressReport.json(tests, mode, e.id(), !noDelays, seed, wall));
        run.writeText("junit.xml", StressReport.junitXml(tests, wall));
        System.out.print(StressReport.matrix(tests));
        System.out.printf("%nwall time %.0f s; results in %s (stress.json, junit.xml, jcstress/index.html)%n",
                wall, run.dir());
        return verdict(tests, results.otherFailures(), jcstressExit, plan.size());
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

    /**
     * One stride (256 samples) per JCStress epoch instead of 40. JCStress keeps an epoch's samples alive at once, so
     * a file-backed fork holds that many files: 10,240 files cost 4 s to create on ext4 (375 µs each, O_TMPFILE),
     * 256 cost 0.1 s. The per-sample rendezvous in {@code RaceState} makes the longer epochs useless anyway: JCStress
     * needs them to line its actors up, we do that per sample.
     */
    private static final int STRIDE_COUNT = 1;

    private int runJcstress(RunFolder run, String regex, Path planFile, List<RunPlan.Test> plan)
            throws IOException, InterruptedException {
        String user = Filesystems.userClassPath();
        String props = "-D" + RunPlan.PROPERTY + "=" + planFile.toAbsolutePath() + " -Dpagerace.fs=" + fs.toAbsolutePath()
                + " -Dpagerace.seed=" + seed + (noDelays ? " -Dpagerace.delays=off" : "")
                + " -D" + EnvironmentErrors.PROPERTY + "=" + run.file(EnvironmentErrors.FILE).toAbsolutePath()
                + (user.isEmpty() ? "" : " -D" + Filesystems.CLASSPATH_PROPERTY + "=" + absolute(user));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", absolute(System.getProperty("java.class.path")),
                allJvmConfigs ? "org.openjdk.jcstress.Main" : OneConfigJcstress.class.getName(),
                "-t", regex, "-m", mode, "-r", run.file("jcstress").toAbsolutePath().toString(),
                "-strideCount", String.valueOf(STRIDE_COUNT)));
        if (allJvmConfigs) {
            cmd.addAll(List.of("-jvmArgsPrepend", props));
        } else {
            cmd.addAll(List.of("-jvmArgs", props, "-sc", "false", "-fsm", "0"));
        }
        Process p = new ProcessBuilder(cmd).directory(run.dir().toFile()).redirectErrorStream(true).start();
        Thread stopJcstress = new Thread(() -> stopTree(p), "pagerace-stop-jcstress");
        Runtime.getRuntime().addShutdownHook(stopJcstress);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(run.file("jcstress.log")))) {
            String line;
            String lastEta = "";
            while ((line = in.readLine()) != null) {
                log.println(line);
                String l = line.trim();
                if (l.startsWith("(ETA")) {
                    lastEta = l;
                } else if (l.startsWith("(Results:")) {
                    System.out.println("  " + l + " " + lastEta);
                } else if (l.matches("^\\.*\\s*\\[(OK|FAILED|ERROR)\\].*")) {
                    System.out.println("  " + describe(l.replaceFirst("^\\.*\\s*", ""), plan) + "  " + lastEta);
                }
            }
        }
        int rc = p.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(stopJcstress);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it stops the tree
        }
        return rc;
    }

    /**
     * Stops the JCStress JVM and its forks (SIGTERM, then SIGKILL after 10 s) and waits for them: run from a
     * shutdown hook, so that SIGINT or SIGTERM to this JVM leaves no JCStress process writing results behind it.
     */
    static void stopTree(Process p) {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.add(p.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                h.destroyForcibly();
            } catch (InterruptedException e) {
                h.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
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

    /** A progress line with the slot's test named: {@code [OK] ext4@6.12 × punch-hole [model]}. */
    private static String describe(String line, List<RunPlan.Test> plan) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Slots\\.Slot_(\\d+)").matcher(line);
        if (!m.find()) {
            return line;
        }
        int slot = Integer.parseInt(m.group(1));
        if (slot >= plan.size()) {
            return line;
        }
        RunPlan.Test t = plan.get(slot);
        return line.substring(0, m.start()).replace(SuiteNames.SLOTS_CLASS.replace("Slots", ""), "")
                + t.model() + " × " + t.race() + " [" + t.backing() + "]" + line.substring(m.end());
    }

    private static String absolute(String classPath) {
        return java.util.Arrays.stream(classPath.split(java.io.File.pathSeparator)).filter(p -> !p.isEmpty())
                .map(p -> Path.of(p).toAbsolutePath().toString()).collect(Collectors.joining(java.io.File.pathSeparator));
    }

    /** The CI slice: a known-broken and a correct model against punch-hole, each on both backings. */
    private static List<RunPlan.Test> slicePlan() {
        return RunPlan.plan(List.of(Filesystems.resolve("seed2010/sigbus"), Filesystems.resolve("ext4")),
                List.of(Race.PUNCH_HOLE), List.of("model", "file"), Era.MODERN);
    }
}
