package org.pagerace.mm;

/** {@code struct address_space_operations} ({@code include/linux/fs.h}): the filesystem's page-cache callbacks. */
public interface AddressSpaceOperations {
    /** {@code ->dirty_folio}: set PG_dirty (and the fs's own dirty state); returns whether it newly dirtied. */
    boolean dirty_folio(AddressSpace mapping, Folio folio);

    /**
     * {@code ->writepage} (2.6.37) / one folio of {@code ->writepages} (6.x). Context: folio locked and just
     * cleaned for I/O; the callee starts writeback, unlocks the folio, writes it and ends writeback.
     * Returns 0 or -errno.
     */
    int writepage(Folio folio);

    /**
     * {@code ->writepages} for the pages [{@code first}, {@code last}] of {@code mapping} in {@code WB_SYNC_ALL}
     * mode, the writes submitted, not waited for. The default is the generic loop,
     * {@link PageWriteback#write_cache_pages} with {@link #writepage}, which samples i_size in {@code ->writepage},
     * after {@code folio_clear_dirty_for_io}; a filesystem with its own loop (ext4's {@code ext4_writepages})
     * overrides this. Return: 0 or the first -errno.
     */
    default int writepages(AddressSpace mapping, long first, long last) {
        return PageWriteback.write_cache_pages(mapping, first, last);
    }

    /** {@code ->release_folio} (2.6.37 {@code ->releasepage}): free the metadata of a clean folio; may refuse. */
    boolean release_folio(Folio folio);

    /** {@code ->invalidate_folio} (2.6.37 {@code ->invalidatepage}): the range of the folio is being truncated. */
    void invalidate_folio(Folio folio, long offset, long length);

    /**
     * {@code ->read_folio} (2.6.37 {@code ->readpage}) for {@code filemap_fault}'s {@code page_not_uptodate}: make
     * the locked folio uptodate and return 0 with it still locked (deviation: the kernel's I/O completion unlocks it
     * and the fault looks it up again; the read is synchronous here), or unlock it and return
     * {@link Filemap#AOP_TRUNCATED_PAGE}, after which the fault looks the page up again. The page data lives in the
     * backing, so there is nothing to copy.
     */
    default int read_folio(Folio folio) {
        Folio.folio_mark_uptodate(folio);
        return 0;
    }

    /** {@code ->launder_folio}: write a dirty folio before invalidation; most local filesystems have none. */
    default int launder_folio(Folio folio) {
        return 0;
    }

    /**
     * Whether the mapping's {@code backing_dev_info} has {@code BDI_CAP_WRITEBACK} ({@code mapping_can_writeback}):
     * true for a filesystem with a backing store, false for tmpfs/shmem (its bdi is {@code noop_backing_dev_info}),
     * whose dirty pages are never written back and whose shared mappings are not write-notified. Deviation: the
     * kernel keeps this in the bdi, not in {@code a_ops}; here the filesystem's operations carry it.
     */
    default boolean bdi_cap_writeback() {
        return true;
    }
}
