package org.pagerace.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pagerace.results.BadInputException;

/** How the racer's lines (and the guest lines scripts/truth adds) are read. */
class RacerOutputTest {
    private static final String HEAD = "{\"kernel\":\"5.10.0-32-amd64\",\"fs_type\":\"xfs\",\"fs_dir\":\"/mnt/xfs\","
            + "\"fs_mount\":\"/dev/vdc rw\",\"race\":\"punch-hole\",";

    @Test
    void anEnvironmentErrorIsAFailureNotAnOutcome() {
        RacerOutput out = new RacerOutput();
        out.add(HEAD + "\"error\":\"fallocate(PUNCH_HOLE): Operation not supported\",\"errno\":\"EOPNOTSUPP\","
                + "\"harness_fault\":false}");
        assertEquals(0, out.results().size());
        RaceFailure f = out.failures().get(0);
        assertEquals("EOPNOTSUPP", f.errno());
        assertEquals("5.10.0-32-amd64", f.kernel());
        assertEquals(TruthRace.PUNCH_HOLE, f.race());
    }

    @Test
    void aResultKeepsItsKernelCountsAndPhases() {
        RacerOutput out = new RacerOutput();
        out.add(HEAD + "\"iterations\":3,\"outcomes\":{\"PERSISTED\":2,\"LOST\":1},\"seconds\":0.5,"
                + "\"delay_ns\":10,\"partner_op_median_ns\":5,\"pinned\":true,"
                + "\"outcomes_by_phase\":{\"before\":{\"LOST\":1},\"after\":{\"PERSISTED\":2}},"
                + "\"timing_anomalies\":0,\"timing_anomaly_examples\":[]}");
        TruthResult r = out.results().get(0);
        assertEquals("5.10.0-32-amd64", r.kernel());
        assertEquals(2L, r.outcomes().get(RealOutcome.PERSISTED));
        assertEquals(1L, r.outcomesByPhase().get(Phase.BEFORE).get(RealOutcome.LOST));
        assertEquals(6.0, r.iterationsPerSecond(), 1e-9);
        assertEquals(-1, r.readFromStorage(), "punch-hole does not check storage");
    }

    @Test
    void guestLinesAndCommentsAreNotRows() {
        RacerOutput out = new RacerOutput();
        assertNull(out.add("# racing 5.12"));
        out.add("{\"guest\":{\"label\":\"6.1\",\"kernel\":\"6.1.0-50-amd64\",\"package\":\"linux-image-6.1.0-50-amd64\","
                + "\"accel\":\"tcg\",\"wall_seconds\":60.5,\"racing_seconds\":50.0,\"boot_seconds\":10.5,"
                + "\"rows\":30,\"racer_exit\":0}}");
        assertEquals(0, out.results().size() + out.failures().size());
        assertEquals("tcg", out.guests().get(0).accel());
        assertEquals(10.5, out.guests().get(0).bootSeconds(), 1e-9);
    }

    @Test
    void aBrokenLineIsBadInput() {
        RacerOutput out = new RacerOutput();
        assertThrows(BadInputException.class, () -> out.add("{\"kernel\":"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> out.add(HEAD + "\"iterations\":1,\"outcomes\":{\"SURPRISE\":1}}"));
        assertTrue(e.getMessage().contains("SURPRISE"), e.getMessage());
    }
}
