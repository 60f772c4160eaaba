package org.pagerace.fs;

import static org.pagerace.mm.Folio.*;

import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.AddressSpaceOperations;
import org.pagerace.mm.Backing;
import org.pagerace.mm.Era;
import org.pagerace.mm.Filemap;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.MmStruct;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.Truncate;
import org.pagerace.mm.VmAreaStruct;
import org.pagerace.mm.VmFault;
import org.pagerace.mm.VmOperations;

/**
 * The emulated filesystem around a {@link Convention}: its {@code vm_ops} ({@code filemap_fault} and the
 * convention's page_mkwrite), its {@code a_ops} over the {@link BlockMap}, and its size change and hole punch,
 * shaped like a local filesystem's {@code ->setattr} and {@code ->fallocate}: take {@code i_rwsem} (and
 * {@code invalidate_lock} if the convention serialises), drop the page cache with the {@code mm/truncate.c}
 * helpers, then free blocks and the real data. Growing a file extends the real file before i_size, so a fault
 * that sees the new size finds real pages.
 */
public final class EmulatedFs implements VmOperations, AddressSpaceOperations {
    private final Convention convention;
    private final MmStruct mm;

    public EmulatedFs(Convention convention, Era era) {
        this.convention = convention;
        this.mm = new MmStruct(era);
    }

    public Convention convention() {
        return convention;
    }

    public Era era() {
        return mm.era;
    }

    /** A new inode of {@code size} bytes over {@code backing}, room for {@code maxPages} pages. */
    public Inode createInode(long size, Backing backing, int maxPages) {
        Inode inode = new Inode(size, backing, maxPages);
        inode.i_mapping.a_ops = this;
        inode.i_private = new BlockMap(maxPages);
        return inode;
    }

    /** {@code mmap(MAP_SHARED, PROT_READ|PROT_WRITE)} of the first {@code pages} pages of {@code inode}. */
    public VmAreaStruct mmap(Inode inode, int pages) {
        return new VmAreaStruct(mm, inode.i_mapping, this, pages);
    }

    // ---- vm_operations_struct ----

    @Override
    public int fault(VmFault vmf) {
        return Filemap.filemap_fault(vmf);
    }

    @Override
    public int page_mkwrite(VmFault vmf) {
        return convention.page_mkwrite(vmf);
    }

    // ---- address_space_operations ----

    @Override
    public boolean dirty_folio(AddressSpace mapping, Folio folio) {
        boolean newly = PageWriteback.filemap_dirty_folio(mapping, folio);
        if (newly) {
            BlockMap.of(mapping.host).dirtied(folio, convention.needsMetadata());
        }
        return newly;
    }

    @Override
    public int writepage(Folio folio) {
        AddressSpace mapping = folio.mapping;
        folio_start_writeback(folio);
        folio_unlock(folio);
        BlockMap.of(mapping.host).writeback(folio, convention.needsMetadata());
        mapping.host.backing().writeback(folio.index);
        folio_end_writeback(folio);
        return 0;
    }

    @Override
    public boolean release_folio(Folio folio) {
        if (folio_test_dirty(folio) || folio_test_writeback(folio)) {
            return false;
        }
        BlockMap.of(folio.mapping.host).release(folio);
        return true;
    }

    @Override
    public void invalidate_folio(Folio folio, long offset, long length) {
        if (offset == 0 && length == PageSize.PAGE_SIZE) {
            BlockMap.of(folio.mapping.host).release(folio);
        }
    }

    // ---- inode operations ----

    /** {@code ->setattr(ATTR_SIZE)}: change the file size, as ext4/xfs do (less the journal). */
    public void setattr_size(Inode inode, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        inode.checkLive();
        AddressSpace mapping = inode.i_mapping;
        lockForTruncate(inode);
        try {
            long old = Inode.i_size_read(inode);
            if (size > old) {
                inode.backing().truncate(size);
                Truncate.truncate_setsize(inode, size);
            } else {
                Truncate.truncate_setsize(inode, size);
                BlockMap.of(inode).free(PageSize.pages(size), mapping.maxPages() - 1L, inode);
                inode.backing().truncate(size);
            }
        } finally {
            unlockForTruncate(inode);
        }
    }

    /** {@code ->fallocate(FALLOC_FL_PUNCH_HOLE|FALLOC_FL_KEEP_SIZE)} of [{@code off}, {@code off+len}). */
    public void punch_hole(Inode inode, long off, long len) {
        if (off < 0 || len <= 0) {
            throw new IllegalArgumentException("bad hole " + off + "+" + len);
        }
        inode.checkLive();
        lockForTruncate(inode);
        try {
            Truncate.truncate_pagecache_range(inode, off, off + len - 1, mm.era);
            long first = PageSize.pages(off);
            long last = ((off + len) >>> PageSize.PAGE_SHIFT) - 1;
            BlockMap.of(inode).free(first, last, inode);
            inode.backing().punchHole(off, len);
        } finally {
            unlockForTruncate(inode);
        }
    }

    /** {@code inode_lock} (i_rwsem exclusive), then {@code filemap_invalidate_lock} if the convention serialises. */
    private void lockForTruncate(Inode inode) {
        RwSemaphore.down_write(inode.i_rwsem);
        if (convention.serialisesTruncate()) {
            AddressSpace.filemap_invalidate_lock(inode.i_mapping);
        }
    }

    private void unlockForTruncate(Inode inode) {
        if (convention.serialisesTruncate()) {
            AddressSpace.filemap_invalidate_unlock(inode.i_mapping);
        }
        RwSemaphore.up_write(inode.i_rwsem);
    }
}
