package org.pagerace.fs;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.fs.btrfs.Btrfs_6_12;
import org.pagerace.fs.xfs.Xfs_6_12;
import org.pagerace.mm.Inode;

/**
 * {@code partial-page} made deterministic: the store lands in the gap (the file ends 100 bytes into the page), then
 * the file grows back. Whether the tail then reads back is each filesystem's growing size change: ext4 before 6.13
 * and tmpfs keep it; ext4 from 6.13 (c7fc0366c656's block zeroing), xfs ({@code xfs_zero_eof}) and btrfs
 * ({@code btrfs_cont_expand}) zero it; without their zeroing xfs and btrfs keep it. A store before the shrink is
 * zeroed by it; one after the extension is in the file.
 */
class PartialPageTailTest {
    private static final String IN_THE_GAP = "B:PARTIAL_GAP,A,B";

    private static Outcome race(FileSystem fs, String schedule) {
        return PartnerSteps.race(fs, "partial-page", schedule);
    }

    private static Outcome inTheGap(String model) {
        return race(Filesystems.resolve(model).create(), IN_THE_GAP);
    }

    @Test
    void ext4Before6_13AndTmpfsKeepTheTail() {
        assertEquals(Outcome.TAIL_KEPT, inTheGap("ext4@6.12"));
        assertEquals(Outcome.TAIL_KEPT, inTheGap("ext4@2.6.37"));
        assertEquals(Outcome.TAIL_KEPT, inTheGap("shmem@6.12"));
    }

    @Test
    void ext4From6_13XfsAndBtrfsZeroTheTail() {
        assertEquals(Outcome.TAIL_ZEROED, inTheGap("ext4@52aecaee"));
        assertEquals(Outcome.TAIL_ZEROED, inTheGap("xfs@2.6.37"));
        assertEquals(Outcome.TAIL_ZEROED, inTheGap("xfs@6.12"));
        assertEquals(Outcome.TAIL_ZEROED, inTheGap("btrfs@5.12"));
        assertEquals(Outcome.TAIL_ZEROED, inTheGap("btrfs@6.12"));
    }

    /** xfs@6.12 without {@code xfs_zero_eof}: the growing size change no longer zeroes the old EOF block. */
    static final class XfsWithoutZeroEof extends Xfs_6_12 {
        @Override
        protected void xfs_zero_eof(Inode inode, long oldsize, long newsize) {
        }
    }

    /** btrfs@6.12 without {@code btrfs_truncate_block} in {@code btrfs_cont_expand}. */
    static final class BtrfsWithoutTruncateBlock extends Btrfs_6_12 {
        @Override
        protected void btrfs_cont_expand(Inode inode, long oldsize, long newsize) {
        }
    }

    @Test
    void withoutTheirZeroingXfsAndBtrfsKeepTheTail() {
        assertEquals(Outcome.TAIL_KEPT, race(new XfsWithoutZeroEof(), IN_THE_GAP));
        assertEquals(Outcome.TAIL_KEPT, race(new BtrfsWithoutTruncateBlock(), IN_THE_GAP));
    }

    @Test
    void aStoreBeforeTheShrinkIsZeroedByItAndOneAfterTheExtensionStays() {
        for (String model : new String[] {"ext4@6.12", "ext4@52aecaee", "xfs@6.12", "btrfs@6.12", "shmem@6.12"}) {
            assertEquals(Outcome.DISCARDED, race(Filesystems.resolve(model).create(), "A,B"), model);
            assertEquals(Outcome.OK, race(Filesystems.resolve(model).create(), "B,A"), model);
        }
    }
}
