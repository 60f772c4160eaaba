package org.pagerace.fs.gfs2;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Sample;
import org.pagerace.fs.BlockMap;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.PartnerSteps;
import org.pagerace.mm.Inode;

/**
 * H9's truncate half made deterministic ({@code partial-page}, 1 KiB blocks): the store's fault runs to its writable
 * pte before the partner, then the partner shrinks the file to 100 bytes into the page (freeing the page's blocks
 * beyond that block) and grows it back, then the store lands. gfs2 5.3's bare {@code i_size_write} in
 * {@code do_grow} leaves the pte writable, so the store lands over a freed block; "gfs2: Improve mmap write vs.
 * truncate consistency" ({@code truncate_setsize}) write-protects the page, so the store faults and
 * {@code gfs2_page_mkwrite} allocates the block again.
 */
class Gfs2TruncateConsistencyTest {
    /**
     * The fault to its writable pte and on to the store's retry (the VM has unlocked the page), the whole shrink and
     * extension, then the store.
     */
    private static final String STORE_AFTER_THE_EXTENSION = "A:PTE_WRITABLE,A:STORE,B,A";
    /** The shrink, the store in the gap (its fault and all), then the extension. */
    private static final String STORE_IN_THE_GAP = "B:PARTIAL_GAP,A,B";
    private static final long STORE = Sample.PAGE_OFFSET + 2048;

    private static FileSystem at1k(String model) {
        return Filesystems.resolve(model).create().withBlockSize(1024);
    }

    private static Sample run(FileSystem fs, String schedule) {
        return PartnerSteps.run(PartnerSteps.sample(fs, "partial-page"), schedule);
    }

    /** gfs2 with the commit reverted: {@code do_grow}'s bare {@code i_size_write} again. */
    static final class FixReverted extends Gfs2_b473bc2d {
        @Override
        protected void do_grow(Inode inode, long size) {
            inode.backing().truncate(size);
            Inode.i_size_write(inode, size);
        }
    }

    @Test
    void beforeTheFixTheStoreLandsOverTheBlockTheShrinkFreed() {
        Sample s = run(at1k("gfs2@5.3"), STORE_AFTER_THE_EXTENSION);
        assertEquals(Outcome.UNBACKED_DIRTY, s.judge());
        assertEquals(BlockMap.NONE, BlockMap.of(s.inode()).blockStateAt(STORE), "no block under the store");
        assertEquals(1, s.store().faults, "the store faulted once, before the shrink");
    }

    @Test
    void afterTheFixTheStoreFaultsAgainAndTheBlockIsAllocated() {
        Sample s = run(at1k("gfs2@b473bc2d"), STORE_AFTER_THE_EXTENSION);
        assertFalse(s.judge().isBug(), s.judge().id());
        assertEquals(Outcome.OK_RETRIED, s.judge(), "the write-protected page faults a second time");
        assertNotEquals(BlockMap.NONE, BlockMap.of(s.inode()).blockStateAt(STORE), "page_mkwrite allocated it again");
    }

    @Test
    void revertingTheFixBringsTheBugBack() {
        assertEquals(Outcome.UNBACKED_DIRTY, run(new FixReverted().withBlockSize(1024), STORE_AFTER_THE_EXTENSION)
                .judge());
    }

    @Test
    void atThePageSizeTheShrinkFreesNoBlockOfThePage() {
        assertEquals(Outcome.OK, run(Filesystems.resolve("gfs2@5.3").create(), STORE_AFTER_THE_EXTENSION).judge());
    }

    /**
     * A fault in the gap allocates the whole page, blocks beyond i_size included (PAGE_SIZE, until 184b4e60853d
     * "gfs2: Fix end-of-file handling in gfs2_page_mkwrite"), so a store there is backed and kept.
     */
    @Test
    void aFaultInTheGapAllocatesTheWholePage() {
        Sample s = run(at1k("gfs2@5.3"), STORE_IN_THE_GAP);
        assertEquals(Outcome.TAIL_KEPT, s.judge());
        assertNotEquals(BlockMap.NONE, BlockMap.of(s.inode()).blockStateAt(STORE));
    }
}
