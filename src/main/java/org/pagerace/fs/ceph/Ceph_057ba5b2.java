package org.pagerace.fs.ceph;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Inode;

/**
 * ceph from 057ba5b24532 "ceph: Fix race between hole punch and page fault" (Jan Kara, 2021; Linux 5.15, the
 * invalidate_lock series): {@code ceph_fallocate} holds {@code mapping->invalidate_lock} exclusively around
 * {@code ceph_zero_pagecache_range} and {@code ceph_zero_objects}, and {@code filemap_fault} takes it shared before
 * it creates a page (730633f0b7f9 "mm: Protect operations adding pages to page cache with invalidate_lock", the
 * same series), so a fault waits until the objects are zeroed and then reads the hole. The commit also takes the
 * lock in the inline-data branch of {@code ceph_filemap_fault}, which the model does not mirror (no inline data:
 * see {@link Ceph_5_14}); that is why {@code changes} lists {@code ceph_fallocate} alone.
 */
@Version(fs = "ceph", id = "057ba5b2", release = "5.15", commit = "057ba5b24532",
        title = "ceph: Fix race between hole punch and page fault", changes = {"ceph_fallocate"},
        mirrors = "Linux 5.15 fs/ceph/file.c ceph_fallocate; mm/filemap.c filemap_fault")
public class Ceph_057ba5b2 extends Ceph_5_14 {
    /** As 5.14, with the page cache's drop and the objects' zero under {@code invalidate_lock}. */
    @Override
    protected int ceph_fallocate(Inode inode, int mode, long offset, long length) {
        return punchUnderInodeLock(inode, mode, offset, length, (i, off, len) -> {
            AddressSpace.filemap_invalidate_lock(i.i_mapping); /* down_write(&inode->i_mapping->invalidate_lock) */
            try {
                zeroPagecacheThenObjects(i, off, len);
            } finally {
                AddressSpace.filemap_invalidate_unlock(i.i_mapping);
            }
        });
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.correct("punch-hole-read", "ceph_fallocate holds invalidate_lock exclusively from the page cache's drop to "
                + "the objects' zero (057ba5b24532), and filemap_fault takes it shared before creating a page "
                + "(730633f0b7f9): the fault reads the page after the objects are zeroed");
    }
}
