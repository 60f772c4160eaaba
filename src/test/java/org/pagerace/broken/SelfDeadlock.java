package org.pagerace.broken;

import org.pagerace.fs.FileSystem;
import org.pagerace.mm.Folio;
import org.pagerace.mm.VmFault;

/**
 * A broken model: page_mkwrite locks the page and returns 0 instead of LOCKED, so the fault path locks it again
 * and waits for itself for ever: a deadlock.
 */
public class SelfDeadlock extends FileSystem {
    @Override
    public int page_mkwrite(VmFault vmf) {
        Folio.folio_lock(vmf.page);
        return 0;
    }
}
