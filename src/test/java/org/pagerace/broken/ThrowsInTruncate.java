package org.pagerace.broken;

import org.pagerace.fs.FileSystem;
import org.pagerace.mm.Inode;

/** A broken model: truncate ({@code ->setattr} of the size) throws, on the partner's thread. */
public class ThrowsInTruncate extends FileSystem {
    @Override
    public void setattr_size(Inode inode, long size) {
        throw new UnsupportedOperationException("truncate not written yet");
    }
}
