package org.pagerace.fs;

import org.pagerace.mm.VmFault;

/**
 * A page_mkwrite convention: one filesystem's {@code ->page_mkwrite}, plus the two things about the filesystem
 * around it that decide how it races: whether its truncate and hole punch take {@code invalidate_lock}
 * exclusive (serialising with a handler that takes it shared), and whether it needs per-page metadata set up
 * before a page may be dirtied.
 *
 * <p>To test your own filesystem's handler, write one class that implements this interface (public, with a
 * public no-argument constructor) and either list it in {@code META-INF/services/org.pagerace.fs.Convention} of
 * your jar, or name its class on the command line ({@code --convention com.example.MyFsMkwrite}). The handler
 * gets the usual {@code struct vm_fault}; {@link BlockMap#of(VmFault)} is the emulated block map, on which
 * {@link BlockMap#reserve} sets up the page's metadata and tells the oracle the page was prepared.
 */
public interface Convention {
    /** A short stable id, e.g. {@code nopage-locked}. */
    String id();

    /** One line: what the handler does. */
    String summary();

    /** The kernel code it is modelled on, with release and file. */
    String modelledOn();

    /** {@code ->page_mkwrite(vmf)}: returns {@code VM_FAULT_*} bits, as the kernel's do. */
    int page_mkwrite(VmFault vmf);

    /** Whether truncate and hole punch take {@code invalidate_lock} exclusive (ext4, xfs since 5.15). */
    default boolean serialisesTruncate() {
        return false;
    }

    /** Whether a page must have metadata (set up by page_mkwrite) when it is dirtied and written back. */
    default boolean needsMetadata() {
        return true;
    }
}
