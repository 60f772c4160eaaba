package org.pagerace.mm;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * A 4-page file, mapped shared, with a trivial filesystem around a page_mkwrite given by the test: enough to test
 * the mirror of {@code mm} without the conventions of {@code fs}. Page 1 starts cached and mapped read-only.
 */
final class MmFixture implements AutoCloseable {
    static final int PAGES = 4;
    static final long SIZE = (long) PAGES * PageSize.PAGE_SIZE;
    static final long PAGE1 = PageSize.PAGE_SIZE;

    final Backing backing;
    final Inode inode;
    final VmAreaStruct vma;
    final Folio page1;
    final AtomicInteger mkwriteCalls = new AtomicInteger();
    final AtomicInteger newlyDirtied = new AtomicInteger();

    MmFixture(Era era, String backingKind, ToIntFunction<VmFault> page_mkwrite) {
        backing = "file".equals(backingKind)
                ? FileBacking.create(Path.of(System.getProperty("java.io.tmpdir")), SIZE, SIZE)
                : new ModelBacking(SIZE, SIZE);
        inode = new Inode(SIZE, backing, PAGES);
        inode.i_mapping.a_ops = new AddressSpaceOperations() {
            @Override
            public boolean dirty_folio(AddressSpace mapping, Folio folio) {
                boolean newly = PageWriteback.filemap_dirty_folio(mapping, folio);
                if (newly) {
                    newlyDirtied.incrementAndGet();
                }
                return newly;
            }

            @Override
            public int writepage(Folio folio) {
                Folio.folio_start_writeback(folio);
                Folio.folio_unlock(folio);
                backing.writeback(folio.index);
                Folio.folio_end_writeback(folio);
                return 0;
            }

            @Override
            public boolean release_folio(Folio folio) {
                Folio.folio_detach_private(folio);
                return true;
            }

            @Override
            public void invalidate_folio(Folio folio, long offset, long length) {
                Folio.folio_detach_private(folio);
            }
        };
        vma = new VmAreaStruct(new MmStruct(era), inode.i_mapping, new VmOperations() {
            @Override
            public int fault(VmFault vmf) {
                return Filemap.filemap_fault(vmf);
            }

            @Override
            public int page_mkwrite(VmFault vmf) {
                mkwriteCalls.incrementAndGet();
                return page_mkwrite.applyAsInt(vmf);
            }
        }, PAGES);
        if (UserAccess.load(vma, PAGE1) != 0) {
            throw new IllegalStateException("set-up read fault failed");
        }
        page1 = inode.i_mapping.peek(1);
    }

    /** A filesystem's truncate: i_size and page cache, then the real data. */
    void truncate(long size) {
        RwSemaphore.down_write(inode.i_rwsem);
        try {
            if (size > Inode.i_size_read(inode)) {
                backing.truncate(size);
                Truncate.truncate_setsize(inode, size);
            } else {
                Truncate.truncate_setsize(inode, size);
                backing.truncate(size);
            }
        } finally {
            RwSemaphore.up_write(inode.i_rwsem);
        }
    }

    StoreResult store(long value) {
        return UserAccess.store(vma, PAGE1, value);
    }

    @Override
    public void close() {
        backing.close();
    }

    /** The correct handler: lock, recheck the mapping, return LOCKED; NOPAGE if truncated. */
    static int lockedHandler(VmFault vmf) {
        Folio.folio_lock(vmf.page);
        if (vmf.page.mapping != vmf.mapping()) {
            Folio.folio_unlock(vmf.page);
            return VmFaultReason.VM_FAULT_NOPAGE;
        }
        Points.at(Point.MKWRITE_CHECKED);
        return VmFaultReason.VM_FAULT_LOCKED;
    }

    /** The legacy minor-fault handler: prepare nothing, return 0 with the page unlocked. */
    static int zeroHandler(VmFault vmf) {
        Points.at(Point.MKWRITE_CHECKED);
        return 0;
    }
}
