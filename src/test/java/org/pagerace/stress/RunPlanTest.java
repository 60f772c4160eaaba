package org.pagerace.stress;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pagerace.check.Race;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;
import org.pagerace.mm.Era;
import org.pagerace.mm.PageSize;
import org.pagerace.results.BadInputException;
import org.pagerace.results.Json;
import org.pagerace.results.PlanFile;
import org.pagerace.results.RunFolder;

/** The plan: which backings in which mode, history rows as labels or extra tests, the sampling decided per test. */
class RunPlanTest {
    @Test
    void quickModeRunsTheFileBackingOnTheNamedSubsetAndDefaultModeEverywhere() {
        List<Model> all = Filesystems.all();
        Model newestExt4 = Filesystems.resolve("ext4");
        Model oldExt4 = Filesystems.resolve("ext4@2.6.37");
        Model seed = Filesystems.resolve("seed2010/sigbus");
        assertEquals(List.of("model", "file"), RunPlan.defaultBackings(newestExt4, Race.PUNCH_HOLE, all, "quick"));
        assertEquals(List.of("model"), RunPlan.defaultBackings(newestExt4, Race.WRITEBACK, all, "quick"),
                "writeback acts on the page cache, which the model backing holds in full");
        assertEquals(List.of("model"), RunPlan.defaultBackings(oldExt4, Race.WRITEBACK, all, "quick"));
        assertEquals(List.of("model", "file"), RunPlan.defaultBackings(seed, Race.PUNCH_HOLE, all, "quick"));
        assertEquals(List.of("model"), RunPlan.defaultBackings(seed, Race.WRITEBACK, all, "quick"));
        assertEquals(List.of("model", "file"), RunPlan.defaultBackings(oldExt4, Race.WRITEBACK, all, "default"));
        Model newestXfs = Filesystems.resolve("xfs");
        assertEquals(List.of("model"), RunPlan.defaultBackings(newestXfs, Race.PUNCH_HOLE, all, "quick"),
                "with ext4 among the models, only its newest version is file-backed in quick mode");
        assertEquals(List.of("model", "file"), RunPlan.defaultBackings(newestXfs, Race.TRUNCATE_UP,
                List.of(Filesystems.resolve("xfs@2.6.37"), newestXfs), "quick"),
                "without ext4, the first filesystem chosen stands in for it");
    }

    @Test
    void aHistoryRowLabelsTheMatrixTestItReplaysOrAddsOne() {
        Model before = Filesystems.resolve("ext4@9ea7df53");
        Model other = Filesystems.resolve("ext4@6.12");
        List<PlanFile.Test> plan = RunPlan.plan(List.of(before), List.of(Race.PUNCH_HOLE, Race.WRITEBACK),
                List.of("model"), Era.MODERN, "quick",
                List.of(new RunPlan.Labelled(before, Race.PUNCH_HOLE, "H10 before"),
                        new RunPlan.Labelled(other, Race.PUNCH_HOLE, "H99 after")), k -> null);
        assertEquals(3, plan.size(), plan.toString());
        PlanFile.Test labelled = plan.stream().filter(t -> t.model().equals(before.id())
                && t.race().equals("punch-hole")).findFirst().orElseThrow();
        assertEquals("H10 before", labelled.history());
        assertNull(plan.stream().filter(t -> t.race().equals("writeback")).findFirst().orElseThrow().history());
        PlanFile.Test added = plan.get(2);
        assertEquals(other.id(), added.model());
        assertEquals("H99 after", added.history());
        assertEquals("model", added.backing());
        for (int i = 0; i < plan.size(); i++) {
            assertEquals(i, plan.get(i).id(), "ids are the plan's indices");
            assertEquals(SamplingPlan.decide(plan.get(i).expectedBugs(), "model", null).samples(),
                    plan.get(i).samplesTarget());
        }
    }

