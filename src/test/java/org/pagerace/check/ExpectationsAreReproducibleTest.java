package org.pagerace.check;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pagerace.explore.Exploration;
import org.pagerace.explore.Explorer;
import org.pagerace.fs.Conventions;
import org.pagerace.mm.Era;

/**
 * For every (convention, race, era): the bug outcomes reachable within two preemptions of the named points are
 * exactly those {@link Expectations} lists. A known bug that no interleaving reaches, or a bug outside the table,
 * fails here, deterministically, before any stress run.
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
        return Conventions.all().stream().flatMap(c -> Stream.of(Race.values())
                .flatMap(r -> Stream.of(Era.values()).map(e -> Arguments.of(c.id(), r.id(), e))));
    }

    @ParameterizedTest(name = "{0} x {1} ({2})")
    @MethodSource("pairs")
    void bugOutcomesReachedAreTheKnownOnes(String convention, String race, Era era) {
        Exploration x = explorer.explore(Conventions.byName(convention), Race.byId(race), era);
        assertTrue(x.complete(), x.statement());
        Set<Outcome> bugs = EnumSet.noneOf(Outcome.class);
        x.bugIds().forEach(id -> bugs.add(Outcome.valueOf(id)));
        assertEquals(Expectations.knownBugs(convention, race), bugs, x.statement());
    }
}
