package org.pagerace.mm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pagerace.sys.Errno;
import org.pagerace.sys.MappedFile;
import org.pagerace.sys.NativeException;

/**
 * Page data in a real file mapped {@code MAP_SHARED} through the shim. Stores go through the safe store, which
 * takes the real write fault (and the filesystem's real page_mkwrite) and returns EFAULT instead of SIGBUS beyond
 * the real EOF; truncate and punch are the real syscalls; writeback is {@code msync(MS_SYNC)} of the page; reads
 * are {@code pread}. The file is unnamed ({@code O_TMPFILE}), so nothing is left behind. Every failure of the real
 * file (a full, read-only or failing filesystem, one that cannot punch holes) is an {@link EnvironmentException}
 * naming the directory and the cause, never a store that "did not land".
 */
public final class FileBacking implements Backing {
    private final MappedFile file;
    private final Path dir;

    private FileBacking(MappedFile file, Path dir) {
        this.file = file;
        this.dir = dir;
    }

    /** A sparse file of {@code size} bytes in {@code dir}, mapped for {@code capacity} bytes. */
    public static FileBacking create(Path dir, long size, long capacity) {
        if (org.pagerace.sys.MappedFile.PAGE_SIZE != PageSize.PAGE_SIZE) {
            throw new IllegalStateException("the file backing needs " + PageSize.PAGE_SIZE
                    + "-byte pages; this machine has " + MappedFile.PAGE_SIZE);
        }
        Path where = dir.toAbsolutePath();
        try {
            return new FileBacking(MappedFile.createTemp(where, size, capacity), where);
        } catch (NativeException e) {
            throw environment(where, "creating the sample's file", e);
        }
    }

    private static EnvironmentException environment(Path dir, String what, NativeException e) {
        return new EnvironmentException(dir, what, cause(e.errno()));
    }

    /** The cause of errno {@code e} in words first ("no space left on device (ENOSPC)"). */
    static String cause(int e) {
        String d = Errno.describe(e);
        int paren = d.indexOf(" (");
        return paren > 0 && d.endsWith(")") ? d.substring(paren + 2, d.length() - 1) + " (" + d.substring(0, paren) + ")" : d;
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
        boolean landed;
        try {
            landed = file.tryStore(pos, value);
        } catch (NativeException e) {
            throw environment(dir, "a store through the mapping", e);
        }
        if (!landed && pos < size() && full()) {
            /* a shim that cannot tell ENOSPC from EFAULT: inside EOF on a full filesystem, the fault failed for space */
            throw new EnvironmentException(dir, "a store through the mapping", cause(Errno.ENOSPC));
        }
        return landed;
    }

    /** Whether the backing's filesystem has less than a page free. */
    private boolean full() {
        try {
            return Files.getFileStore(dir).getUsableSpace() < PageSize.PAGE_SIZE;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public long read(long pos) {
        try {
            return file.readLong(pos);
        } catch (NativeException e) {
            throw environment(dir, "pread", e);
        }
    }

    @Override
    public void truncate(long size) {
        try {
            file.truncate(size);
        } catch (NativeException e) {
            throw environment(dir, "ftruncate", e);
        }
    }

    @Override
    public void punchHole(long off, long len) {
        try {
            file.punchHole(off, len);
        } catch (NativeException e) {
            throw environment(dir, "fallocate(PUNCH_HOLE)", e);
        }
    }

    @Override
    public void writeback(long index) {
        long pos = index << PageSize.PAGE_SHIFT;
        try {
            if (pos < file.size()) {
                file.msync(pos, PageSize.PAGE_SIZE);
            }
        } catch (NativeException e) {
            throw environment(dir, "msync", e);
        }
    }

    @Override
    public long size() {
        try {
            return file.size();
        } catch (NativeException e) {
            throw environment(dir, "fstat", e);
        }
    }

    @Override
    public void reset(long size) {
        truncate(0);
        truncate(size);
    }

    @Override
    public void close() {
        file.close();
    }
}
