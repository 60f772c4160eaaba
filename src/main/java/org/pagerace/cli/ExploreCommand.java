package org.pagerace.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.pagerace.check.Grading;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.env.EnvInfo;
import org.pagerace.explore.Exploration;
import org.pagerace.explore.ExploreReport;
import org.pagerace.explore.Explorer;
import org.pagerace.explore.StressCrossCheck;
import org.pagerace.explore.Trace;
import org.pagerace.explore.TracePicture;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;
import org.pagerace.mm.Era;
import org.pagerace.results.EnvFile;
import org.pagerace.results.ExploreFile;
import org.pagerace.results.RunFolder;
import org.pagerace.results.StressFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pagerace explore}: every interleaving of the named points up to a preemption bound, for one
 * (filesystem model, race, era) or the whole matrix ({@code --all}), with the reachable outcomes, the shortest trace of
 * each bug outcome (timeline, replay command, optional PNG), and {@code explore.json}; {@code --cross-check} compares
 * with a stress run.
 */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = "Explore every interleaving of the named points up to a preemption bound; print the reachable "
                + "outcomes and, for each bug outcome, its shortest trace and the command that replays it.")
final class ExploreCommand implements Callable<Integer> {
    @Mixin
    ModelOption modelOption;

    @Option(names = "--race", paramLabel = "ID", description = "race partner id")
    String race;

    @Mixin
    BackingOption backingOption;

    @Option(names = "--bound", paramLabel = "K",
            description = "preemption bound (default " + Explorer.DEFAULT_BOUND + ")")
    int bound = Explorer.DEFAULT_BOUND;

    @Option(names = "--png", paramLabel = "DIR", description = "draw each bug trace as a PNG into DIR")
    Path png;

    @Option(names = "--all", description = "explore every filesystem model × race (the seed filesystem under both eras); write explore.json")
    boolean all;

    @Option(names = "--out", paramLabel = "DIR",
            description = "run folder for explore.json (default: the --cross-check folder, else results/runs/<new>)")
    Path out;

    @Option(names = "--cross-check", paramLabel = "RUN_DIR",
            description = "compare with RUN_DIR/stress.json: findings (stress outcomes exploration cannot reach) "
                    + "and blind spots (reachable bugs stress never saw); without --all and --convention, explore "
                    + "the tests stress ran")
    Path crossCheck;

    @Option(names = "--no-spin-reduction",
            description = "switch away from a spinning retry loop only after FAIRNESS steps (slower; same outcomes)")
    boolean noSpinReduction;

    private record Test(Model model, Race race, Era era) {
    }

