package org.pagerace.truth;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Race;

/** A real row whose model declares the race not applicable says so, with the model's reason, instead of "no model". */
class NotApplicableStatusTest {
    @Test
    void tmpfsInvalidateNamesTheShmemModelAndItsReason() {
        String status = TruthSuite.notApplicable("shmem@6.18", Race.INVALIDATE).orElseThrow();
        assertTrue(status.startsWith("not applicable in shmem@6.12: "), status);
        assertTrue(status.contains("tmpfs"), status);
    }

    @Test
    void anApplicableRaceOrAnUnknownModelHasNoSuchStatus() {
        assertTrue(TruthSuite.notApplicable("shmem@6.18", Race.PARTIAL_PAGE).isEmpty());
        assertTrue(TruthSuite.notApplicable("ext4@6.18", Race.INVALIDATE).isEmpty());
        assertTrue(TruthSuite.notApplicable("nosuchfs@6.18", Race.INVALIDATE).isEmpty());
    }
}
