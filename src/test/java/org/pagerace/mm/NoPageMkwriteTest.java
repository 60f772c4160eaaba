package org.pagerace.mm;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A shared mapping whose {@code vm_ops} has no {@code page_mkwrite} (shmem's, or 2.6.37's {@code generic_file_vm_ops}),
 * in both eras: never asked; a write fault on a none pte installs the pte at once ({@code do_shared_fault} /
 * {@code __do_fault}); a write to a read-only pte reuses the page ({@code wp_page_reuse}); and the read fault's pte
 * is writable exactly when the mapping is not write-notified ({@code vma_wants_writenotify}: no page_mkwrite and a
 * bdi that cannot write back).
 */
class NoPageMkwriteTest {
    private static final int PAGES = 4;
    private static final long SIZE = (long) PAGES * PageSize.PAGE_SIZE;
    private static final long PAGE1 = PageSize.PAGE_SIZE;

    /** A 4-page file mapped shared, whose vm_ops has fault and no page_mkwrite; {@code canWriteback}: its bdi's. */
    private static VmAreaStruct mapping(Era era, boolean canWriteback) {
        Inode inode = new Inode(SIZE, new ModelBacking(SIZE, SIZE), PAGES);
        inode.i_mapping.a_ops = new AddressSpaceOperations() {
            @Override
            public boolean dirty_folio(AddressSpace mapping, Folio folio) {
                return PageWriteback.filemap_dirty_folio(mapping, folio);
            }

            @Override
            public int writepage(Folio folio) {
                Folio.folio_start_writeback(folio);
                Folio.folio_unlock(folio);
                inode.backing().writeback(folio.index);
                Folio.folio_end_writeback(folio);
                return 0;
            }

            @Override
            public boolean release_folio(Folio folio) {
                return true;
            }

            @Override
            public void invalidate_folio(Folio folio, long offset, long length) {
            }

            @Override
            public boolean bdi_cap_writeback() {
                return canWriteback;
            }
        };
        return new VmAreaStruct(new MmStruct(era), inode.i_mapping, new VmOperations() {
            @Override
            public int fault(VmFault vmf) {
                return Filemap.filemap_fault(vmf);
            }

            @Override
            public int page_mkwrite(VmFault vmf) {
                throw new AssertionError("page_mkwrite called on a vm_ops that has none");
            }

            @Override
            public boolean has_page_mkwrite() {
                return false;
            }
        }, PAGES);
    }

    @ParameterizedTest
    @EnumSource(Era.class)
    void notWriteNotifiedTheReadFaultMapsWritableAndAStoreTakesNoFault(Era era) {
        VmAreaStruct vma = mapping(era, false);
        assertEquals(0, UserAccess.load(vma, PAGE1));
        Pte pte = vma.ptep_get(1);
        assertTrue(pte.write() && !pte.dirty(), "read fault: writable, clean: " + pte);
        StoreResult r = UserAccess.store(vma, PAGE1, 42);
        assertEquals(0, r.faults);
        assertTrue(vma.ptep_get(1).dirty(), "the store set the pte's dirty bit");
        assertEquals(0, PageWriteback.filemap_write_and_wait_range(vma.vm_file, 0, PAGES - 1));
        assertTrue(vma.ptep_get(1).write(), "a mapping that cannot write back is never write-protected by writeback");
    }

    @ParameterizedTest
    @EnumSource(Era.class)
    void aWriteFaultOnANonePteInstallsTheDirtyPteWithoutPageMkwrite(Era era) {
        VmAreaStruct vma = mapping(era, false);
        StoreResult r = UserAccess.store(vma, PAGE1, 42);
        assertEquals(1, r.faults);
        Folio folio = vma.ptep_get(1).folio();
        assertTrue(vma.ptep_get(1).write() && vma.ptep_get(1).dirty());
        assertTrue(Folio.folio_test_dirty(folio), "fault_dirty_shared_page dirtied the folio");
        assertFalse(Folio.folio_test_locked(folio));
        assertEquals(42, vma.vm_file.host.backing().read(PAGE1));
    }

    @ParameterizedTest
    @EnumSource(Era.class)
    void writeNotifiedWithoutPageMkwriteAWriteToTheReadOnlyPteReusesThePage(Era era) {
        VmAreaStruct vma = mapping(era, true);
        assertEquals(0, UserAccess.load(vma, PAGE1));
        assertFalse(vma.ptep_get(1).write(), "write-notified (the bdi writes back): the read fault maps read-only");
        Folio folio = vma.ptep_get(1).folio();
        StoreResult r = UserAccess.store(vma, PAGE1, 42);
        assertEquals(1, r.faults);
        assertSame(folio, vma.ptep_get(1).folio(), "wp_page_reuse keeps the page");
        assertTrue(vma.ptep_get(1).write() && vma.ptep_get(1).dirty());
        assertTrue(Folio.folio_test_dirty(folio));
        assertFalse(Folio.folio_test_locked(folio));
        assertEquals(2, Folio.folio_ref_count(folio), "the page cache's reference and the pte's, nothing leaked");
        PageWriteback.filemap_write_and_wait_range(vma.vm_file, 0, PAGES - 1);
        assertFalse(vma.ptep_get(1).write(), "writeback write-protected it again");
        assertEquals(1, UserAccess.store(vma, PAGE1, 43).faults, "so the next store faults again");
        assertTrue(Folio.folio_test_dirty(folio));
    }
}
