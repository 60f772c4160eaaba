package org.pagerace.fs.seed2010;

import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Expectations;
import org.pagerace.mm.Filemap;
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
        int ret = Filemap.filemap_page_mkwrite(vmf);
        if ((ret & VM_FAULT_LOCKED) != 0) {
            BlockMap.prepared(vmf.page);
        }
        return ret;
    }

    @Override
    public void expectations(Expectations e) {
        e.believedCorrect("filemap_page_mkwrite holds the page lock from the mapping check to the dirty pte; no metadata to lose");
        e.known("punch-hole", "no invalidate_lock in this filesystem's punch: a fault re-creates the page after truncate_inode_pages_range and before the blocks are freed, and writes into data the punch then discards (the race ext4 closed in ea3d7209ca01, and the kernel for all in 5.15); the handler's convention cannot close it", "LOST_WRITE");
    }
}
