package org.pagerace.check;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pagerace.fs.Convention;
import org.pagerace.fs.Conventions;
import org.pagerace.mm.Era;

/**
 * For every (convention, race, era): the bug outcomes reachable with one preemption are exactly those
 * {@link Expectations} lists. A known bug that no interleaving reaches, or a bug outside the table, fails here
 * first, deterministically, before any stress run.
 */
class ExpectationsAreReproducibleTest {
    static Stream<Arguments> pairs() {
        return Conventions.all().stream().flatMap(c -> Stream.of(Race.values())
                .flatMap(r -> Stream.of(Era.values()).map(e -> Arguments.of(c.id(), r.id(), e))));
    }

    @ParameterizedTest(name = "{0} x {1} ({2})")
    @MethodSource("pairs")
    void bugOutcomesReachedAreTheKnownOnes(String convention, String race, Era era) {
        Convention c = Conventions.byName(convention);
        Set<Outcome> reached = WindowSweep.outcomes(c, Race.byId(race), era);
        Set<Outcome> bugs = reached.stream().filter(Outcome::isBug)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Outcome.class)));
        assertEquals(Expectations.knownBugs(convention, race), bugs,
                "bug outcomes reachable with one preemption (all reached: " + reached + ")");
    }
}
