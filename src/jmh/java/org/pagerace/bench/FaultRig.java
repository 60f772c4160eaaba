package org.pagerace.bench;

import java.nio.file.Path;
import org.pagerace.check.Backings;
import org.pagerace.check.Sample;
import org.pagerace.env.EnvInfo;
import org.pagerace.fs.Falloc;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Filesystems;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Backing;
import org.pagerace.mm.Filemap;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.SpinLock;
import org.pagerace.mm.StoreResult;
import org.pagerace.mm.Truncate;
import org.pagerace.mm.UserAccess;

/**
 * The file every fault benchmark works on: a race sample's file ({@link Sample#PAGES} pages of the emulated
 * filesystem model, mapped shared), built once per trial, with page {@link Sample#PAGE}
 * faulted in read-only. The store goes to that page, as in the stress tests. The convention is wrapped in a
 * {@link DroppingVmOps} so that a benchmark can put a page drop into the fault's race window.
 */
final class FaultRig implements AutoCloseable {
    static final long ADDRESS = Sample.PAGE_OFFSET;

    final DroppingVmOps convention;
    final FileSystem fs;
    final Backing backing;
    final Inode inode;
    final AddressSpace mapping;
    final org.pagerace.mm.VmAreaStruct vma;

    /**
     * A rig for convention {@code conventionId} over a {@code backingKind} backing ({@code model} or {@code file});
     * a file backing lives in {@code fsDir} (blank: the system temp dir).
     */
    FaultRig(String modelSpec, String backingKind, String fsDir) {
        this.fs = Filesystems.resolve(modelSpec).create();
        this.convention = new DroppingVmOps(fs);
        Path dir = fsDirectory(fsDir);
        if (Backings.FILE.equals(backingKind)) {
            EnvInfo.checkDir(dir);
        }
        this.backing = Backings.create(backingKind, dir);
        backing.reset(Sample.SIZE);
        this.inode = fs.createInode(Sample.SIZE, backing, Sample.PAGES);
        this.mapping = inode.i_mapping;
        this.vma = new org.pagerace.mm.VmAreaStruct(fs.mm(), inode.i_mapping, convention, Sample.PAGES);
        if (UserAccess.load(vma, ADDRESS) != 0) {
            throw new IllegalStateException("set-up: the read fault on page " + Sample.PAGE + " failed");
        }
    }

    /** The directory {@code fsDir} names; blank means the system temp dir (the project's default). */
    static Path fsDirectory(String fsDir) {
        return Path.of(fsDir == null || fsDir.isBlank() ? System.getProperty("java.io.tmpdir") : fsDir);
    }

    /** The user store of the stress tests ({@link Sample#VALUE} at the start of the page), through the fault path. */
    StoreResult store() {
        return UserAccess.store(vma, ADDRESS, Sample.VALUE);
    }

    /**
     * Re-arms the write fault: writeback's cleaning step without its I/O. As {@code write_cache_pages} does, lock
     * the folio, skip it if truncated, and {@code folio_clear_dirty_for_io} it, which write-protects and cleans its
     * pte ({@code folio_mkclean}) and clears PG_dirty, so the next store faults through {@code do_wp_page} and
     * {@code ->page_mkwrite}. The page is not written: for the file backing the real page stays dirty and
     * writable, so the safe store that lands the data takes no real fault.
     */
    void clean() {
        Folio folio = Filemap.filemap_get_folio(mapping, Sample.PAGE);
        if (folio == null) {
            return;
        }
        Folio.folio_lock(folio);
        if (folio.mapping == mapping) {
            PageWriteback.folio_clear_dirty_for_io(folio);
        }
        Folio.folio_unlock(folio);
        Folio.folio_put(folio);
    }

    /** {@link #clean()}, after faulting the page back in read-only if it is not mapped (after a SIGBUS). */
    void rearm() {
        if (vma.ptep_get(Sample.PAGE) == null && UserAccess.load(vma, ADDRESS) != 0) {
            throw new IllegalStateException("re-arm: the read fault on page " + Sample.PAGE + " failed");
        }
        clean();
    }

    /** Drops the page from the page cache as a page-cache flush does (i_size unchanged). */
    void drop() {
        Truncate.invalidate_inode_pages2_range(mapping, Sample.PAGE, Sample.PAGE);
    }

    /** The {@code truncate-down-up} race partner: shrink the file to the page's start, then extend it back. */
    void truncateDownUp() {
        fs.setattr_size(inode, Sample.PAGE_OFFSET);
        fs.setattr_size(inode, Sample.SIZE);
    }

    /** The {@code punch-hole} race partner: punch the page, i_size unchanged. */
    void punchHole() {
        int err = fs.fallocate(inode, Falloc.FALLOC_FL_PUNCH_HOLE | Falloc.FALLOC_FL_KEEP_SIZE, Sample.PAGE_OFFSET,
                PageSize.PAGE_SIZE);
        if (err < 0) {
            throw new IllegalStateException(fs.id() + " has no hole punch");
        }
    }

    /**
     * Throws if a lock is still held or i_size is not the sample's: a benchmark must not go on measuring (or
     * spinning on) a broken file. Context: no thread is using the rig.
     */
    void checkQuiescent() {
        Folio folio = mapping.peek(Sample.PAGE);
        String leak = RwSemaphore.rwsem_is_locked(mapping.invalidate_lock) ? "invalidate_lock"
                : RwSemaphore.rwsem_is_locked(mapping.i_mmap_rwsem) ? "i_mmap_rwsem"
                : RwSemaphore.rwsem_is_locked(inode.i_rwsem) ? "i_rwsem"
                : SpinLock.spin_is_locked(vma.ptl) ? "the pte lock"
                : folio != null && Folio.folio_test_locked(folio) ? "the page lock"
                : null;
        if (leak != null) {
            throw new IllegalStateException(fs.id() + ": " + leak + " is still held between iterations");
        }
        if (Inode.i_size_read(inode) != Sample.SIZE) {
            throw new IllegalStateException(fs.id() + ": i_size is " + Inode.i_size_read(inode)
                    + " between iterations, expected " + Sample.SIZE);
        }
    }

    @Override
    public void close() {
        vma.unmap();
        inode.release();
        backing.close();
    }
}
