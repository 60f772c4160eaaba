package org.pagerace.fs.seed2010;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Expectations;
import org.pagerace.mm.VmFault;

/**
 * A page_mkwrite convention of the 2010 thread: one handler, run inside the generic filesystem of 2010
 * ({@link Seed2010}), plus the two things about that filesystem the handler decides: whether its truncate and hole
 * punch take {@code invalidate_lock} exclusive (serialising with a handler that takes it shared), and whether a
 * page needs per-page metadata set up before it may be dirtied.
 *
 * <p>A handler alone is the smallest thing a user can race: implement this interface (public, with a public
 * no-argument constructor) and name the class with {@code --fs-model}; {@link BlockMap#of(VmFault)} is the block
 * map, on which {@link BlockMap#reserve} sets up the page's metadata. To model a whole filesystem (its own truncate,
 * punch, locks), extend {@link org.pagerace.fs.FileSystem} instead.
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

    /** The bug outcomes this handler is known to show, per race, with the reason (default: believed correct). */
    default void expectations(Expectations e) {
    }
}
