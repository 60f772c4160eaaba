package org.pagerace.fs.ext4;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.FileSystem;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.ModelBacking;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.sched.Points;
import org.pagerace.sched.StepScheduler;

/**
 * ext4's writeback against {@code extend-mmap-write} (the file ends 1 KiB into the page, which is writable and dirty;
 * actor A extends the file and stores into the page's last 8 bytes; actor B writes the page back): before
 * a056bdaae7a1 {@code mpage_submit_page} samples i_size before {@code clear_page_dirty_for_io}, so a store that
 * lands in between is zeroed as the tail beyond the old size; after it the sample follows the write-protect; with
 * the sample moved back the bug returns.
 */
class Ext4WritebackSizeSampleTest {
    private static final long LAST_WORD = Sample.PAGE_OFFSET + PageSize.PAGE_SIZE - Long.BYTES;

    private static Sample race(FileSystem fs, String schedule) {
        Sample s = Sample.create(fs, Race.EXTEND_MMAP_WRITE, new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run(schedule);
        }
        return s;
    }

    @Test
    void before_a056bdaa_aStoreBetweenTheSizeSampleAndTheWriteProtectIsZeroed() {
        Sample s = race(new Ext4_32ebffd3(), "B:EXT4_SUBMIT_SIZE_SAMPLED,A,B");
        assertEquals(Outcome.LOST_WRITE, s.judge());
        assertEquals(0, s.store().faults, "the store went through the still-writable pte");
        assertEquals(0L, s.inode().backing().read(LAST_WORD), "the writeback zeroed it as the old tail");
        assertEquals(Sample.SIZE, Inode.i_size_read(s.inode()), "though the file had grown");
    }

    @Test
    void before_a056bdaa_anExtensionBeforeTheWritebackIsSeen() {
        assertEquals(Outcome.OK, race(new Ext4_32ebffd3(), "A,B").judge());
        assertEquals(Outcome.OK, race(new Ext4_32ebffd3(), "B,A").judge());
    }

    @Test
    void a056bdaa_samplesAfterTheWriteProtectSoTheStoreFaultsAndWaits() {
        Sample s = race(new Ext4_a056bdaa(), "B:WRITEBACK_PTES_PROTECTED,A,B");
        assertEquals(Outcome.OK, s.judge());
        assertEquals(1, s.store().faults, "the write-protected page made the store fault");
        assertEquals(Sample.VALUE, s.inode().backing().read(LAST_WORD));
    }

    @Test
    void theNewestExt4KeepsTheFix() {
        assertEquals(Outcome.OK, race(new Ext4_6_12(), "B:WRITEBACK_PTES_PROTECTED,A,B").judge());
        assertEquals(Outcome.OK, race(new Ext4_52aecaee(), "B:WRITEBACK_PTES_PROTECTED,A,B").judge());
    }

    /** a056bdaa with its one change reverted: i_size sampled before clear_page_dirty_for_io again. */
    static final class WithTheSizeSampledFirst extends Ext4_a056bdaa {
        @Override
        protected int mpage_submit_page(Folio folio) {
            long size = Inode.i_size_read(folio.mapping.host);
            Points.at(EXT4_SUBMIT_SIZE_SAMPLED);
            PageWriteback.folio_clear_dirty_for_io(folio);
            return ext4_bio_write_page(folio, size);
        }
    }

    @Test
    void withTheSampleMovedBackTheBugIsBack() {
        assertEquals(Outcome.LOST_WRITE, race(new WithTheSizeSampledFirst(), "B:EXT4_SUBMIT_SIZE_SAMPLED,A,B").judge());
    }

    @Test
    void withBlocksBelowAPageTheExtensionWaitsForTheWriteback() {
        FileSystem fs = new Ext4_32ebffd3().withBlockSize(1024);
        Sample s = Sample.create(fs, Race.EXTEND_MMAP_WRITE, new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run("B:EXT4_SUBMIT_SIZE_SAMPLED,A,B");
        }
        assertEquals(Outcome.OK, s.judge(), "pagecache_isize_extended locks the page the writeback holds");
        assertEquals(Sample.VALUE, s.inode().backing().read(LAST_WORD));
    }
}
