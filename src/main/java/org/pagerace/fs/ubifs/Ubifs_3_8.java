package org.pagerace.fs.ubifs;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.VmFault;

/**
 * ubifs from Linux 3.8, when "fs: Fix remaining filesystems to wait for stable page writeback" (Darrick J. Wong,
 * 2012; its hash not confirmed here) ended the success path of {@code ubifs_vm_page_mkwrite} with
 * {@code wait_for_stable_page(page); return VM_FAULT_LOCKED;} instead of unlocking the page and returning 0: the
 * page stays locked until the VM has dirtied the pte, so writeback cannot clean it in between. The truncated-page
 * path still gives SIGBUS. Deviations as {@link Ubifs_3_7}.
 */
@Version(fs = "ubifs", id = "3.8", release = "3.8", era = org.pagerace.mm.Era.LINUX_2_6_37,
        title = "fs: Fix remaining filesystems to wait for stable page writeback", hashConfirmed = false,
        changes = {"ubifs_vm_page_mkwrite"},
        mirrors = "Linux 3.8 fs/ubifs/file.c ubifs_vm_page_mkwrite")
public class Ubifs_3_8 extends Ubifs_3_7 {
    /** As 3.7, but success returns LOCKED after {@code wait_for_stable_page}. */
    @Override
    protected int ubifs_vm_page_mkwrite(VmFault vmf) {
        int ret = budget_and_dirty(vmf);
        if (ret != 0) {
            return ret;
        }
        folio_wait_writeback(vmf.page); /* wait_for_stable_page */
        return VM_FAULT_LOCKED;
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.correct("writeback", "the page stays locked from the dirtying to the VM's dirty pte (VM_FAULT_LOCKED, 3.8): "
                + "writeback, which locks the page, cannot clean it in between");
        e.correct("writeback-in-flight", "wait_for_stable_page before VM_FAULT_LOCKED (3.8): a store never lands while "
                + "the page's write is in flight");
        e.known("invalidate", "a page the page cache dropped inside i_size still fails the mapping check: SIGBUS "
                + "(unchanged in 3.8)", "SPURIOUS_SIGBUS");
    }
}
