package org.pagerace.fs;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Folio;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.VmFault;

/**
 * {@code filemap_page_mkwrite} (Linux 6.12 {@code mm/filemap.c}), the generic handler of filesystems that allocate
 * at writeback: lock the folio; if its mapping changed, NOPAGE; otherwise dirty it, wait until it is stable and
 * return LOCKED. No i_size check: a page truncate has not yet removed is still in the mapping, and a page it has
 * removed fails the mapping check. No metadata is set up: blocks are allocated by writeback.
 */
public final class FilemapMkwrite implements Convention {
    @Override
    public String id() {
        return "filemap";
    }

    @Override
    public String summary() {
        return "filemap_page_mkwrite: lock, mapping check only, dirty; success LOCKED; blocks at writeback";
    }

    @Override
    public String modelledOn() {
        return "Linux 6.12 mm/filemap.c filemap_page_mkwrite";
    }

    @Override
    public boolean needsMetadata() {
        return false;
    }

    @Override
    public int page_mkwrite(VmFault vmf) {
        Folio folio = vmf.page;
        AddressSpace mapping = vmf.mapping();
        folio_lock(folio);
        if (folio.mapping != mapping) {
            folio_unlock(folio);
            return VM_FAULT_NOPAGE;
        }
        PageWriteback.folio_mark_dirty(folio);
        BlockMap.prepared(folio);
        folio_wait_writeback(folio); /* folio_wait_stable */
        return VM_FAULT_LOCKED;
    }
}
