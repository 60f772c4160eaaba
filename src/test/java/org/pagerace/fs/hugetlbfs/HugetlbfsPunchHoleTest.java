package org.pagerace.fs.hugetlbfs;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Filesystems;
import org.pagerace.mm.Folio;
import org.pagerace.mm.ModelBacking;
import org.pagerace.mm.Pte;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.StepScheduler;

/**
 * hugetlbfs either side of 4aae8d1c051e "mm/hugetlbfs: unmap pages if page fault raced with hole punch", one
 * interleaving per test. Actor A stores into page 1, which the set-up's read fault mapped writable (a shared
 * hugetlbfs mapping is not write-notified), so the store faults only once the punch has unmapped it; B punches the
 * page ({@code punch-hole}).
 */
class HugetlbfsPunchHoleTest {
    private static Sample race(FileSystem fs, String schedule) {
        Sample s = Sample.create(fs, Race.PUNCH_HOLE, new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run(schedule);
        }
        return s;
    }

    private static FileSystem hugetlbfs(String version) {
        return Filesystems.resolve("hugetlbfs@" + version).create();
    }

    /** hugetlbfs@4aae8d1c whose fault path does not take the hugetlb fault mutex. */
    static final class WithoutFaultMutex extends Hugetlbfs_4aae8d1c {
        @Override
        protected int hugetlb_fault(VmFault vmf) {
            int ret = 0;
            if (Pte.pte_none(vmf.vma.ptep_get(vmf.pgoff))) {
                ret = hugetlb_no_page(vmf.vma, vmf.mapping(), vmf.pgoff, vmf.flags);
            }
            return ret == 0 ? org.pagerace.mm.VmFaultReason.VM_FAULT_NOPAGE : ret;
        }
    }

    /** 4.4: the store faults the page back in after the punch's unmap; the removal pass finds it mapped and leaves it. */
    @Test
    void aFaultBetweenTheUnmapAndTheRemovalLeavesThePageInTheHole() {
        Sample s = race(hugetlbfs("4.4"), "B:TRUNCATE_UNMAPPED,A,B");
        Folio left = s.inode().i_mapping.peek(Sample.PAGE);
        assertNotNull(left, "remove_inode_hugepages left the mapped page in the page cache");
        assertTrue(Folio.folio_mapped(left), "and mapped: " + left);
        assertEquals(1, s.store().faults, "the store faulted once, after the unmap");
        assertEquals(Outcome.HOLE_NOT_EMPTY, s.judge());
    }

    /** 4.4: a store before the punch lands through the set-up's pte; the punch unmaps and removes the page. */
    @Test
    void aStoreBeforeThePunchIsDiscarded() {
        Sample s = race(hugetlbfs("4.4"), "A,B");
        assertEquals(0, s.store().faults, "a store to a mapped hugetlbfs page takes no fault");
        assertNull(s.inode().i_mapping.peek(Sample.PAGE));
        assertEquals(Outcome.DISCARDED, s.judge());
    }

    /**
     * 4.4: a store after the punch faults in a new, cleared page, which a correct punch may leave: user space cannot
     * tell it from a fault after the punch (4aae8d1c051e's message), and the oracle does not judge it.
     */
    @Test
    void aStoreAfterThePunchFaultsInANewPage() {
        Sample s = Sample.create(hugetlbfs("4.4"), Race.PUNCH_HOLE, new ModelBacking(Sample.SIZE, Sample.SIZE));
        Folio before = s.inode().i_mapping.peek(Sample.PAGE);
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run("B,A");
        }
        Folio after = s.inode().i_mapping.peek(Sample.PAGE);
        assertNotNull(after, "the store faulted a page into the hole");
        assertNotSame(before, after, "a new page, not the one the punch found");
        assertEquals(Outcome.OK, s.judge());
    }

    /**
     * Both: while the removal pass holds the page's fault mutex, a fault on the page waits for it, then finds the
     * hole and maps a new page.
     */
    @Test
    void theFaultMutexHoldsTheFaultOutOfTheRemoval() {
        for (String version : new String[] {"4.4", "4aae8d1c"}) {
            Sample s = race(hugetlbfs(version), "B:HUGETLBFS_REMOVE_MUTEX_HELD,A,B");
            Folio page = s.inode().i_mapping.peek(Sample.PAGE);
            assertNotNull(page, version + ": the fault mapped a page into the hole after the removal");
            assertEquals(Outcome.OK, s.judge(), version);
        }
    }

    /** 4aae8d1c: the same interleaving as 4.4's bug: the removal pass unmaps the page again and removes it. */
    @Test
    void theFixUnmapsAndRemovesAPageFaultedInAfterTheUnmap() {
        Sample s = race(hugetlbfs("4aae8d1c"), "B:TRUNCATE_UNMAPPED,A,B");
        assertNull(s.inode().i_mapping.peek(Sample.PAGE), "the removal pass removed the page");
        assertNull(s.vma().ptep_get(Sample.PAGE), "after unmapping it again");
        assertEquals(Outcome.DISCARDED, s.judge());
    }

    /**
     * 4aae8d1c: a fault that has its page locked before the removal pass takes the mutex finishes mapping it first
     * (the mutex); the removal pass then finds it mapped, unmaps it and removes it: no pte is left on a removed page.
     */
    @Test
    void theFixsUnmapRunsAfterAFaultHoldingTheMutexHasMappedThePage() {
        Sample s = race(hugetlbfs("4aae8d1c"), "B:TRUNCATE_UNMAPPED,A:HUGETLB_PAGE_LOCKED,B,A");
        assertNull(s.inode().i_mapping.peek(Sample.PAGE));
        assertNull(s.vma().ptep_get(Sample.PAGE));
        assertEquals(Outcome.DISCARDED, s.judge());
    }

    /**
     * The fix without the fault mutex in the fault path: the removal pass checks the page before the fault maps it,
     * and removes it after, while a pte still maps it (the kernel would free a mapped huge page).
     */
    @Test
    void withoutTheFaultMutexThePageIsRemovedWhileMapped() {
        Sample s = race(new WithoutFaultMutex(), "B:TRUNCATE_UNMAPPED,A:HUGETLB_PAGE_LOCKED,B,A");
        assertNull(s.inode().i_mapping.peek(Sample.PAGE), "the page left the page cache");
        Pte pte = s.vma().ptep_get(Sample.PAGE);
        assertNotNull(pte, "but a pte still maps it");
        assertNull(pte.folio().mapping, "a page removed from the page cache");
    }

    /**
     * 4.4, truncate-down: a fault between the truncate's unmap and its removal pass finds the page still cached but
     * re-checks i_size under the pte lock and backs out with SIGBUS, so the removal pass never meets a mapped page
     * in a truncation (its BUG_ON).
     */
    @Test
    void aFaultInsideATruncateSeesTheNewSizeUnderThePteLock() {
        Sample s = Sample.create(hugetlbfs("4.4"), Race.TRUNCATE_DOWN, new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run("B:TRUNCATE_UNMAPPED,A,B");
        }
        assertNull(s.vma().ptep_get(Sample.PAGE));
        assertEquals(Outcome.SIGBUS, s.judge());
    }
}
