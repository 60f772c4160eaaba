package org.pagerace.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pagerace.mm.RwSemaphore;

/** The locks a filesystem's inode info makes are the ones the oracle checks for a leak, in the order made. */
class InodeInfoTest {
    /** Two locks, as ext4's {@code i_alloc_sem} and {@code i_mmap_sem}, and a field that is not one. */
    static final class TwoLocks extends InodeInfo {
        final RwSemaphore first = lock();
        final Object notALock = new Object();
        final RwSemaphore second = lock();

        TwoLocks() {
            super(4);
        }
    }

    @Test
    void theLocksMadeWithLockAreListedInTheirOrder() {
        TwoLocks info = new TwoLocks();
        assertEquals(List.of(info.first, info.second), info.locks());
        assertThrows(UnsupportedOperationException.class, () -> info.locks().clear());
    }

    @Test
    void anInodeInfoWithoutLocksListsNone() {
        assertEquals(List.of(), new InodeInfo(4).locks());
    }
}
