package org.pagerace.fs.shmem;

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
import org.pagerace.mm.Pte;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.StepScheduler;

/**
 * shmem@6.12, one interleaving per test. Actor A is the store into page 1 (mapped writable and clean by the set-up's
 * read fault: a tmpfs mapping is not write-notified), B the race partner.
 */
class Shmem612Test {
    private static Sample prepare(FileSystem fs, String race) {
        return Sample.create(fs, Race.byId(race), new ModelBacking(Sample.SIZE, Sample.SIZE));
    }

    private static Sample run(Sample s, String schedule) {
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run(schedule);
        }
        return s;
    }

    private static Sample race(FileSystem fs, String race, String schedule) {
        return run(prepare(fs, race), schedule);
    }

    private static FileSystem shmem() {
        return Filesystems.resolve("shmem@6.12").create();
    }

    /** shmem@6.12 with shmem_fault's wait for a punch taken out. */
    static final class WithoutFallocWait extends Shmem_6_12 {
        @Override
        protected int shmem_falloc_wait(VmFault vmf, Inode inode) {
            return 0;
        }
    }

    /** shmem@6.12 with shmem_get_folio_gfp's i_size checks (SGP_CACHE) taken out. */
    static final class WithoutSizeChecks extends Shmem_6_12 {
        @Override
        protected boolean sgp_cache_beyond_eof(Inode inode, long index) {
            return false;
        }
    }

    @Test
    void theReadFaultMapsThePageWritableSoAStoreTakesNoFault() {
        Sample s = race(shmem(), "mkwrite", "A,B");
        Pte pte = s.vma().ptep_get(Sample.PAGE);
        assertEquals(Outcome.OK, s.judge());
        assertEquals(0, s.store().faults, "a store to a mapped tmpfs page takes no fault");
        assertTrue(pte.write() && pte.dirty(), "the MMU set the dirty bit of the writable pte: " + pte);
    }

    @Test
    void writebackDoesNothingOnTmpfs() {
        Sample s = race(shmem(), "writeback", "A,B");
        assertEquals(Outcome.OK, s.judge());
        Pte pte = s.vma().ptep_get(Sample.PAGE);
        assertTrue(pte.write() && pte.dirty(), "tmpfs cannot write back: the pte stays writable and dirty: " + pte);
    }

    @Test
    void aStoreAfterTruncateGetsSigbusFromShmemFaultsSizeCheck() {
        Sample s = race(shmem(), "truncate-down", "B,A");
        assertEquals(Outcome.SIGBUS, s.judge());
        assertNull(s.inode().i_mapping.peek(Sample.PAGE), "no page was brought in beyond EOF");
    }

    @Test
    void withoutTheSizeCheckAFaultBringsAPageInBeyondEof() {
        Sample s = race(new WithoutSizeChecks(), "truncate-down", "B,A");
        assertTrue(s.judge().isBug(), "gave " + s.judge());
        assertNotNull(s.inode().i_mapping.peek(Sample.PAGE), "the fault left page 1 cached beyond EOF");
    }

    /** B has published its shmem_falloc and zapped the pte; A's fault sleeps until the punch ends. */
    @Test
    void aFaultIntoAHoleBeingPunchedWaitsForThePunchAndLandsInANewPage() {
        try (StepScheduler sched = new StepScheduler()) {
            Sample s = prepare(shmem(), "punch-hole");
            Folio initial = s.inode().i_mapping.peek(Sample.PAGE);
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.runUntil("B", Point.TRUNCATE_UNMAPPED);
            sched.runWhileEnabled("A");
            assertTrue(sched.isBlocked("A"), "the fault waits while the punch covers its page");
            assertEquals("SHMEM_FALLOC_WAIT", sched.at("A").name());
            sched.finishAll();
            assertEquals(Outcome.OK_RETRIED, s.judge());
            assertNotSame(initial, s.store().folio, "the store went into a page faulted in after the punch");
        }
    }

    /**
     * What shmem_falloc_wait excludes: a fault bringing the page back into the hole while the punch runs. Without
     * it, the store lands in the old page, which the punch then removes (DISCARDED, a correct outcome: the kernel's
     * reason for the wait, f00cdc6df7d7's livelock of a punch against a fault loop, needs more than one store).
     */
    @Test
    void withoutTheWaitTheFaultTakesTheOldPageWhichThePunchThenRemoves() {
        Sample s = prepare(new WithoutFallocWait(), "punch-hole");
        Folio initial = s.inode().i_mapping.peek(Sample.PAGE);
        run(s, "B:TRUNCATE_UNMAPPED,A");
        assertEquals(Outcome.DISCARDED, s.judge());
        assertSame(initial, s.store().folio, "the store went into the page the punch was removing");
    }
}
