package org.pagerace.broken;

import org.pagerace.fs.FileSystem;
import org.pagerace.mm.VmFault;

/** A broken model: page_mkwrite throws (on the store's thread). */
public class ThrowsInMkwrite extends FileSystem {
    @Override
    public int page_mkwrite(VmFault vmf) {
        throw new IllegalStateException("a filesystem developer's first attempt");
    }
}
