package org.pagerace.mm;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Misuse of the mirror is a clear exception, never a silently wrong state. */
class BadInputTest {
    @Test
    void operationsOnAReleasedInodeThrow() {
        try (MmFixture f = new MmFixture(Era.MODERN, "model", MmFixture::lockedHandler)) {
            f.inode.release();
            assertThrows(IllegalStateException.class, () -> f.store(1));
            assertThrows(IllegalStateException.class, () -> Inode.i_size_write(f.inode, 0));
        }
    }

    @Test
    void negativeSizesThrow() {
        assertThrows(IllegalArgumentException.class, () -> new Inode(-1, new ModelBacking(0, 4096), 1));
        try (MmFixture f = new MmFixture(Era.MODERN, "model", MmFixture::lockedHandler)) {
            assertThrows(IllegalArgumentException.class, () -> Inode.i_size_write(f.inode, -4096));
        }
    }

    @Test
    void faultsOutsideTheVmaThrow() {
        try (MmFixture f = new MmFixture(Era.MODERN, "model", MmFixture::lockedHandler)) {
            assertThrows(IllegalArgumentException.class, () -> UserAccess.store(f.vma, 4L * PageSize.PAGE_SIZE, 1));
            assertThrows(IllegalArgumentException.class, () -> Memory.handle_mm_fault(f.vma, -1, 0));
        }
    }

    @Test
    void unlockingAnUnlockedPageIsAKernelBug() {
        assertThrows(KernelBug.class, () -> Folio.folio_unlock(new Folio(0)));
    }
}
