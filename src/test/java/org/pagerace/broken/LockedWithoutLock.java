package org.pagerace.broken;

import org.pagerace.fs.FileSystem;
import org.pagerace.mm.VmFault;
import org.pagerace.mm.VmFaultReason;

/** A broken model: page_mkwrite returns LOCKED without locking the page: the caller's unlock is a BUG_ON. */
public class LockedWithoutLock extends FileSystem {
    @Override
    public int page_mkwrite(VmFault vmf) {
        return VmFaultReason.VM_FAULT_LOCKED;
    }
}
