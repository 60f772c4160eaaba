package org.pagerace.fs.ext4;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.FileSystem;
import org.pagerace.mm.Inode;
import org.pagerace.mm.ModelBacking;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.sched.StepScheduler;

/**
 * ext4 with blocks smaller than a page, against {@code truncate-up} (the file ends 1 KiB into the page, whose first
 * block a store prepared; the file grows back; the store goes to the page's last 8 bytes): before d6320cbfc929 the
 * page stays writable across the extension and the store lands in a block never prepared; d6320cbfc929's
 * {@code pagecache_isize_extended} write-protects it so the store faults; without that call the bug is back. And
 * 52aecaee1c26 zeroes what a mapping stored beyond the old EOF before the extension exposes it, which 6.12 keeps.
 */
class Ext4SubPageTest {
    private static final long LAST_WORD = Sample.PAGE_OFFSET + PageSize.PAGE_SIZE - Long.BYTES;

    private static Sample sample(FileSystem fs, int blockSize) {
        return Sample.create(fs.withBlockSize(blockSize), Race.TRUNCATE_UP, new ModelBacking(Sample.SIZE, Sample.SIZE));
    }

    private static Sample race(FileSystem fs, int blockSize, String schedule) {
        Sample s = sample(fs, blockSize);
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run(schedule);
        }
        return s;
    }

    @Test
    void before_d6320cbf_aStoreAfterTheExtensionLandsInABlockNeverPrepared() {
        assertEquals(Outcome.UNBACKED_DIRTY, race(new Ext4_9ea7df53(), 1024, "B,A").judge());
        assertEquals(Outcome.OK, race(new Ext4_9ea7df53(), PageSize.PAGE_SIZE, "B,A").judge(),
                "with 4 KiB blocks page_mkwrite prepared the one block of the page");
    }

    @Test
    void d6320cbf_writeProtectsTheEofPageSoTheStoreFaultsAndIsPrepared() {
        Sample s = race(new Ext4_d6320cbf(), 1024, "B,A");
        assertEquals(Outcome.OK, s.judge());
        assertEquals(1, s.store().faults, "the store faulted: page_mkwrite ran after the extension");
    }

    /** d6320cbf with its one change reverted: growing is a bare i_size_write again. */
    static final class WithoutIsizeExtended extends Ext4_d6320cbf {
        @Override
        protected void ext4_setattr(Inode inode, long size) {
            RwSemaphore.down_write(inode.i_rwsem);
            try {
                inode.backing().truncate(size);
                Inode.i_size_write(inode, size);
            } finally {
                RwSemaphore.up_write(inode.i_rwsem);
            }
        }
    }

    @Test
    void withoutPagecacheIsizeExtendedTheBugIsBack() {
        assertEquals(Outcome.UNBACKED_DIRTY, race(new WithoutIsizeExtended(), 1024, "B,A").judge());
    }

    @Test
    void ext4_6_12_keepsWhatAMappingStoredBeyondTheOldEofAndRevealsItOnExtension() {
        Sample s = race(new Ext4_6_12(), 1024, "A,B");
        assertEquals(Outcome.OK, s.judge(), "a store racing the extension may be kept or zeroed");
        assertEquals(Sample.VALUE, s.inode().backing().read(LAST_WORD), "6.12 exposes it");
    }

    @Test
    void ext4_52aecaee_zeroesTheExposedTailOfTheEofPage() {
        for (int blockSize : new int[] {1024, 2048, PageSize.PAGE_SIZE}) {
            Sample s = race(new Ext4_52aecaee(), blockSize, "A,B");
            assertEquals(Outcome.OK, s.judge());
            assertEquals(0L, s.inode().backing().read(LAST_WORD), blockSize + "-byte blocks: the tail reads as zeros");
            assertEquals(Sample.PARTNER_VALUE, s.inode().backing().read(Sample.PAGE_OFFSET),
                    "the data inside the old EOF is kept");
        }
    }

    /** 52aecaee with its mm change reverted (6.12's pagecache_isize_extended, which does not zero). */
    static final class WithoutTailZeroing extends Ext4_52aecaee {
        @Override
        protected void pagecache_isize_extended(Inode inode, long from, long to) {
            org.pagerace.mm.Truncate.pagecache_isize_extended(inode, from, to);
        }
    }

    @Test
    void withoutTheZeroingInPagecacheIsizeExtendedTheTailShowsAgain() {
        Sample s = race(new WithoutTailZeroing(), 1024, "A,B");
        assertEquals(Sample.VALUE, s.inode().backing().read(LAST_WORD));
    }
}
