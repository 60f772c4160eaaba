package org.pagerace.mm;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code struct address_space} ({@code include/linux/fs.h}): the page cache of one inode ({@code i_pages}), the
 * VMAs that map it ({@code i_mmap}, under {@code i_mmap_rwsem}), {@code invalidate_lock} (5.15+) and the
 * filesystem's {@code a_ops}. Deviation: {@code i_pages} is an array indexed by page offset, bounded by the
 * largest file the emulation maps, with the xarray lock as the array's monitor.
 */
public final class AddressSpace {
    public final Inode host;
    final AtomicReferenceArray<Folio> i_pages;
    public final List<VmAreaStruct> i_mmap = new CopyOnWriteArrayList<>();
    public final RwSemaphore i_mmap_rwsem = new RwSemaphore();
    public final RwSemaphore invalidate_lock = new RwSemaphore();
    public volatile AddressSpaceOperations a_ops;

    AddressSpace(Inode host, int maxPages) {
        this.host = host;
        this.i_pages = new AtomicReferenceArray<>(maxPages);
    }

    /** The largest page index + 1 this page cache can hold. */
    public int maxPages() {
        return i_pages.length();
    }

    /** The folio at {@code index} without taking a reference, for checks after a race; null if none. */
    public Folio peek(long index) {
        return index >= 0 && index < i_pages.length() ? i_pages.get((int) index) : null;
    }

    /** {@code mapping_can_writeback} ({@code include/linux/backing-dev.h}): the bdi can write back dirty pages. */
    public static boolean mapping_can_writeback(AddressSpace mapping) {
        return mapping.a_ops.bdi_cap_writeback();
    }

    // ---- include/linux/fs.h: invalidate_lock ----

    public static void filemap_invalidate_lock(AddressSpace mapping) {
        RwSemaphore.down_write(mapping.invalidate_lock);
    }

    public static void filemap_invalidate_unlock(AddressSpace mapping) {
        RwSemaphore.up_write(mapping.invalidate_lock);
    }

    public static void filemap_invalidate_lock_shared(AddressSpace mapping) {
        RwSemaphore.down_read(mapping.invalidate_lock);
    }

    public static void filemap_invalidate_unlock_shared(AddressSpace mapping) {
        RwSemaphore.up_read(mapping.invalidate_lock);
    }

    public static void i_mmap_lock_read(AddressSpace mapping) {
        RwSemaphore.down_read(mapping.i_mmap_rwsem);
    }

    public static void i_mmap_unlock_read(AddressSpace mapping) {
        RwSemaphore.up_read(mapping.i_mmap_rwsem);
    }
}
