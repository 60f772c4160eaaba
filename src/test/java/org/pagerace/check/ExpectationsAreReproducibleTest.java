package org.pagerace.check;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pagerace.explore.Exploration;
import org.pagerace.explore.Explorer;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;
import org.pagerace.mm.Era;

/**
 * For every filesystem model × race (the seed filesystem under both eras): no bug outcome the model does not declare
 * ({@link Grading}) is reachable within two preemptions of the named points, and every declared one is reachable
 * within two, or within four where its window needs more (gfs2@2.6.37 × invalidate: writeback must be stopped
 * inside its clean before the fault runs; ext4@3.0 × invalidate: the invalidation between write_begin's lookup and
 * the handler's return). A declared bug that no interleaving reaches, or a bug it does not
 * declare, fails here, deterministically, before any stress run.
 */
class ExpectationsAreReproducibleTest {
    private static final int BOUND = 2;
    private static final int DECLARED_BOUND = 4;
    private static Explorer explorer;
    private static Explorer deeper;

    @BeforeAll
    static void start() {
        explorer = new Explorer(BOUND);
        deeper = new Explorer(DECLARED_BOUND);
    }

    @AfterAll
    static void stop() {
        explorer.close();
        deeper.close();
    }

    static Stream<Arguments> pairs() {
        return Filesystems.all().stream().flatMap(m -> Stream.of(Race.values()).filter(r -> r.appliesTo(m))
                .flatMap(r -> (m.eraSelectable() ? List.of(Era.values()) : List.of(m.create().era())).stream()
                        .map(e -> Arguments.of(m.id(), r.id(), e))));
    }

    /** The models that declare claims for blocks below a page, × every race, at 1024-byte blocks. */
    static Stream<Arguments> pairsBelowPage() {
        return Filesystems.all().stream().filter(m -> !m.create().expectations().explicitBelowPage().isEmpty())
                .map(m -> m.withBlockSize(1024))
                .flatMap(m -> Stream.of(Race.values()).filter(r -> r.appliesTo(m))
                        .flatMap(r -> (m.eraSelectable() ? List.of(Era.values()) : List.of(m.create().era())).stream()
                                .map(e -> Arguments.of(m.id(), r.id(), e))));
    }

    @ParameterizedTest(name = "{0} x {1} ({2})")
    @MethodSource("pairs")
    void bugOutcomesReachedAreTheDeclaredOnes(String model, String race, Era era) {
        check(Filesystems.resolve(model), race, era);
    }

    @ParameterizedTest(name = "{0} x {1} ({2}), 1024-byte blocks")
    @MethodSource("pairsBelowPage")
    void bugOutcomesReachedBelowAPageAreTheDeclaredOnes(String model, String race, Era era) {
        check(Filesystems.resolve(model).withBlockSize(1024), race, era);
    }

    private static void check(Model m, String race, Era era) {
        String model = m.id() + (m.blockSize() != org.pagerace.mm.PageSize.PAGE_SIZE ? " at " + m.blockSize() : "");
        Set<Outcome> declared = Grading.knownBugs(m, Race.byId(race));
        Exploration x = explorer.explore(m, Race.byId(race), era);
        Set<Outcome> bugs = bugs(x);
        String what = model + " × " + race + " (" + era.id() + "): ";
        if (declared.containsAll(bugs) && !bugs.containsAll(declared)) {
            x = deeper.explore(m, Race.byId(race), era);
            bugs = bugs(x);
        }
        assertEquals(declared, bugs, what + x.statement());
    }

    private static Set<Outcome> bugs(Exploration x) {
        assertTrue(x.complete(), x.statement());
        Set<Outcome> bugs = EnumSet.noneOf(Outcome.class);
        x.bugIds().forEach(id -> bugs.add(Outcome.valueOf(id)));
        return bugs;
    }
}