    @Test
    void aHistoryPairBelowAPageIsATestOfItsOwnAtItsBlockSize() {
        Model before = Filesystems.resolve("xfs@pre-2ebff7bb");
        List<PlanFile.Test> plan = RunPlan.plan(List.of(before), List.of(Race.TRUNCATE_UP), List.of("model"),
                Era.MODERN, "quick", List.of(new RunPlan.Labelled(before.withBlockSize(1024), Race.TRUNCATE_UP,
                        "H7 before")), k -> null);
        assertEquals(2, plan.size(), plan.toString());
        assertEquals(PageSize.PAGE_SIZE, plan.get(0).blockSize());
        assertNull(plan.get(0).history(), "the page-size test does not replay H7");
        assertEquals(1024, plan.get(1).blockSize());
        assertEquals("H7 before", plan.get(1).history());
        assertTrue(plan.get(1).expectedBugs().contains("UNBACKED_DIRTY"),
                "graded by the claims below a page: " + plan.get(1).expectedBugs());
        assertNotEquals(plan.get(0).key(), plan.get(1).key());
    }

    @Test
    void theSuiteRunsTwoActorRacesOnly() {
        Model ext4 = Filesystems.resolve("ext4@2.6.37");
        Race inFlight = Race.byId("writeback-in-flight");
        assertEquals(3, inFlight.actors());
        List<PlanFile.Test> plan = RunPlan.plan(List.of(ext4), List.of(Race.values()), List.of("model"), Era.MODERN,
                "quick", List.of(new RunPlan.Labelled(ext4, inFlight, "H5a before")), k -> null);
        assertFalse(plan.isEmpty());
        for (PlanFile.Test t : plan) {
            assertEquals(2, Race.byId(t.race()).actors(), t.toString());
        }
    }

    @Test
    void partialPageRunsOnTheNewestVersionOfEachFilesystemOnTheModelBackingOnly() {
        Model older = Filesystems.resolve("ext4@6.12");
        Model newest = Filesystems.resolve("ext4@52aecaee");
        Model seed = Filesystems.resolve("seed2010/nopage-locked");
        List<PlanFile.Test> plan = RunPlan.plan(List.of(older, newest, seed), List.of(Race.PARTIAL_PAGE,
                Race.TRUNCATE_DOWN), null, Era.MODERN, "quick", List.of(), k -> null);
        List<String> partial = plan.stream().filter(t -> t.race().equals("partial-page")).map(PlanFile.Test::model)
                .toList();
        assertEquals(List.of(newest.id()), partial, "the newest version of each filesystem, on the model backing");
        assertEquals(3, plan.stream().filter(t -> t.race().equals("truncate-down") && t.backing().equals("model"))
                .count());
    }

    @Test
    void theDefaultPlanFitsTheSuitesSlots() {
        PlanFile plan = RunPlan.defaultPlan();
        assertTrue(plan.tests().size() <= SuiteNames.SLOTS, plan.tests().size() + " tests");
        assertTrue(plan.tests().stream().noneMatch(t -> t.race().equals("partial-page")));
    }

    @Test
    void thePlanFileIsWrittenWithItsSchemaAndReadBackEqual(@TempDir Path dir) throws Exception {
        PlanFile plan = RunPlan.defaultPlan();
        RunFolder run = RunFolder.open(dir);
        run.write(plan);
        Path file = run.file(PlanFile.SCHEMA.fileName());
        JsonNode written = Json.MAPPER.readTree(file.toFile());
        assertEquals(List.of("schema", "schema_version", "tests", "batches"), iterable(written.fieldNames()));
        assertEquals("pagerace-plan", written.get("schema").asText());
        assertEquals(1, written.get("schema_version").asInt());
        assertEquals(plan, PlanFile.read(file));
    }

    @Test
    void aPlanWithoutItsSchemaIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plan.json");
        Files.writeString(file, "{\"tests\": [], \"batches\": []}");
        BadInputException e = assertThrows(BadInputException.class, () -> PlanFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ": expected schema pagerace-plan v1"), e.getMessage());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
