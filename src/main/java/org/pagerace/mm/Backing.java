package org.pagerace.mm;

/**
 * Where the emulated page cache keeps its data: a real {@code MAP_SHARED} mapping of a real file
 * ({@link FileBacking}) or plain Java memory with the same semantics ({@link ModelBacking}). Positions are byte
 * offsets in the file, 8-byte aligned; values are 8 bytes. The emulation calls {@link #store} only through a pte
 * it has made writable, and {@link #truncate} / {@link #punchHole} where the filesystem frees blocks, so the real
 * kernel sees the same sequence of events as the emulated one.
 */
public interface Backing extends AutoCloseable {
    /** {@code "file"} or {@code "model"}. */
    String kind();

    /**
     * A user store of {@code value} at {@code pos}. Returns false where the page is beyond the real EOF (the real
     * kernel would have raised SIGBUS; the safe store gives EFAULT instead).
     */
    boolean store(long pos, long value);

    /** What the file holds at {@code pos} ({@code pread}); 0 beyond EOF. */
    long read(long pos);

    /** The real {@code ftruncate}: discards data beyond {@code size} (zeroing the tail of a partial page). */
    void truncate(long size);

    /** The real {@code fallocate(PUNCH_HOLE|KEEP_SIZE)}: the range reads back as zeros. */
    void punchHole(long off, long len);

    /** Writes the page at {@code index} back to the file ({@code msync(MS_SYNC)} of that page). */
    void writeback(long index);

    /** The real file size. */
    long size();

    /** Makes the backing a fresh sparse file of {@code size} bytes again (for reuse between race samples). */
    void reset(long size);

    @Override
    void close();
}
