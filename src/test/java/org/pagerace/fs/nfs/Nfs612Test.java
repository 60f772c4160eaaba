package org.pagerace.fs.nfs;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Filesystems;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.ModelBacking;
import org.pagerace.mm.PageSize;
import org.pagerace.sched.Point;
import org.pagerace.sched.StepScheduler;

/**
 * nfs@6.12, one interleaving per test. Actor A is the store into page 1 (mapped read-only by the set-up's read
 * fault: nfs has a page_mkwrite, so the mapping is write-notified), B the race partner.
 */
class Nfs612Test {
    private static Sample race(FileSystem fs, String race, String schedule) {
        Sample s = Sample.create(fs, Race.byId(race), new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run(schedule);
        }
        return s;
    }

    private static FileSystem nfs() {
        return Filesystems.resolve("nfs@6.12").create();
    }

    /** nfs@6.12 without the nfs_folio_length test: every page counts as wholly inside EOF. */
    static final class WithoutLengthCheck extends Nfs_6_12 {
        @Override
        protected long nfs_folio_length(Folio folio, Inode inode) {
            return PageSize.PAGE_SIZE;
        }
    }

    /**
     * Writeback waits for the folio lock the handler holds to the dirty pte: nothing is cleaned in between. (That an
     * unlocked return opens this window is NfsClosePageMkwriteRacesTest's: nfs@2.6.29 is the fix undone.)
     */
    @Test
    void writebackCannotCleanThePageBetweenTheRequestAndTheDirtyPte() {
        Sample s = Sample.create(nfs(), Race.byId("writeback"), new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.runUntil("A", Point.MKWRITE_RETURNED);
            sched.runWhileEnabled("B");
            assertTrue(sched.isBlocked("B"), "writeback waits for the folio lock the handler returned with");
            sched.finishAll();
        }
        assertFalse(s.judge().isBug(), "gave " + s.judge());
    }

    /** i_size is written (B stopped there): the handler finds the page past EOF and returns NOPAGE; then SIGBUS. */
    @Test
    void aPagePastTheNewEofIsRefusedByTheLengthCheck() {
        Sample s = race(nfs(), "truncate-down", "B:TRUNCATE_SIZE_WRITTEN,A");
        assertEquals(Outcome.SIGBUS, s.judge());
        assertTrue(s.store().retries() > 0, "the handler returned NOPAGE at least once before the fault's SIGBUS");
    }

    /** Without nfs_folio_length's test the store goes into the page past EOF, and truncate then discards it. */
    @Test
    void withoutTheLengthCheckTheStoreLandsInAPagePastEofAndIsDiscarded() {
        Sample s = race(new WithoutLengthCheck(), "truncate-down", "B:TRUNCATE_SIZE_WRITTEN,A");
        assertEquals(Outcome.DISCARDED, s.judge());
    }

    /** nfs_setattr writes back first: it waits for the folio lock the handler holds, before it writes i_size. */
    @Test
    void truncateWritesBackFirstAndSoWaitsForTheHandlersFolioLock() {
        Sample s = Sample.create(nfs(), Race.byId("truncate-down"), new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.runUntil("A", Point.MKWRITE_CHECKED);
            sched.runWhileEnabled("B");
            assertTrue(sched.isBlocked("B"), "nfs_sync_inode waits for the folio lock");
            assertEquals(Sample.SIZE, Inode.i_size_read(s.inode()), "i_size not yet written");
            sched.finishAll();
        }
        assertEquals(Outcome.DISCARDED, s.judge());
    }

    /**
     * The server deallocates before the client drops its page cache, so a page faulted back in after
     * truncate_pagecache_range reads the hole and keeps the store (no block freed behind it, unlike a local punch
     * that frees blocks after the page cache).
     */
    @Test
    void aPageFaultedBackInAfterThePunchKeepsTheStore() {
        Sample s = race(nfs(), "punch-hole", "B:TRUNCATE_REMOVED,A");
        assertFalse(s.judge().isBug(), "gave " + s.judge());
        assertEquals(Sample.VALUE, s.inode().backing().read(Sample.PAGE_OFFSET));
    }

    @Test
    void anEnomemFromTheRequestIsASigbus() {
        assertEquals(Outcome.SPURIOUS_SIGBUS, race(nfs(), "enomem", "B,A").judge());
    }
}
