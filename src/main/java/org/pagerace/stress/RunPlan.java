package org.pagerace.stress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.pagerace.check.Backings;
import org.pagerace.check.Grading;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;
import org.pagerace.mm.Era;
import org.pagerace.results.PlanFile;
import org.pagerace.results.PlanFile.Batch;
import org.pagerace.results.PlanFile.Share;
import org.pagerace.results.PlanFile.Test;
import org.pagerace.results.StressFile;
import org.pagerace.results.TestKey;

/**
 * What a stress run races: the planned tests (model, race, backing, era, block size, the history row they replay,
 * the expectations they are graded with, and the samples each takes, {@link SamplingPlan}), and the batches that put
 * them into the JCStress suite's slots ({@link Batches}: one slot runs several tests in one fork). {@code pagerace
 * stress} writes the plan to the run folder and hands its path to every JCStress fork ({@code -Dpagerace.plan}), so a
 * user's class needs no generated test and no rebuild; without the property a fork uses {@link #defaultPlan()}, one
 * test per slot, so {@code java -jar target/jcstress.jar -t Slot_003} runs test 3 of the default plan.
 */
public final class RunPlan {
    /** The system property that names the plan file in a JCStress fork. */
    public static final String PROPERTY = "pagerace.plan";

    /**
     * A test the plan must hold besides the matrix, with the label it carries (a history row: {@code H10 before});
     * a model made with blocks below a page ({@link Model#withBlockSize}) makes a test of its own at that size.
     */
    public record Labelled(Model model, Race race, String label) {
    }

    private static volatile PlanFile current;

    private RunPlan() {
    }

    /**
     * The filesystem whose newest version the file backing runs in quick mode, when it is among the models: ext4,
     * the filesystem most hosts run. The file backing differs from the model backing below the filesystem model (a
     * real shared mapping: SIGBUS beyond EOF, the host's truncate, punch and extension of a real file), not in it,
     * so one model over every race exercises each backing operation; the other models' file-backed tests run in
     * {@code --mode default} and deeper.
     */
    public static final String FILE_SUBSET_FS = "ext4";

    /**
     * The races {@link #FILE_SUBSET_FS} runs on the file backing in quick mode: those whose outcome the backing's own
     * semantics decide (a real shared mapping's SIGBUS beyond EOF, the host's truncate zeroing and extension, its hole
     * punch). The others act on the page cache, which the model backing holds in full; a file-backed sample costs
     * 5 to 30 times a model-backed one, so each race more is 4 to 12 s of a quick run.
     */
    public static final List<Race> FILE_SUBSET_RACES = List.of(Race.TRUNCATE_DOWN, Race.TRUNCATE_DOWN_UP,
            Race.TRUNCATE_UP, Race.PUNCH_HOLE);

    /**
     * The default backings of {@code m} in {@code mode}: the model backing always; in quick (and sanity) mode the
     * file backing too for the newest version of {@link #FILE_SUBSET_FS} (of the first filesystem among {@code all}
     * when that one is not there) against {@link #FILE_SUBSET_RACES}, and for each seed handler against punch-hole (the thread's lost store, on real
     * memory); in default, tough and stress mode the file backing for every test.
     */
    public static List<String> defaultBackings(Model m, Race r, List<Model> all, String mode) {
        if (!"quick".equals(mode) && !"sanity".equals(mode)) {
            return List.of(Backings.MODEL, Backings.FILE);
        }
        boolean subset = m.fs().equals(fileSubsetFs(all)) && newestOfItsFilesystem(m, all)
                && FILE_SUBSET_RACES.contains(r);
        boolean seedPunch = m.eraSelectable() && r == Race.PUNCH_HOLE;
        return subset || seedPunch ? List.of(Backings.MODEL, Backings.FILE) : List.of(Backings.MODEL);
    }

    /** {@link #FILE_SUBSET_FS} if a version of it is among {@code all}, else the first filesystem there. */
    static String fileSubsetFs(List<Model> all) {
        List<String> filesystems = all.stream().filter(m -> !m.eraSelectable()).map(Model::fs).toList();
        return filesystems.contains(FILE_SUBSET_FS) || filesystems.isEmpty() ? FILE_SUBSET_FS : filesystems.get(0);
    }

    /** Whether {@code m} is the newest version of its filesystem among {@code all} (never a seed handler). */
    static boolean newestOfItsFilesystem(Model m, List<Model> all) {
        return !m.eraSelectable() && all.stream().filter(o -> o.fs().equals(m.fs())).reduce((a, b) -> b)
                .map(o -> o.id().equals(m.id())).orElse(true);
    }

