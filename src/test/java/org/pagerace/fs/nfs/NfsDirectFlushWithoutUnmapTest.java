package org.pagerace.fs.nfs;

import static org.junit.jupiter.api.Assertions.*;
import static org.pagerace.mm.Folio.*;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.Filesystems;
import org.pagerace.mm.Folio;
import org.pagerace.mm.ModelBacking;
import org.pagerace.mm.Pte;
import org.pagerace.sched.StepScheduler;

/**
 * Why HISTORY.md's H26 (e231c6879cfd "NFS: Fix a race between mmap() and O_DIRECT", 2016) is not replayed: the fix
 * put {@code unmap_mapping_range} before {@code nfs_wb_all} where O_DIRECT switches the file to direct mode
 * ({@code nfs_block_buffered} now calls {@code nfs_sync_mapping}), "so that we can flush out the dirty data". The
 * odirect-read partner against nfs@6.12 runs the generic flush without that unmap, the shape before the fix, and
 * nfs@6.12's {@code nfs_vm_page_mkwrite} has 4.8's shape (folio lock, mapping recheck, wait for writeback, the
 * request, LOCKED). A store through a pte is always notified first (the mapping is write-notified), and the flush's
 * {@code clear_page_dirty_for_io} write-protects the page before it cleans it: a store that completed before the
 * flush is written by it, and a later one faults again into {@code nfs_vm_page_mkwrite}. The unmap has nothing left
 * to flush. Actor A is the store at the start of page 1 (mapped read-only by the set-up's read fault), B the O_DIRECT
 * read.
 */
class NfsDirectFlushWithoutUnmapTest {
    private static Sample race(String schedule) {
        Sample s = Sample.create(Filesystems.resolve("nfs@6.12").create(), Race.byId("odirect-read"),
                new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run(schedule);
        }
        return s;
    }

    /** The store lands, then the O_DIRECT read's flush runs: the page is written, cleaned and write-protected. */
    @Test
    void aStoreBeforeTheFlushIsWrittenAndItsPageWriteProtected() {
        Sample s = race("A,B");
        Folio folio = s.inode().i_mapping.peek(Sample.PAGE);
        Pte pte = s.vma().ptep_get(Sample.PAGE);
        assertEquals(Outcome.OK, s.judge());
        assertFalse(folio_test_dirty(folio), "the flush cleaned the page");
        assertTrue(pte == null || !Pte.pte_write(pte), "a clean page mapped writable: the next store would not be "
                + "notified, and only an unmap would catch it");
        assertEquals(Sample.VALUE, s.inode().backing().read(Sample.PAGE_OFFSET));
    }

    /** The flush runs first: the store then faults into nfs_vm_page_mkwrite and dirties the page it prepared. */
    @Test
    void aStoreAfterTheFlushIsNotifiedAgain() {
        Sample s = race("B,A");
        Folio folio = s.inode().i_mapping.peek(Sample.PAGE);
        assertFalse(s.judge().isBug(), "gave " + s.judge());
        assertTrue(folio_test_dirty(folio), "the store's page_mkwrite dirtied the page: the next flush writes it");
    }
}
