package org.pagerace.fs.xfs;

import static org.junit.jupiter.api.Assertions.*;
import static org.pagerace.fs.PartnerSteps.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Sample;
import org.pagerace.fs.BlockMap;
import org.pagerace.mm.Inode;
import org.pagerace.sched.StepScheduler;

/**
 * xfs's O_DIRECT read against a write fault (H15): the read's steps in order (flush, invalidate, block lookup),
 * the fault that puts delalloc into the hole between them and the BUG_ON it meets before 04197b341f23, the -EIO
 * after it, and the store that comes first and is written back by the flush (no delalloc left: no bug either way).
 */
class XfsDirectReadTest {
    /** invalidate_inode_pages2_range locks the cached page on its way (INVALIDATE_LOCKED). */
    @Test
    void theDirectReadFlushesInvalidatesThenLooksUp() {
        assertEquals(List.of("ODIRECT_FLUSHED", "INVALIDATE_LOCKED", "ODIRECT_INVALIDATED", "ODIRECT_LOOKUP"),
                partnerPoints(new Xfs_653c60b6(), "odirect-read"));
    }

    @Test
    void before_04197b34_aFaultAfterTheInvalidationPutsDelallocUnderTheLookup() {
        assertEquals(Outcome.KERNEL_BUG, race(new Xfs_653c60b6(), "odirect-read", "B:ODIRECT_INVALIDATED,A,B"));
        assertEquals(Outcome.KERNEL_BUG, race(new Xfs_2_6_37(), "odirect-read", "B:ODIRECT_FLUSHED,A,B"));
    }

    @Test
    void aStoreBeforeTheReadIsWrittenBackAndLeavesNoDelalloc() {
        Sample s = run(sample(new Xfs_653c60b6(), "odirect-read"), "A,B");
        assertEquals(Outcome.OK, s.judge());
        assertEquals(BlockMap.ALLOCATED, BlockMap.of(s.inode()).state(Sample.PAGE));
    }

    @Test
    void from_04197b34_theLookupFailsTheReadWithEioAndTheStoreStands() {
        Sample s = sample(new Xfs_04197b34(), "odirect-read");
        int[] read = new int[1];
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore)
                    .actor("B", () -> read[0] = s.fs().direct_read(s.inode(), Sample.PAGE_OFFSET, 4096));
            sched.run("B:ODIRECT_INVALIDATED,A,B");
        }
        assertEquals(-org.pagerace.sys.Errno.EIO, read[0]);
        assertEquals(BlockMap.RESERVED, BlockMap.of(s.inode()).state(Sample.PAGE), "the fault's delalloc");
        assertEquals(Sample.VALUE, s.inode().backing().read(Sample.PAGE_OFFSET));
        assertFalse(race(new Xfs_6_12(), "odirect-read", "B:ODIRECT_INVALIDATED,A,B").isBug());
        assertEquals(4 * 4096L, Inode.i_size_read(s.inode()));
    }
}