    @Override
    public Integer call() {
        if (bound < 0) {
            throw new IllegalArgumentException("--bound must be at least 0, not " + bound);
        }
        String backing = backingOption.checked();
        Path fs = backingOption.fs;
        List<StressFile.Test> stress = crossCheck == null ? null : StressCrossCheck.read(crossCheck);
        List<Test> tests = tests(stress);
        boolean matrix = all || (crossCheck != null && modelOption.spec == null);
        boolean json = matrix || crossCheck != null || out != null;
        RunFolder folder = json ? RunFolder.create(out != null ? out : crossCheck, Path.of("results")) : null;
        Path pictures = png != null ? png : folder != null ? folder.file("explore-traces") : null;

        List<Exploration> done = new ArrayList<>();
        Map<Trace, String> pictureFiles = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        try (Explorer explorer = new Explorer(bound, Explorer.DEFAULT_STEP_CAP, !noSpinReduction, backing, fs)) {
            if (matrix) {
                System.out.printf("%-28s %-17s %-7s %9s %9s  %s%n", "model", "race", "era", "runs", "runs/s",
                        "bug outcomes reachable");
            }
            for (Test t : tests) {
                Exploration x = explorer.explore(t.model(), t.race(), t.era());
                done.add(x);
                if (matrix) {
                    System.out.printf("%-28s %-17s %-7s %9d %9.0f  %s%s%n", t.model().id(), t.race().id(),
                            t.era().id(), x.interleavings(), x.rate(),
                            x.bugIds().isEmpty() ? "-" : String.join(" ", x.bugIds()),
                            x.complete() ? "" : "  (INCOMPLETE: " + x.capped() + " run timed out)");
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        if (pictures != null) {
            List<Runnable> drawings = new ArrayList<>();
            for (Exploration x : done) {
                for (Trace t : x.bugs()) {
                    Path file = pictures.resolve(ExploreReport.pictureName(x, t));
                    List<String> title = ExploreReport.title(x, t, backingOption.fileDir());
                    drawings.add(() -> TracePicture.write(t, title, x.race().actorNames(), ExploreReport.lanes(x),
                            file));
                    pictureFiles.put(t, relative(folder, file));
                }
            }
            drawings.parallelStream().forEach(Runnable::run);
        }
        double drawing = (System.nanoTime() - t1) / 1e9;
        long total = 0;
        double exploring = 0;
        double checking = 0;
        int unreplayable = 0;
        for (Exploration x : done) {
            total += x.interleavings();
            exploring += x.seconds();
            checking += x.checkSeconds();
            for (Trace t : x.bugs()) {
                unreplayable += Boolean.TRUE.equals(t.replays()) ? 0 : 1;
            }
        }
        if (!matrix) {
            for (Exploration x : done) {
                printOne(x, pictureFiles);
            }
        }
        System.out.printf("%n%d interleavings in %.2f s (%.0f/s), bound %d, %s backing%s%n", total, exploring,
                total / exploring, bound, backing, noSpinReduction ? ", no spin reduction" : "");
        System.out.printf("bug traces replayed and shortened in %.2f s%s; %.2f s in all%n", checking,
                pictureFiles.isEmpty() ? "" : String.format(", drawn in %.2f s", drawing), seconds + drawing);

        if (unreplayable > 0) {
            System.out.printf("WARNING: %d bug trace(s) did not replay exactly (see \"replays\" in explore.json)%n",
                    unreplayable);
        }

        StressCrossCheck.Result cross = stress == null ? null
                : StressCrossCheck.compare(crossCheck.resolve(StressFile.SCHEMA.fileName()), stress, done);
        if (cross != null) {
            printCrossCheck(cross);
        }
        if (folder != null) {
            folder.write(ExploreReport.document(done, pictureFiles, backingOption.fileDir(), bound, backing,
                    !noSpinReduction, exploring, checking, seconds + drawing, cross));
            if (!Files.exists(folder.file(EnvFile.SCHEMA.fileName()))) {
                folder.write(EnvInfo.document(fs, "explore"));
            }
            System.out.println("wrote " + folder.file(ExploreFile.SCHEMA.fileName())
                    + (pictureFiles.isEmpty() ? "" : " and " + pictureFiles.size() + " trace pictures in " + pictures));
        }
        return Grading.exitCode(done.stream().map(x -> new Grading.Reached(x.model(), x.race(), x.outcomes()
                .keySet().stream().map(Outcome::valueOf).toList())).toList(), System.out);
    }

    private List<Test> tests(List<StressFile.Test> stress) {
        String spec = modelOption.spec;
        if (all && (spec != null || race != null)) {
            throw new IllegalArgumentException("--all explores every model and race; drop --fs-model/--race");
        }
        List<Test> tests = new ArrayList<>();
        if (all) {
            for (Model unsized : Filesystems.all()) {
                Model m = modelOption.blockSized(unsized);
                for (Race r : Race.values()) {
                    if (!r.appliesTo(m)) {
                        continue;
                    }
                    for (Era e : m.eraSelectable() && modelOption.era == null ? List.of(Era.values())
                            : List.of(modelOption.era(m))) {
                        tests.add(new Test(m, r, e));
                    }
                }
            }
            return tests;
        }
        if (spec == null && race == null && stress != null) {
            Set<String> seen = new LinkedHashSet<>();
            for (StressFile.Test s : stress) {
                if (!seen.add(StressCrossCheck.key(s)) || (modelOption.era != null && !modelOption.era.equals(s.era()))) {
                    continue;
                }
                try {
                    tests.add(new Test(Filesystems.resolve(s.model()), Race.byId(s.race()), Era.byId(s.era())));
                } catch (IllegalArgumentException e) {
                    System.err.println("pagerace: skipping stress test " + s.model() + " × " + s.race() + " ("
                            + s.era() + "): " + e.getMessage());
                }
            }
            return tests;
        }
        if (spec == null || race == null) {
            throw new IllegalArgumentException("give --fs-model and --race, or --all");
        }
        Model m = modelOption.model();
        Race r = Race.byId(race);
        if (!r.appliesTo(m)) {
            throw new IllegalArgumentException(m.id() + " × " + r.id() + " does not apply: " + r.whyNotApplicable(m));
        }
        tests.add(new Test(m, r, modelOption.era(m)));
        return tests;
    }

    private void printOne(Exploration x, Map<Trace, String> pictureFiles) {
        System.out.printf("%s, %s backing, bound %d: %d interleavings in %.3f s (%.0f/s)%n", x.name(), x.backing(),
                x.bound(), x.interleavings(), x.seconds(), x.rate());
        System.out.println("  outcomes: " + x.outcomes());
        System.out.println("  " + x.statement());
        if (x.bugs().isEmpty()) {
            System.out.println("  no bug outcome is reachable within bound " + x.bound());
        }
        for (Trace t : x.bugs()) {
            String consequence = Outcome.valueOf(t.outcome()).consequence();
            System.out.printf("%nBUG %s: %s%n", t.outcome(), consequence);
            System.out.printf("shortest trace: %d steps, %d preemption%s%n%n", t.steps().size(), t.preemptions(),
                    t.preemptions() == 1 ? "" : "s");
            System.out.print(t.timeline(x.race().actorNames(), ExploreReport.lanes(x)));
            System.out.println();
            System.out.println("replay:  " + ExploreReport.command(x, t, backingOption.fileDir()));
            if (!Boolean.TRUE.equals(t.replays())) {
                System.out.println("WARNING: replaying this schedule did not reproduce these steps and outcome");
            }
            if (pictureFiles.containsKey(t)) {
                System.out.println("picture: " + pictureFiles.get(t));
            }
        }
        System.out.println();
    }

    private static void printCrossCheck(StressCrossCheck.Result r) {
        System.out.printf("%ncross-check with %s (%d stress tests):%n", r.stressFile(), r.stressTests());
        if (r.findings().isEmpty()) {
            System.out.println("  findings: none (every outcome stress observed is reachable)");
        }
        for (ExploreFile.Finding f : r.findings()) {
            System.out.printf("  FINDING    %s × %s (%s, %s backing): stress saw %s %d times; no interleaving "
                    + "within bound %d reaches it%n", f.model(), f.race(), f.era(), f.backing(), f.outcome(),
                    f.stressCount(), f.bound());
        }
        if (r.blindSpots().isEmpty()) {
            System.out.println("  blind spots: none (stress observed every reachable bug outcome)");
        }
        for (ExploreFile.BlindSpot b : r.blindSpots()) {
            System.out.printf("  BLIND SPOT %s × %s (%s): %s is reachable (%s) but %d stress samples (%s) never "
                    + "showed it%n", b.model(), b.race(), b.era(), b.outcome(), b.schedule(), b.stressSamples(),
                    String.join(", ", b.backings()));
        }
        for (StressFile.Test t : r.unmatched()) {
            System.out.printf("  (not explored: %s × %s (%s))%n", t.model(), t.race(), t.era());
        }
    }

    private static String relative(RunFolder folder, Path file) {
        if (folder != null && file.toAbsolutePath().startsWith(folder.dir().toAbsolutePath())) {
            return folder.dir().toAbsolutePath().relativize(file.toAbsolutePath()).toString();
        }
        return file.toString();
    }
}
