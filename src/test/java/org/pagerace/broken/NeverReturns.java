package org.pagerace.broken;

import org.pagerace.fs.FileSystem;
import org.pagerace.mm.VmFault;

/**
 * A broken model: page_mkwrite spins without waiting for any lock (until a test releases it, so that its thread
 * does not burn a CPU for the rest of the test JVM): a handler that never returns.
 */
public class NeverReturns extends FileSystem {
    /** Set by a test when it is done, to let the spinning thread go. */
    public static volatile boolean release;

    @Override
    public int page_mkwrite(VmFault vmf) {
        while (!release) {
            Thread.onSpinWait();
        }
        return super.page_mkwrite(vmf);
    }
}
