package org.pagerace.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.pagerace.check.Race;
import org.pagerace.fs.Convention;
import org.pagerace.fs.Conventions;
import org.pagerace.mm.Era;
import org.pagerace.report.BadInputException;
import org.pagerace.report.EnvInfo;
import org.pagerace.report.RunFolder;
import org.pagerace.stress.OneConfigJcstress;
import org.pagerace.stress.StressReport;
import org.pagerace.stress.StressResults;
import org.pagerace.stress.StressTest;
import org.pagerace.stress.SuiteNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pagerace stress}: the JCStress suite over the (convention × race × backing) matrix, in JCStress forks,
 * then its results (read with JCStress's own classes) as {@code stress.json}, {@code junit.xml} and the verdict
 * matrix. Exit 0 when every test's grading holds, 1 naming the tests where not, 2 on a usage error; a run in which
 * JCStress ran no test is an error.
 */
@Command(name = "stress", mixinStandardHelpOptions = true,
        description = "Run the JCStress suite (convention × race × backing) and grade it.")
final class StressCommand implements Callable<Integer> {
    private static final Set<String> MODES = Set.of("sanity", "quick", "default", "tough", "stress");

    @Option(names = "--mode", paramLabel = "MODE", description = "sanity, quick (default), default, tough")
    String mode = "quick";

    @Option(names = "--convention", split = ",", paramLabel = "ID", description = "conventions (default: all)")
    List<String> conventions = new ArrayList<>();

    @Option(names = "--race", split = ",", paramLabel = "ID", description = "races (default: all)")
    List<String> races = new ArrayList<>();

    @Option(names = "--backing", paramLabel = "KIND", description = "model, file or both (default)")
    String backing = "both";

    @Option(names = "--fs", paramLabel = "DIR", description = "directory for the file backing (default: temp dir)")
    Path fs = Path.of(System.getProperty("java.io.tmpdir"));

    @Option(names = "--era", paramLabel = "ERA", description = "modern (default) or 2.6.37")
    String era = "modern";

    @Option(names = "--all-jvm-configs",
            description = "every JVM configuration JCStress knows (default: one: the JDK's defaults, no split "
                    + "compilation, no stress forks, no biased-locking variant)")
    boolean allJvmConfigs;

    @Option(names = "--out", paramLabel = "DIR", description = "run folder (default: results/runs/<UTC>-<host>)")
    Path out;

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
        List<String> conv = conventions.isEmpty() ? Conventions.ids() : checkConventions(conventions);
        List<String> rac = races.isEmpty() ? allRaces() : races.stream().map(r -> Race.byId(r).id())
                .collect(Collectors.toList());
        List<String> backs = backings();
        EnvInfo.checkDir(fs);
        String problem = EnvInfo.probe(fs);
        if (problem != null && backs.contains("file")) {
            throw new BadInputException("--fs " + fs + ": " + problem);
        }
        String regex;
        if (ciSlice) {
            mode = "sanity";
            regex = "ShimSmoke|" + slice();
        } else {
            regex = regex(conv, rac, backs);
        }
        RunFolder run = RunFolder.create(out, results);
        var env = EnvInfo.document(fs, "stress " + mode);
        env.put("era", e.id());
        run.writeJson("env.json", env);
        System.out.printf("pagerace stress: %s mode, %s era, %s, files in %s (%s)%n", mode, e.id(),
                ciSlice ? "the CI slice (ShimSmoke; sigbus and invalidate-lock × punch-hole)"
                        : conv.size() + " conventions × " + rac.size() + " races × " + String.join("+", backs),
                fs, env.get("fs_type").asText());
        System.out.println("run folder: " + run.dir());
        long t0 = System.nanoTime();
        int jcstressExit = runJcstress(run, regex, e);
        double wall = (System.nanoTime() - t0) / 1e9;
        StressResults results = StressResults.read(run.dir(), e.id());
        List<StressTest> tests = results.tests();
        run.writeJson("stress.json", StressReport.json(tests, mode, e.id(), !noDelays, seed, wall));
        run.writeText("junit.xml", StressReport.junitXml(tests, wall));
        System.out.print(StressReport.matrix(tests));
        System.out.printf("%nwall time %.0f s; results in %s (stress.json, junit.xml, jcstress/index.html)%n",
                wall, run.dir());
        return verdict(tests, results.otherFailures(), jcstressExit, ciSlice ? SLICE_TESTS : expectedTests(conv, rac, backs));
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

    private int runJcstress(RunFolder run, String regex, Era e) throws IOException, InterruptedException {
        String props = "-Dpagerace.era=" + e.id() + " -Dpagerace.fs=" + fs.toAbsolutePath() + " -Dpagerace.seed="
                + seed + (noDelays ? " -Dpagerace.delays=off" : "");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                allJvmConfigs ? "org.openjdk.jcstress.Main" : OneConfigJcstress.class.getName(),
                "-t", regex, "-m", mode, "-r", run.file("jcstress").toAbsolutePath().toString(),
                "-strideCount", String.valueOf(STRIDE_COUNT)));
        if (allJvmConfigs) {
            cmd.addAll(List.of("-jvmArgsPrepend", props));
        } else {
            cmd.addAll(List.of("-jvmArgs", props, "-sc", "false", "-fsm", "0"));
        }
        Process p = new ProcessBuilder(cmd).directory(run.dir().toFile()).redirectErrorStream(true).start();
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
                    System.out.println("  " + l.replaceFirst("^\\.*\\s*", "").replace(SuiteNames.PACKAGE + ".", "")
                            + "  " + lastEta);
                }
            }
        }
        return p.waitFor();
    }

    private List<String> backings() {
        switch (backing) {
            case "both":
                return List.of("model", "file");
            case "model":
            case "file":
                return List.of(backing);
            default:
                throw new IllegalArgumentException("unknown backing '" + backing + "' (valid: model, file, both)");
        }
    }

    private static List<String> checkConventions(List<String> names) {
        List<String> ids = new ArrayList<>();
        Set<String> builtIn = new LinkedHashSet<>(Conventions.ids());
        for (String n : names) {
            Convention c = Conventions.byName(n);
            if (!builtIn.contains(c.id())) {
                throw new BadInputException("convention " + n + " has no generated JCStress tests (only the registered "
                        + "ones do); race it with: pagerace run --convention " + n + " --race ID --repeat 100000");
            }
            ids.add(c.id());
        }
        return ids;
    }

    private static List<String> allRaces() {
        List<String> ids = new ArrayList<>();
        for (Race r : Race.values()) {
            ids.add(r.id());
        }
        return ids;
    }

    private static String regex(List<String> conv, List<String> rac, List<String> backs) {
        return "\\Q" + SuiteNames.PACKAGE + ".\\E("
                + conv.stream().map(SuiteNames::className).collect(Collectors.joining("|")) + ")Tests\\.("
                + rac.stream().map(SuiteNames::className).collect(Collectors.joining("|")) + ")_("
                + backs.stream().map(SuiteNames::className).collect(Collectors.joining("|")) + ")$";
    }

    /** Generated tests in the CI slice. */
    private static final int SLICE_TESTS = 4;

    /** The CI slice: a known-broken and a correct convention against punch-hole, each on both backings. */
    private static String slice() {
        return regex(List.of("sigbus", "invalidate-lock"), List.of("punch-hole"), List.of("model", "file"));
    }

    private static int expectedTests(List<String> conv, List<String> rac, List<String> backs) {
        return conv.size() * rac.size() * backs.size();
    }
}
