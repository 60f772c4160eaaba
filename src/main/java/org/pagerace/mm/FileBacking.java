package org.pagerace.mm;

import java.nio.file.Path;
import org.pagerace.sys.MappedFile;

/**
 * Page data in a real file mapped {@code MAP_SHARED} through the shim. Stores go through the safe store, which
 * takes the real write fault (and the filesystem's real page_mkwrite) and returns EFAULT instead of SIGBUS beyond
 * the real EOF; truncate and punch are the real syscalls; writeback is {@code msync(MS_SYNC)} of the page; reads
 * are {@code pread}. The file is unnamed ({@code O_TMPFILE}), so nothing is left behind.
 */
public final class FileBacking implements Backing {
    private final MappedFile file;

    private FileBacking(MappedFile file) {
        this.file = file;
    }

    /** A sparse file of {@code size} bytes in {@code dir}, mapped for {@code capacity} bytes. */
    public static FileBacking create(Path dir, long size, long capacity) {
        if (org.pagerace.sys.MappedFile.PAGE_SIZE != PageSize.PAGE_SIZE) {
            throw new IllegalStateException("the file backing needs " + PageSize.PAGE_SIZE
                    + "-byte pages; this machine has " + MappedFile.PAGE_SIZE);
        }
        return new FileBacking(MappedFile.createTemp(dir, size, capacity));
    }

    /** The real file, for checks against the real kernel's view. */
    public MappedFile file() {
        return file;
    }

    @Override
    public String kind() {
        return "file";
    }

    @Override
    public boolean store(long pos, long value) {
        return file.tryStore(pos, value);
    }

    @Override
    public long read(long pos) {
        return file.readLong(pos);
    }

    @Override
    public void truncate(long size) {
        file.truncate(size);
    }

    @Override
    public void punchHole(long off, long len) {
        file.punchHole(off, len);
    }

    @Override
    public void writeback(long index) {
        long pos = index << PageSize.PAGE_SHIFT;
        if (pos < file.size()) {
            file.msync(pos, PageSize.PAGE_SIZE);
        }
    }

    @Override
    public long size() {
        return file.size();
    }

    @Override
    public void reset(long size) {
        file.truncate(0);
        file.truncate(size);
    }

    @Override
    public void close() {
        file.close();
    }
}