    /**
     * Plans every applicable two-actor (model, race) on each backing (a race that says
     * {@link Race#narrowStressMatrix()} only on the newest version of each filesystem among {@code models}, and by
     * default on the model backing only), then {@code extras} (each on the model
     * backing under its model's own era: a test the matrix already has carries the extra's label instead); models in
     * the order given, races in {@link Race}'s; the seed filesystem under {@code seedEra}, every other version under
     * its own era; a three-actor race is skipped (the slots have two actors; its {@link Race#reduction()} is a race
     * of its own). {@code backings} null means {@link #defaultBackings} in {@code mode}. Each test is sampled as
     * {@link SamplingPlan#decide} says from {@code measured} (tests of an earlier run by key; empty: none).
     */
    public static List<Test> plan(List<Model> models, List<Race> races, List<String> backings, Era seedEra,
            String mode, List<Labelled> extras, Function<TestKey, StressFile.Test> measured) {
        Map<TestKey, Test> tests = new LinkedHashMap<>();
        for (Model m : models) {
            Era era = m.eraSelectable() ? seedEra : m.create().era();
            for (Race r : races) {
                if (r.actors() > 2 || !r.appliesTo(m)) {
                    continue; /* the suite's slots have two actors: a three-actor race runs as its reduction */
                }
                if (r.narrowStressMatrix() && !newestOfItsFilesystem(m, models)) {
                    continue; /* explore checks it on every version; the suite samples the newest */
                }
                List<String> bs = backings != null ? backings
                        : r.narrowStressMatrix() ? List.of(Backings.MODEL) : defaultBackings(m, r, models, mode);
                for (String b : bs) {
                    add(tests, m, r, b, era, null);
                }
            }
        }
        for (Labelled x : extras) {
            if (x.race().actors() > 2 || !x.race().appliesTo(x.model())) {
                continue;
            }
            Era era = x.model().create().era();
            TestKey key = new TestKey(x.model().id(), x.race().id(), Backings.MODEL, era.id(),
                    x.model().blockSize());
            Test there = tests.get(key);
            if (there != null) {
                tests.put(key, there.labelled(x.label()));
            } else {
                add(tests, x.model(), x.race(), Backings.MODEL, era, x.label());
            }
        }
        List<Test> out = new ArrayList<>();
        for (Test t : tests.values()) {
            StressFile.Test before = measured.apply(t.key());
            out.add(SamplingPlan.decide(t.expectedBugs(), t.backing(), before).applyTo(t));
        }
        return out;
    }

    private static void add(Map<TestKey, Test> tests, Model m, Race r, String backing, Era era,
            String label) {
        Set<Outcome> known = Grading.knownBugs(m, r);
        String why = m.create().expectations().claim(r.id()).why();
        Test t = new Test(tests.size(), m.id(), m.spec(), m.fs(), m.release(), r.id(), backing, era.id(),
                m.blockSize(), label, known.stream().map(Outcome::id).collect(Collectors.toList()), why,
                SamplingPlan.FLOOR, SamplingPlan.defaultSpeed(backing), "floor");
        tests.put(t.key(), t);
    }

    /**
     * The plan of a fork run without {@code -Dpagerace.plan}: every model, race and backing, one test per slot,
     * except the races that {@link Race#narrowStressMatrix() narrow the matrix} (the slots are nearly full).
     */
    public static PlanFile defaultPlan() {
        List<Race> races = java.util.Arrays.stream(Race.values()).filter(r -> !r.narrowStressMatrix()).toList();
        List<Test> tests = plan(Filesystems.all(), races, List.of(Backings.MODEL, Backings.FILE),
                Era.MODERN, "quick", List.of(), k -> null);
        return onePerSlot(tests);
    }

    /** {@code tests}, each alone in the slot of its index. */
    public static PlanFile onePerSlot(List<Test> tests) {
        List<Batch> batches = new ArrayList<>();
        for (Test t : tests) {
            batches.add(new Batch(t.id(), t.backing(), t.expectedSeconds(),
                    List.of(new Share(t.id(), Math.max(1, t.samplesTarget())))));
        }
        if (batches.size() > SuiteNames.SLOTS) {
            throw new IllegalArgumentException("the plan has " + batches.size() + " tests; the suite has "
                    + SuiteNames.SLOTS + " slots");
        }
        return new PlanFile(tests, batches);
    }

    /** This JVM's plan: the file {@code -Dpagerace.plan} names, or {@link #defaultPlan()}. */
    public static PlanFile current() {
        if (current == null) {
            synchronized (RunPlan.class) {
                if (current == null) {
                    String file = System.getProperty(PROPERTY);
                    current = file == null ? defaultPlan() : PlanFile.read(Path.of(file));
                }
            }
        }
        return current;
    }

    /** The planned test {@code id} of this JVM's plan. */
    public static Test test(int id) {
        List<Test> tests = current().tests();
        if (id < 0 || id >= tests.size()) {
            throw new IllegalArgumentException("test " + id + " is not in the run plan (" + tests.size() + " tests)");
        }
        return tests.get(id);
    }

    /** The batch of {@code slot} in this JVM's plan. */
    public static Batch batch(int slot) {
        for (Batch b : current().batches()) {
            if (b.slot() == slot) {
                return b;
            }
        }
        throw new IllegalArgumentException("slot " + slot + " is not in the run plan (" + current().batches().size()
                + " batches)");
    }
}
