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
 * For every filesystem model × race (the seed filesystem under both eras): the bug outcomes reachable within two
 * preemptions of the named points are exactly those the model declares ({@link Grading}). A declared bug that no
 * interleaving reaches, or a bug it does not declare, fails here, deterministically, before any stress run.
 */
class ExpectationsAreReproducibleTest {
    private static final int BOUND = 2;
    private static Explorer explorer;

    @BeforeAll
    static void start() {
        explorer = new Explorer(BOUND);
    }

    @AfterAll
    static void stop() {
        explorer.close();
    }

    static Stream<Arguments> pairs() {
        return Filesystems.all().stream().flatMap(m -> Stream.of(Race.values()).filter(r -> r.appliesTo(m))
                .flatMap(r -> (m.eraSelectable() ? List.of(Era.values()) : List.of(m.create().era())).stream()
                        .map(e -> Arguments.of(m.id(), r.id(), e))));
    }

    @ParameterizedTest(name = "{0} x {1} ({2})")
    @MethodSource("pairs")
    void bugOutcomesReachedAreTheDeclaredOnes(String model, String race, Era era) {
        Model m = Filesystems.resolve(model);
        Exploration x = explorer.explore(m, Race.byId(race), era);
        assertTrue(x.complete(), x.statement());
        Set<Outcome> bugs = EnumSet.noneOf(Outcome.class);
        x.bugIds().forEach(id -> bugs.add(Outcome.valueOf(id)));
        assertEquals(Grading.knownBugs(m, Race.byId(race)), bugs, model + " × " + race + " (" + era.id() + "): "
                + x.statement());
    }
}
