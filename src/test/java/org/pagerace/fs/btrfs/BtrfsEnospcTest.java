package org.pagerace.fs.btrfs;

import static org.junit.jupiter.api.Assertions.*;
import static org.pagerace.fs.btrfs.BtrfsInodeInfo.BTRFS_I;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.BlockMap;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Filesystems;
import org.pagerace.mm.ModelBacking;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.StepScheduler;

/**
 * btrfs on a full filesystem (the {@code enospc} race): a write fault into a NOCOW file whose page already has its
 * extent needs no new data space, but {@code btrfs_page_mkwrite} failed it with SIGBUS until 6599716de2d6 fell back
 * to {@code btrfs_check_nocow_lock}.
 */
class BtrfsEnospcTest {
    private static Sample sample(FileSystem fs, String race) {
        return Sample.create(fs, Race.byId(race), new ModelBacking(Sample.SIZE, Sample.SIZE));
    }

    private static Outcome run(FileSystem fs, String schedule) {
        Sample s = sample(fs, "enospc");
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run(schedule);
        }
        return s.judge();
    }

    private static FileSystem btrfs(String version) {
        return Filesystems.resolve("btrfs@" + version).create();
    }

    @Test
    void beforeTheFixAFullFilesystemFailsTheNocowOverwriteWithSigbus() {
        for (String v : new String[] {"5.12", "6.12"}) {
            assertEquals(Outcome.SPURIOUS_SIGBUS, run(btrfs(v), "B,A"), v + ": the filesystem filled first");
            assertFalse(run(btrfs(v), "A,B").isBug(), v + ": the store's fault reserved before the filesystem filled");
        }
    }

    @Test
    void theFixWritesTheNocowPageInPlace() {
        assertFalse(run(btrfs("6599716d"), "B,A").isBug());
        assertFalse(run(btrfs("6599716d"), "A,B").isBug());
    }

    @Test
    void theFallbackNeedsANocowFileAndAnExtentUnderThePage() {
        Sample s = sample(btrfs("6599716d"), "writeback");
        long hole = Sample.PAGES - 1;
        assertEquals(BlockMap.NONE, BlockMap.of(s.inode()).state(hole), "the last page of a fresh sample is a hole");
        BlockMap.of(s.inode()).allocate(Sample.PAGE, Sample.PAGE);
        assertEquals(0, Btrfs_6599716d.btrfs_check_nocow_lock(s.inode(), Sample.PAGE), "not NOCOW: copy on write");
        BTRFS_I(s.inode()).nodatacow = true;
        assertEquals(1, Btrfs_6599716d.btrfs_check_nocow_lock(s.inode(), Sample.PAGE), "NOCOW over an extent");
        assertEquals(0, Btrfs_6599716d.btrfs_check_nocow_lock(s.inode(), hole), "NOCOW over a hole needs new space");
    }

    /** 6599716d with its change reverted: a failed data reservation is SIGBUS again. */
    public static class Btrfs6599716dWithoutNocowFallback extends Btrfs_6599716d {
        @Override
        protected int btrfs_page_mkwrite(VmFault vmf) {
            int ret = btrfs_check_data_free_space(vmf.inode());
            if (ret < 0) {
                return vmf_error(ret);
            }
            RwSemaphore.down_read(BTRFS_I(vmf.inode()).i_mmap_lock);
            try {
                return lockedPageMkwrite(vmf);
            } finally {
                RwSemaphore.up_read(BTRFS_I(vmf.inode()).i_mmap_lock);
            }
        }
    }

    @Test
    void withoutTheNocowFallbackTheSigbusComesBack() {
        assertEquals(Outcome.SPURIOUS_SIGBUS, run(new Btrfs6599716dWithoutNocowFallback(), "B,A"));
    }
}
