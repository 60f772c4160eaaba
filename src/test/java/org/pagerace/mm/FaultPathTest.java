package org.pagerace.mm;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pagerace.sched.Point;
import org.pagerace.sched.StepScheduler;

/**
 * The fault path's contract with page_mkwrite, as the 2010 thread argued it, on both eras and both backings,
 * each interleaving forced with {@link StepScheduler}.
 */
class FaultPathTest {
    static Stream<Arguments> eraAndBacking() {
        return Stream.of(Era.values()).flatMap(e -> Stream.of("model", "file").map(b -> Arguments.of(e, b)));
    }

    @ParameterizedTest
    @MethodSource("eraAndBacking")
    void lockedReturnDirtiesThePageExactlyOnce(Era era, String backing) {
        try (MmFixture f = new MmFixture(era, backing, MmFixture::lockedHandler)) {
            StoreResult r = f.store(42);
            assertEquals(StoreResult.Status.STORED, r.status);
            assertEquals(1, r.faults);
            assertEquals(1, f.mkwriteCalls.get());
            assertEquals(1, f.newlyDirtied.get(), "one dirtying for one write fault");
            assertSame(f.page1, r.folio);
            assertTrue(f.vma.ptep_get(1).write() && f.vma.ptep_get(1).dirty());
            assertFalse(Folio.folio_test_locked(f.page1), "the VM unlocked the page");
            assertEquals(42, f.backing.read(MmFixture.PAGE1));
        }
    }

    @ParameterizedTest
    @MethodSource("eraAndBacking")
    void zeroReturnIsAMinorFaultTheVmLocksThePageItself(Era era, String backing) {
        try (MmFixture f = new MmFixture(era, backing, MmFixture::zeroHandler);
             StepScheduler s = new StepScheduler()) {
            AtomicInteger lockedAfterReturn = new AtomicInteger(-1);
            s.actor("A", () -> f.store(7));
            s.runUntil("A", Point.MKWRITE_UNLOCKED);
            lockedAfterReturn.set(Folio.folio_test_locked(f.page1) ? 1 : 0);
            s.step("A");
            assertTrue(Folio.folio_test_locked(f.page1), "after a 0 return the VM takes the page lock itself");
            s.finishAll();
            assertEquals(0, lockedAfterReturn.get(), "the handler returned the page unlocked");
            assertEquals(7, f.backing.read(MmFixture.PAGE1));
        }
    }

    @ParameterizedTest
    @MethodSource("eraAndBacking")
    void zeroReturnOnATruncatedPageInstallsNothingAndTheFaultRestarts(Era era, String backing) {
        try (MmFixture f = new MmFixture(era, backing, MmFixture::zeroHandler);
             StepScheduler s = new StepScheduler()) {
            StoreResult[] r = new StoreResult[1];
            s.actor("A", () -> r[0] = f.store(9)).actor("B", () -> {
                f.truncate(MmFixture.PAGE1);
                f.truncate(MmFixture.SIZE);
            });
            s.run("A:MKWRITE_UNLOCKED,B");
            assertNull(f.page1.mapping, "truncate removed the page the handler saw");
            assertEquals(StoreResult.Status.STORED, r[0].status);
            assertEquals(2, r[0].faults, "the VM found mapping == NULL, installed nothing and the fault restarted");
            assertNotSame(f.page1, r[0].folio, "the retried fault stored into a new page");
            assertEquals(0, Folio.folio_mapcount(f.page1), "no pte maps the truncated page");
            assertEquals(0, Folio.folio_ref_count(f.page1), "and nothing holds it");
            assertEquals(9, f.backing.read(MmFixture.PAGE1));
        }
    }

    @ParameterizedTest
    @MethodSource("eraAndBacking")
    void nopageMakesTheVmDropThePageAndRetry(Era era, String backing) {
        AtomicInteger calls = new AtomicInteger();
        try (MmFixture f = new MmFixture(era, backing, vmf -> calls.incrementAndGet() == 1
                ? VmFaultReason.VM_FAULT_NOPAGE : MmFixture.lockedHandler(vmf))) {
            int refsBefore = Folio.folio_ref_count(f.page1);
            StoreResult r = f.store(5);
            assertEquals(2, r.faults, "NOPAGE: the VM does nothing and the access faults again");
            assertEquals(2, f.mkwriteCalls.get());
            assertEquals(1, f.newlyDirtied.get());
            assertEquals(refsBefore, Folio.folio_ref_count(f.page1), "the reference taken for the fault was dropped");
            assertEquals(5, f.backing.read(MmFixture.PAGE1));
        }
    }

    @ParameterizedTest
    @MethodSource("eraAndBacking")
    void aPteChangedDuringPageMkwriteMakesTheFaultRestart(Era era, String backing) {
        try (MmFixture f = new MmFixture(era, backing, MmFixture::lockedHandler);
             StepScheduler s = new StepScheduler()) {
            List<Long> returns = new java.util.ArrayList<>();
            s.actor("A", () -> f.store(11)).actor("B", () -> Memory.unmap_mapping_range(f.inode.i_mapping, 0, 0, false));
            s.run("A:MKWRITE_CHECKED,B");
            for (StepScheduler.Step st : s.trace()) {
                for (String e : st.events()) {
                    if (e.startsWith("fault_returned")) {
                        returns.add(Long.parseLong(e.replaceAll("\\D", "")));
                    }
                }
            }
            long first = returns.get(0);
            if (era == Era.MODERN) {
                assertEquals(VmFaultReason.VM_FAULT_NOPAGE, first, "finish_mkwrite_fault: !pte_same → NOPAGE");
            } else {
                assertEquals(0, first, "2.6.37 do_wp_page: !pte_same → unlock and return 0");
            }
            assertEquals(2, f.mkwriteCalls.get(), "the restarted fault called page_mkwrite again");
            assertEquals(11, f.backing.read(MmFixture.PAGE1));
        }
    }

    @ParameterizedTest
    @MethodSource("eraAndBacking")
    void truncateOfAMappedDirtyPageZapsRemovesAndDiscards(Era era, String backing) {
        try (MmFixture f = new MmFixture(era, backing, MmFixture::lockedHandler)) {
            f.store(13);
            assertTrue(Folio.folio_test_dirty(f.page1));
            f.truncate(MmFixture.PAGE1);
            assertNull(f.vma.ptep_get(1), "the pte was zapped");
            assertNull(f.page1.mapping, "the page left the page cache");
            assertFalse(Folio.folio_test_dirty(f.page1), "its dirty state was cancelled");
            assertEquals(0, Folio.folio_ref_count(f.page1));
            assertEquals(0, f.backing.read(MmFixture.PAGE1), "the data is gone");
            assertEquals(StoreResult.Status.SIGBUS, f.store(14).status, "the page is beyond EOF now");
        }
    }

    @ParameterizedTest
    @MethodSource("eraAndBacking")
    void writebackWriteProtectsSoTheNextStoreCallsPageMkwriteAgain(Era era, String backing) {
        try (MmFixture f = new MmFixture(era, backing, MmFixture::lockedHandler)) {
            f.store(1);
            assertEquals(0, PageWriteback.filemap_write_and_wait_range(f.inode.i_mapping, 1, 1));
            assertFalse(Folio.folio_test_dirty(f.page1));
            assertFalse(f.vma.ptep_get(1).write(), "folio_mkclean write-protected the pte");
            f.store(2);
            assertEquals(2, f.mkwriteCalls.get());
            assertEquals(2, f.newlyDirtied.get());
        }
    }
}
