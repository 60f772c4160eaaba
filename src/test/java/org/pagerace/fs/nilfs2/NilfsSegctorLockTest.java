package org.pagerace.fs.nilfs2;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Filesystems;
import org.pagerace.mm.ModelBacking;
import org.pagerace.sched.StepScheduler;

/**
 * {@code ns_segctor_sem}: the segment constructor holds it exclusive from collecting a file's dirty pages to writing
 * them, and {@code nilfs_setattr} truncates inside a transaction (shared), so a truncate waits until the collected
 * pages are written.
 */
class NilfsSegctorLockTest {
    @Test
    void aTruncateWaitsForTheSegmentBeingBuilt() {
        FileSystem fs = Filesystems.resolve("nilfs2@56d7acc7").create();
        Sample s = Sample.create(fs, Race.FSYNC, new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner)
                    .actor("C", () -> fs.setattr_size(s.inode(), Sample.PAGE_OFFSET));
            sched.runWhileEnabled("A");
            sched.runUntil("B", Nilfs2_3_17.NILFS_SEGMENT_COLLECTED);
            sched.runWhileEnabled("C");
            assertTrue(sched.isBlocked("C"), "the truncate waits for ns_segctor_sem");
            sched.finishAll();
        }
        assertTrue(s.inode().s_bdev.writtenAt(Sample.PAGE) > s.store().tick,
                "the collected page was written before the truncate removed it");
        assertNull(s.inode().i_mapping.peek(Sample.PAGE), "then the truncate removed it");
    }
}
