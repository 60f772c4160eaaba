package org.pagerace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Race;

/** {@code pagerace races} lists every race, three-actor ones with what the suite does with them. */
class RacesCommandTest {
    @Test
    void everyRaceIsListedAndAThreeActorRaceWithoutReductionSaysTheSuiteSkipsIt() {
        String[] r = MainRun.run("races");
        assertEquals("0", r[0], r[2]);
        for (Race race : Race.values()) {
            assertTrue(r[1].lines().anyMatch(l -> l.startsWith(race.id() + " ")), race.id() + " listed:\n" + r[1]);
        }
        String freeze = r[1].lines().filter(l -> l.startsWith("freeze ")).findFirst().orElseThrow();
        assertTrue(freeze.contains("3 actors; the JCStress suite skips it"), freeze);
        String inFlight = r[1].lines().filter(l -> l.startsWith("writeback-in-flight ")).findFirst().orElseThrow();
        assertTrue(inFlight.contains("runs writeback instead"), inFlight);
    }
}
