package org.pagerace.broken;

import org.pagerace.fs.FileSystem;
import org.pagerace.mm.VmFault;
import org.pagerace.mm.VmFaultReason;

/** A broken model: page_mkwrite always says "retry" (NOPAGE), so no store ever lands: a livelock. */
public class AlwaysNopage extends FileSystem {
    @Override
    public int page_mkwrite(VmFault vmf) {
        return VmFaultReason.VM_FAULT_NOPAGE;
    }
}
