package org.pagerace.check;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.fs.Filesystems;

/**
 * A race a filesystem does not have is not run against it, and the reason given names what is missing: the model's
 * own not-applicable claim where it makes one, else the capability the race needs ({@code enospc}: NOCOW files).
 */
class RaceApplicabilityTest {
    @Test
    void enospcRunsOnlyWhereFilesCanBeNocow() {
        for (String id : new String[] {"btrfs@5.12", "btrfs@6.12", "btrfs@6599716d"}) {
            assertTrue(Race.ENOSPC.appliesTo(Filesystems.resolve(id)), id);
            assertNull(Race.ENOSPC.whyNotApplicable(Filesystems.resolve(id)), id);
        }
        for (String id : new String[] {"ext4", "xfs", "f2fs", "ubifs", "seed2010/sigbus"}) {
            assertFalse(Race.ENOSPC.appliesTo(Filesystems.resolve(id)), id);
            assertTrue(Race.ENOSPC.whyNotApplicable(Filesystems.resolve(id)).contains("no NOCOW files"), id);
        }
    }

    @Test
    void aModelsOwnNotApplicableClaimIsTheReasonGiven() {
        assertEquals(Filesystems.resolve("ubifs").create().expectations().claim("punch-hole").why(),
                Race.PUNCH_HOLE.whyNotApplicable(Filesystems.resolve("ubifs")));
    }
}
