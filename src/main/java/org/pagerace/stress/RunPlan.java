package org.pagerace.stress;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.pagerace.check.Backings;
import org.pagerace.check.Grading;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;
import org.pagerace.mm.Era;

/**
 * What a stress run races, slot by slot: the JCStress suite is a fixed family of test slots
 * ({@code org.pagerace.stress.Slots.Slot_NNN}), and the plan says which (model, race, backing, era) each slot runs
 * and with which expectations it is graded. {@code pagerace stress} writes the plan to the run folder and hands its
 * path to every JCStress fork ({@code -Dpagerace.plan}), so a user's class needs no generated test and no rebuild;
 * without the property a fork uses {@link #defaultPlan()}, so {@code java -jar target/jcstress.jar -t Slot_003}
 * runs what {@code pagerace stress} would run in slot 3 by default.
 */
public final class RunPlan {
    /** The system property that names the plan file in a JCStress fork. */
    public static final String PROPERTY = "pagerace.plan";

    /** One planned test: slot, model, race, backing, era, and the grading it runs under. */
    public record Test(@JsonProperty("slot") int slot, @JsonProperty("model") String model,
            @JsonProperty("spec") String spec,
            @JsonProperty("fs") String fs, @JsonProperty("version_release") String release,
            @JsonProperty("race") String race, @JsonProperty("backing") String backing,
            @JsonProperty("era") String era, @JsonProperty("expected_bugs") List<String> expectedBugs,
            @JsonProperty("expectation_why") String why) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile List<Test> current;

    private RunPlan() {
    }

    /**
     * The default backings of {@code m}: the model backing always; the file backing too for the seed filesystem's
     * handlers (the thread's questions) and for the newest version of each filesystem (what a current kernel runs),
     * where it confirms on real memory what the model backing finds; every version on both with {@code --backing
     * both}.
     */
    public static List<String> defaultBackings(Model m, List<Model> all) {
        boolean newest = all.stream().filter(o -> o.fs().equals(m.fs())).reduce((a, b) -> b).orElse(m) == m;
        return m.eraSelectable() || newest ? List.of(Backings.MODEL, Backings.FILE) : List.of(Backings.MODEL);
    }

    /**
     * Plans every applicable (model, race) on each backing: models in {@link Filesystems#all()}'s order, races in
     * {@link Race}'s; the seed filesystem under {@code seedEra}, every other version under its own era.
     * {@code backings} null means each model's {@link #defaultBackings}.
     */
    public static List<Test> plan(List<Model> models, List<Race> races, List<String> backings, Era seedEra) {
        List<Test> tests = new ArrayList<>();
        for (Model m : models) {
            Era era = m.eraSelectable() ? seedEra : m.create().era();
            for (Race r : races) {
                if (!r.appliesTo(m)) {
                    continue;
                }
                Set<Outcome> known = Grading.knownBugs(m, r);
                String why = m.create().expectations().claim(r.id()).why();
                for (String b : backings != null ? backings : defaultBackings(m, models)) {
                    tests.add(new Test(tests.size(), m.id(), m.spec(), m.fs(), m.release(), r.id(), b, era.id(),
                            known.stream().map(Outcome::id).collect(Collectors.toList()), why));
                }
            }
        }
        if (tests.size() > SuiteNames.SLOTS) {
            throw new IllegalArgumentException("the plan has " + tests.size() + " tests; the suite has "
                    + SuiteNames.SLOTS + " slots: choose fewer models, races or backings");
        }
        return tests;
    }

    /** The plan of a fork run without {@code -Dpagerace.plan}: every model and race, both backings, modern seed era. */
    public static List<Test> defaultPlan() {
        return plan(Filesystems.all(), List.of(Race.values()), List.of(Backings.MODEL, Backings.FILE), Era.MODERN);
    }

    /** Writes {@code tests} to {@code file}. */
    public static void write(List<Test> tests, Path file) {
        try {
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tests));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run plan " + file, e);
        }
    }

    /** Reads a plan written by {@link #write}. */
    public static List<Test> read(Path file) {
        try {
            return List.of(JSON.readValue(file.toFile(), Test[].class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run plan " + file, e);
        }
    }

    /** This JVM's plan: the file {@code -Dpagerace.plan} names, or {@link #defaultPlan()}. */
    public static List<Test> current() {
        if (current == null) {
            synchronized (RunPlan.class) {
                if (current == null) {
                    String file = System.getProperty(PROPERTY);
                    current = file == null ? defaultPlan() : read(Path.of(file));
                }
            }
        }
        return current;
    }

    /** The planned test of {@code slot} in this JVM's plan. */
    public static Test slot(int slot) {
        List<Test> plan = current();
        if (slot < 0 || slot >= plan.size()) {
            throw new IllegalArgumentException("slot " + slot + " is not in the run plan (" + plan.size() + " tests)");
        }
        return plan.get(slot);
    }
}
