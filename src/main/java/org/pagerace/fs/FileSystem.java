package org.pagerace.fs;

import static org.pagerace.mm.Folio.*;

import java.util.function.ToIntFunction;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.AddressSpaceOperations;
import org.pagerace.mm.Backing;
import org.pagerace.mm.BlockDevice;
import org.pagerace.mm.Era;
import org.pagerace.mm.Filemap;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.MmStruct;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.Truncate;
import org.pagerace.mm.VmAreaStruct;
import org.pagerace.mm.VmFault;
import org.pagerace.mm.VmFaultReason;
import org.pagerace.mm.VmOperations;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * A filesystem at one kernel version: its operation tables as the kernel has them, {@code vm_operations_struct}
 * ({@link #fault}, {@link #page_mkwrite}), {@code address_space_operations} ({@link #dirty_folio},
 * {@link #writepage}, {@link #release_folio}, {@link #invalidate_folio}, {@link #launder_folio}),
 * {@code ->setattr} for a size change ({@link #setattr_size}), {@code ->fallocate} ({@link #fallocate}) and
 * {@code super_operations.alloc_inode} ({@link #alloc_inode}: the inode's private data and locks); plus what the
 * harness needs to grade it: the bug outcomes it is known to show ({@link #expectations}).
 *
 * <p>Every method defaults to the generic kernel code a simple block filesystem uses: {@code filemap_fault},
 * {@code block_page_mkwrite}, block-mapped {@code a_ops}, {@code truncate_setsize} under {@code i_rwsem}, and a
 * hole punch that drops the page cache with {@code truncate_pagecache_range} under {@code i_rwsem} alone (no
 * {@code invalidate_lock}). A filesystem overrides what it does differently; a version of a filesystem (see
 * {@link Version}) extends its neighbour version and overrides exactly what its commit changed. The class of a
 * model carries a {@link Version}, and has a public no-argument constructor: {@link Filesystems} instantiates one
 * per race sample.
 *
 * <p>A filesystem names its own kernel functions in one table, {@link Operations}, returned by its oldest
 * version's {@link #operations()}; later versions override those functions by their kernel names.
 *
 * <p>Your own filesystem: extend this class (override {@link #page_mkwrite} alone, or more), annotate it with
 * {@link Version} if you want to name it, declare what you expect in {@link #expectations(Expectations)}, and
 * name the class on the command line ({@code --fs-model com.example.MyFs}) with your classes on
 * {@code --classpath}.
 */
public abstract class FileSystem implements VmOperations, AddressSpaceOperations {
    /**
     * One filesystem's operation tables as its kernel source declares them, each slot a reference to the
     * filesystem's kernel-named function: {@code vm_operations_struct} ({@code .fault}, {@code .page_mkwrite}),
     * {@code inode_operations.setattr} for a size change, {@code file_operations.fallocate}. A slot left null runs
     * the generic code ({@link FileSystem}'s own {@link #fault}, {@link #page_mkwrite}, {@link #setattr_size},
     * {@link #fallocate}). Filled with named slots, as the kernel's designated initialisers are:
     * {@code Operations.GENERIC.fault(this::ext4_filemap_fault).page_mkwrite(this::ext4_page_mkwrite)}.
     */
    public record Operations(ToIntFunction<VmFault> fault, ToIntFunction<VmFault> page_mkwrite, SetSize setattr,
            Fallocate fallocate) {
        /** No slot filled: the generic code everywhere. */
        public static final Operations GENERIC = new Operations(null, null, null, null);

        /** {@code .fault = f}. */
        public Operations fault(ToIntFunction<VmFault> f) {
            return new Operations(f, page_mkwrite, setattr, fallocate);
        }

        /** {@code .page_mkwrite = f}. */
        public Operations page_mkwrite(ToIntFunction<VmFault> f) {
            return new Operations(fault, f, setattr, fallocate);
        }

        /** {@code .setattr = f}, for {@code ATTR_SIZE}: called with the size checked. */
        public Operations setattr(SetSize f) {
            return new Operations(fault, page_mkwrite, f, fallocate);
        }

        /** {@code .fallocate = f}. */
        public Operations fallocate(Fallocate f) {
            return new Operations(fault, page_mkwrite, setattr, f);
        }
    }

    /** {@code ->setattr(ATTR_SIZE)}: make {@code inode} {@code size} bytes long. */
    @FunctionalInterface
    public interface SetSize {
        void setattr(Inode inode, long size);
    }

    /** {@code ->fallocate(mode, off, len)}. Return: 0 or -errno. */
    @FunctionalInterface
    public interface Fallocate {
        int fallocate(Inode inode, int mode, long off, long len);
    }

    private final Operations ops = operations();
    private MmStruct mm;
    private int blockSize = PageSize.PAGE_SIZE;

    /**
     * Makes this instance a filesystem of {@code bytes}-byte blocks (mkfs {@code -b}): 512 to the page size, a
     * power of two. A property of the instance, not of the version. Return: this.
     */
    public final FileSystem withBlockSize(int bytes) {
        if (!isBlockSize(bytes)) {
            throw new IllegalArgumentException("block size " + bytes + ": not a power of two from 512 to the page size ("
                    + PageSize.PAGE_SIZE + ")");
        }
        this.blockSize = bytes;
        return this;
    }

    /** Whether {@code bytes} is a block size this emulation supports: a power of two from 512 to the page size. */
    public static boolean isBlockSize(int bytes) {
        return bytes >= 512 && bytes <= PageSize.PAGE_SIZE && Integer.bitCount(bytes) == 1;
    }

    /** The block size of this instance in bytes (the page size unless {@link #withBlockSize} said otherwise). */
    public final int blockSize() {
        return blockSize;
    }

    /**
     * This filesystem's table (see {@link Operations}), asked once, from the constructor: return method references
     * ({@code this::ext4_page_mkwrite}), read no field. A filesystem's oldest version overrides this, {@code final},
     * and its later versions override the functions it names. The default: {@link Operations#GENERIC}.
     */
    protected Operations operations() {
        return Operations.GENERIC;
    }

    /** The process's mm this filesystem's mappings are made in; created on first use with {@link #era()}. */
    public final MmStruct mm() {
        if (mm == null) {
            mm = new MmStruct(era());
        }
        return mm;
    }

    /** The version this class models (its {@link Version} annotation, or its superclass's); null if none. */
    public Version version() {
        for (Class<?> c = getClass(); c != null; c = c.getSuperclass()) {
            Version v = c.getAnnotation(Version.class);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** The model's id: {@code fs@version} from {@link Version}, or the class name for an unnamed model. */
    public String id() {
        Version v = getClass().getAnnotation(Version.class);
        return v != null ? v.fs() + "@" + v.id() : getClass().getName();
    }

    /** One line: what this filesystem version does on a write fault and how it serialises with truncate. */
    public String summary() {
        Version v = version();
        return v != null && !v.title().isEmpty() ? v.title() : getClass().getSimpleName();
    }

    /** Which kernel's fault path runs this filesystem's handlers. */
    public Era era() {
        Version v = version();
        return v != null ? v.era() : Era.MODERN;
    }

    /**
     * The outcomes this filesystem version may show against each race, each with the kernel source or commit that
     * says so. The default: believed correct against every race. Override, call {@code super.expectations(e)} to
     * inherit the neighbour version's, and restate what your version changes.
     */
    protected void expectations(Expectations e) {
    }

    /** {@link #expectations(Expectations)} collected. */
    public final Expectations expectations() {
        Expectations e = new Expectations(id(), blockSize);
        expectations(e);
        return e;
    }

    /** Whether a page must have metadata (set up by page_mkwrite) when it is dirtied and written back. */
    public boolean needsMetadata() {
        return true;
    }

    // ---- set-up ----

    /** {@code super_operations.alloc_inode}: the filesystem's per-inode data (block map, private locks). */
    protected InodeInfo alloc_inode(int maxPages) {
        return new InodeInfo(maxPages);
    }

    /** A new inode of {@code size} bytes over {@code backing}, room for {@code maxPages} pages. */
    public final Inode createInode(long size, Backing backing, int maxPages) {
        Inode inode = new Inode(size, backing, maxPages);
        inode.i_mapping.a_ops = this;
        inode.i_blkbits = Integer.numberOfTrailingZeros(blockSize);
        InodeInfo info = alloc_inode(maxPages);
        info.blocks.format(inode.i_blkbits);
        inode.i_private = info;
        return inode;
    }

    /** {@code mmap(MAP_SHARED, PROT_READ|PROT_WRITE)} of the first {@code pages} pages of {@code inode}. */
    public final VmAreaStruct mmap(Inode inode, int pages) {
        return new VmAreaStruct(mm(), inode.i_mapping, this, pages);
    }

    // ---- vm_operations_struct ----

    /** {@code ->fault}: the table's, or {@code filemap_fault}. */
    @Override
    public int fault(VmFault vmf) {
        return ops.fault() != null ? ops.fault().applyAsInt(vmf) : Filemap.filemap_fault(vmf);
    }

    /**
     * {@code ->page_mkwrite}: the table's, or {@code block_page_mkwrite} with its errors mapped by
     * {@code vmf_fs_error}.
     */
    @Override
    public int page_mkwrite(VmFault vmf) {
        if (ops.page_mkwrite() != null) {
            return ops.page_mkwrite().applyAsInt(vmf);
        }
        return VmFaultReason.vmf_fs_error(Buffer.block_page_mkwrite(vmf));
    }

    // ---- address_space_operations: the generic block-mapped ones over the BlockMap ----

    /** {@code ->dirty_folio}: {@code block_dirty_folio}; a page dirtied without metadata is recorded as unbacked. */
    @Override
    public boolean dirty_folio(AddressSpace mapping, Folio folio) {
        boolean newly = PageWriteback.filemap_dirty_folio(mapping, folio);
        if (newly) {
            BlockMap.of(mapping.host).dirtied(folio, needsMetadata());
        }
        return newly;
    }

    /**
     * One folio of {@code ->writepages}: {@link #block_write_full_folio} with the generic {@code get_block}; the
     * device ends the writeback when the write completes ({@link BlockDevice}: at once, or later with I/O in flight).
     */
    @Override
    public int writepage(Folio folio) {
        return block_write_full_folio(folio, false);
    }

    /**
     * {@code block_write_full_folio} (fs/buffer.c; {@code block_write_full_page} before 6.x): a folio wholly past
     * i_size is not written (a truncate is in progress); the folio straddling i_size has its tail beyond i_size
     * zeroed ("The folio straddles i_size. It must be zeroed out on each and every writepage invocation because it
     * may be mmapped"); then start writeback, unlock, allocate its blocks inside EOF and submit the write (the device ends the writeback).
     * {@code discardHoles}: whether a hole block inside EOF is skipped, its data dropped, as ext4's
     * {@code ext4_bio_write_page} does, instead of allocated at writeback ({@link BlockMap}). Context: folio locked,
     * cleaned for I/O. Return: 0.
     */
    protected final int block_write_full_folio(Folio folio, boolean discardHoles) {
        return block_write_full_folio(folio, discardHoles, Inode.i_size_read(folio.mapping.host));
    }

    /**
     * {@link #block_write_full_folio(Folio, boolean)} with i_size as the caller sampled it, {@code i_size}: what
     * ext4's {@code mpage_submit_page} passes {@code ext4_bio_write_page} as the length of the page to write, the
     * rest of the page zeroed. Context and return as there.
     */
    protected final int block_write_full_folio(Folio folio, boolean discardHoles, long i_size) {
        AddressSpace mapping = folio.mapping;
        Inode inode = mapping.host;
        long pos = folio_pos(folio);
        if (pos >= i_size) {
            folio_unlock(folio);
            return 0;
        }
        if (pos + PageSize.PAGE_SIZE > i_size) {
            inode.backing().punchHole(i_size, pos + PageSize.PAGE_SIZE - i_size); /* folio_zero_segment */
        }
        folio_start_writeback(folio);
        folio_unlock(folio);
        BlockMap.of(inode).writeback(folio, needsMetadata(), i_size, discardHoles);
        BlockDevice.submit_bio(folio);
        return 0;
    }

    /**
     * Whether this filesystem writes back through a {@code ->writepages} of its own ({@link #writepages} overridden,
     * as ext4's {@code ext4_writepages}) rather than the generic {@code write_cache_pages}, which samples i_size
     * after the write-protect: the capability the {@code extend-mmap-write} race needs to be run. Default: false.
     */
    public boolean hasOwnWritepages() {
        return false;
    }

    /** {@code ->release_folio}: {@code try_to_free_buffers}: free the metadata of a clean, idle folio. */
    @Override
    public boolean release_folio(Folio folio) {
        if (folio_test_dirty(folio) || folio_test_writeback(folio)) {
            return false;
        }
        BlockMap.of(folio.mapping.host).release(folio);
        return true;
    }

    /** {@code ->invalidate_folio}: {@code block_invalidate_folio}: a whole folio truncated loses its metadata. */
    @Override
    public void invalidate_folio(Folio folio, long offset, long length) {
        if (offset == 0 && length == PageSize.PAGE_SIZE) {
            BlockMap.of(folio.mapping.host).release(folio);
        }
    }

    // ---- inode_operations and file_operations ----

    /**
     * {@code ->setattr(ATTR_SIZE)}: the table's, or as a simple block filesystem does it ({@code ext2_setsize}):
     * under {@code i_rwsem}, write i_size and drop the page cache beyond it ({@code truncate_setsize}), then free
     * the blocks. Growing extends the real file first, so a fault that sees the new size finds real pages.
     */
    public void setattr_size(Inode inode, long size) {
        checkSize(inode, size);
        (ops.setattr() != null ? ops.setattr() : do_truncate(this::truncate_size_locked)).setattr(inode, size);
    }

    /** {@code do_truncate} ({@code fs/open.c}): {@code setattr} under the VFS's {@code inode_lock} ({@code i_rwsem}). */
    protected static SetSize do_truncate(SetSize setattr) {
        return (inode, size) -> {
            RwSemaphore.down_write(inode.i_rwsem);
            try {
                setattr.setattr(inode, size);
            } finally {
                RwSemaphore.up_write(inode.i_rwsem);
            }
        };
    }

    /**
     * The body of a size change once the filesystem holds its locks: i_size written, page cache dropped, blocks and
     * real data freed (or the real file extended first, when growing). Shared by filesystems whose order is the
     * generic one; a filesystem with another order writes its own.
     */
    protected final void truncate_size_locked(Inode inode, long size) {
        long old = Inode.i_size_read(inode);
        if (size > old) {
            inode.backing().truncate(size);
            Truncate.truncate_setsize(inode, size, era());
        } else {
            Truncate.truncate_setsize(inode, size, era());
            freeBlocksFrom(inode, size);
        }
    }

    /** Frees the blocks and the real data from {@code size} on: what a filesystem's truncate does after the page cache. */
    protected final void freeBlocksFrom(Inode inode, long size) {
        BlockMap.of(inode).freeBytes(size, (long) inode.i_mapping.maxPages() << PageSize.PAGE_SHIFT, inode);
        inode.backing().truncate(size);
    }

    /**
     * {@code ->fallocate(mode, off, len)}: the table's, or the generic one, which supports
     * {@code FALLOC_FL_PUNCH_HOLE|FALLOC_FL_KEEP_SIZE} (see {@link #punch_hole_locked}) and nothing else. Return: 0,
     * or {@code -EOPNOTSUPP}.
     */
    public int fallocate(Inode inode, int mode, long off, long len) {
        if (ops.fallocate() != null) {
            return ops.fallocate().fallocate(inode, mode, off, len);
        }
        return punch_only(inode, mode, off, len, this::punch_hole_locked);
    }

    /** A hole punch of [{@code off}, {@code off+len}) in {@code inode}. */
    @FunctionalInterface
    public interface Punch {
        void punch(Inode inode, long off, long len);
    }

    /**
     * A {@code ->fallocate} that supports {@code FALLOC_FL_PUNCH_HOLE|FALLOC_FL_KEEP_SIZE} alone, and does it with
     * {@code punch} under {@code inode_lock} ({@code i_rwsem}). Return: 0, or {@code -EOPNOTSUPP} for any other mode.
     */
    protected static int punch_only(Inode inode, int mode, long off, long len, Punch punch) {
        if (mode != (Falloc.FALLOC_FL_PUNCH_HOLE | Falloc.FALLOC_FL_KEEP_SIZE)) {
            return -Errno.EOPNOTSUPP;
        }
        checkRange(inode, off, len);
        RwSemaphore.down_write(inode.i_rwsem);
        try {
            punch.punch(inode, off, len);
        } finally {
            RwSemaphore.up_write(inode.i_rwsem);
        }
        return 0;
    }

    /**
     * Whether this model keeps apart what a page read in from storage holds and what its storage holds once a punch
     * zeroed it: its punch leaves a page read in before the zeroing with the old data (the backing keeps the page
     * cache's view), so that a read fault racing the punch can leave stale data cached. Only then is
     * {@code punch-hole-read} in the model's matrix; false by default (the generic punch zeroes the backing under
     * any page, which hides stale reads, so the race would be clean for the wrong reason).
     */
    public boolean mirrorsStaleReads() {
        return false;
    }

    /** Whether this filesystem's {@link #fallocate} supports {@code mode} at all (for choosing races). */
    public boolean supportsFallocate(int mode) {
        return mode == (Falloc.FALLOC_FL_PUNCH_HOLE | Falloc.FALLOC_FL_KEEP_SIZE);
    }

    /**
     * The body of a hole punch once the filesystem holds its locks: drop the page cache of the range
     * ({@code truncate_pagecache_range}), then free the blocks and punch the real file.
     */
    protected final void punch_hole_locked(Inode inode, long off, long len) {
        Truncate.truncate_pagecache_range(inode, off, off + len - 1, era());
        freeBlocks(inode, off, len);
    }

    /**
     * A punch with nothing to keep a fault out between its two steps: drop the whole pages of [{@code off},
     * {@code off+len}) from the page cache ({@code truncate_inode_pages_range}, which unmaps each mapped page as it
     * goes), then free their blocks.
     */
    protected final void truncate_pages_then_free(Inode inode, long off, long len) {
        long first = PageSize.roundUp(off);
        long last = (off + len) & ~(long) (PageSize.PAGE_SIZE - 1);
        if (last > first) {
            Truncate.truncate_inode_pages_range(inode.i_mapping, first, last - 1);
        }
        Points.at(Point.TRUNCATE_REMOVED);
        freeBlocks(inode, off, len);
    }

    /** Frees the whole blocks of [{@code off}, {@code off+len}) and punches the real file. */
    protected final void freeBlocks(Inode inode, long off, long len) {
        BlockMap.of(inode).freeBytes(off, off + len, inode);
        inode.backing().punchHole(off, len);
    }

    // ---- O_DIRECT, remap: the generic paths, each step a named point ----

    /** An O_DIRECT read or write flushed the range ({@code filemap_write_and_wait_range}); nothing invalidated yet. */
    public static final Point ODIRECT_FLUSHED = Point.declare("ODIRECT_FLUSHED",
            "O_DIRECT: the range was written back; the page cache not yet invalidated, no block looked up.");
    /** An O_DIRECT read or write invalidated the page cache of the range; no block looked up yet. */
    public static final Point ODIRECT_INVALIDATED = Point.declare("ODIRECT_INVALIDATED",
            "O_DIRECT: the page cache of the range was invalidated; the blocks not yet looked up.");
    /** {@code ->direct_IO} is about to look the range's blocks up ({@code get_block} / {@code ->iomap_begin}). */
    public static final Point ODIRECT_LOOKUP = Point.declare("ODIRECT_LOOKUP",
            "O_DIRECT: about to look up the range's blocks (get_block, iomap_begin) and do the I/O.");
    /** A remap (dedupe, clone) compared or prepared its ranges and has not yet shared the extents. */
    public static final Point REMAP_COMPARED = Point.declare("REMAP_COMPARED",
            "dedupe/clone: the ranges were flushed and compared; the extents not yet shared.");
    /** A collapse or insert range flushed the file from the range on and has not yet taken its locks. */
    public static final Point SHIFT_FLUSHED = Point.declare("SHIFT_FLUSHED",
            "collapse/insert range: the range to EOF was written back; the page cache not yet dropped.");
    /** A collapse or insert range dropped the page cache from the range on; the extents not yet shifted. */
    public static final Point SHIFT_DROPPED = Point.declare("SHIFT_DROPPED",
            "collapse/insert range: the page cache from the range on was dropped; the extents not yet shifted.");

    /**
     * {@code ->read_iter} with {@code IOCB_DIRECT} of [{@code off}, {@code off+len}): the generic path
     * ({@code generic_file_aio_read} of 2.6.37, {@code iomap_dio_rw} of 6.x: write the range back, then
     * {@code ->direct_IO}, which looks the blocks up; reads do not invalidate). Return: 0 or -errno (the read's
     * error, which is the caller's business, not a kernel bug).
     */
    public int direct_read(Inode inode, long off, long len) {
        checkRange(inode, off, len);
        AddressSpace mapping = inode.i_mapping;
        int err = PageWriteback.filemap_write_and_wait_range(mapping, off >>> PageSize.PAGE_SHIFT,
                (off + len - 1) >>> PageSize.PAGE_SHIFT);
        org.pagerace.sched.Points.at(ODIRECT_FLUSHED);
        return err != 0 ? err : direct_IO_blocks(inode, off, len, false);
    }

    /**
     * {@code ->write_iter} with {@code IOCB_DIRECT}: {@code generic_file_direct_write} (2.6.37;
     * {@code kiocb_invalidate_pages} and {@code kiocb_invalidate_post_direct_write} in 6.x): write the range back,
     * invalidate its page cache, {@code ->direct_IO} (the blocks are allocated and written), invalidate again.
     * Deviation: the data the write carries is not modelled (no harness check reads it); its blocks are.
     */
    public int direct_write(Inode inode, long off, long len) {
        checkRange(inode, off, len);
        AddressSpace mapping = inode.i_mapping;
        long first = off >>> PageSize.PAGE_SHIFT;
        long last = (off + len - 1) >>> PageSize.PAGE_SHIFT;
        int err = PageWriteback.filemap_write_and_wait_range(mapping, first, last);
        org.pagerace.sched.Points.at(ODIRECT_FLUSHED);
        if (err == 0) {
            err = Truncate.invalidate_inode_pages2_range(mapping, first, last);
        }
        org.pagerace.sched.Points.at(ODIRECT_INVALIDATED);
        if (err != 0) {
            return err; /* -EBUSY: the write falls back to buffered I/O, which this partner does not model */
        }
        err = direct_IO_blocks(inode, off, len, true);
        Truncate.invalidate_inode_pages2_range(mapping, first, last);
        return err;
    }

    /**
     * {@code ->direct_IO}'s block lookup for [{@code off}, {@code off+len}): {@code get_block} with
     * {@code create == 0} for a read (a hole or an unwritten reservation reads as zeros), allocation for a write.
     * A filesystem whose lookup does something else (xfs's BUG_ON on a delalloc extent) overrides this.
     */
    protected int direct_IO_blocks(Inode inode, long off, long len, boolean write) {
        org.pagerace.sched.Points.at(ODIRECT_LOOKUP);
        if (write) {
            BlockMap.of(inode).allocate(off >>> PageSize.PAGE_SHIFT, (off + len - 1) >>> PageSize.PAGE_SHIFT);
        }
        return 0;
    }

    /**
     * {@code ->remap_file_range(REMAP_FILE_DEDUP)} within one file ({@code FIDEDUPERANGE}): if
     * [{@code srcOff}, {@code srcOff+len}) and [{@code dstOff}, {@code dstOff+len}) hold the same data, the
     * destination shares the source's extents. The default filesystem has none. Return: bytes deduplicated (0 if
     * the data differs), or -errno ({@code -EOPNOTSUPP}).
     */
    public long dedupe_file_range(Inode inode, long srcOff, long dstOff, long len) {
        return -Errno.EOPNOTSUPP;
    }

    /** Whether this filesystem's {@link #dedupe_file_range} exists (for choosing races). */
    public boolean supportsDedupe() {
        return false;
    }

    /**
     * {@code ->fileattr_set} with {@code FS_NOCOW_FL} ({@code chattr +C}) on an empty or unwritten file: its data is
     * overwritten in place from then on instead of copied on write. Only a copy-on-write filesystem has the flag
     * (btrfs's {@code BTRFS_INODE_NODATACOW}). Return: 0, or -EOPNOTSUPP (the default).
     */
    public int fileattr_set_nocow(Inode inode) {
        return -Errno.EOPNOTSUPP;
    }

    /** Whether this filesystem has {@link #fileattr_set_nocow} (for choosing races: {@code enospc}). */
    public boolean supportsNocow() {
        return false;
    }

    /**
     * The extent half of a dedupe: the destination's blocks become the source's. No data moves (the ranges were
     * equal when compared); a destination page that a write fault made delalloc meanwhile keeps its reservation,
     * as the kernel's {@code io_tree} delalloc bits survive the replacement of the file extent items, and its data
     * stays in the page cache to be written to a new extent (copy on write).
     */
    protected final void shareExtents(Inode inode, long srcOff, long dstOff, long len) {
        BlockMap.of(inode).copy(srcOff >>> PageSize.PAGE_SHIFT, dstOff >>> PageSize.PAGE_SHIFT,
                len >>> PageSize.PAGE_SHIFT);
    }

    /**
     * The extent half of {@code FALLOC_FL_COLLAPSE_RANGE} once the page cache from the range on is dropped: the
     * blocks after [{@code off}, {@code off+len}) move down by {@code len} ({@code ext4_ext_shift_extents},
     * {@code xfs_collapse_file_space}), the range's own are freed, and i_size shrinks by {@code len}. Page-aligned.
     */
    protected final void collapseBlocks(Inode inode, long off, long len) {
        long size = Inode.i_size_read(inode);
        Backing b = inode.backing();
        for (long p = off; p + len < size; p += Long.BYTES) {
            long v = b.read(p + len);
            if (b.read(p) != v) {
                b.store(p, v);
            }
        }
        BlockMap.of(inode).collapse(off >>> PageSize.PAGE_SHIFT, len >>> PageSize.PAGE_SHIFT, inode);
        Inode.i_size_write(inode, size - len);
        b.truncate(size - len);
    }

    /**
     * The extent half of {@code FALLOC_FL_INSERT_RANGE} once the page cache from the range on is dropped: i_size
     * grows by {@code len}, the blocks from {@code off} on move up by {@code len}, and [{@code off},
     * {@code off+len}) becomes a hole. Page-aligned.
     */
    protected final void insertBlocks(Inode inode, long off, long len) {
        long size = Inode.i_size_read(inode);
        Backing b = inode.backing();
        b.truncate(size + len);
        Inode.i_size_write(inode, size + len);
        for (long p = size - Long.BYTES; p >= off; p -= Long.BYTES) {
            long v = b.read(p);
            if (b.read(p + len) != v) {
                b.store(p + len, v);
            }
        }
        b.punchHole(off, len);
        BlockMap.of(inode).insert(off >>> PageSize.PAGE_SHIFT, len >>> PageSize.PAGE_SHIFT);
    }

    // ---- fsync: raced only where a filesystem syncs through a path of its own ----

    /**
     * Whether this filesystem's {@code file_operations.fsync} is a path of its own ({@link #fsync} overridden, as
     * nilfs2's {@code nilfs_sync_file}, which builds a segment) rather than the generic one, which is the writeback
     * the {@code writeback} race already runs: the capability the {@code fsync} race needs. Default: false.
     */
    public boolean hasOwnFsync() {
        return false;
    }

    /**
     * {@code ->fsync(file, start, end, datasync)} ({@code vfs_fsync_range}: fsync(2), fdatasync(2), and
     * msync(MS_SYNC) of a shared mapping) of the byte range [{@code start}, {@code end}]. The default is the
     * generic data part of {@code generic_file_fsync}: {@code filemap_write_and_wait_range}. Return: 0 or -errno.
     */
    public int fsync(Inode inode, long start, long end, boolean datasync) {
        inode.checkLive();
        long last = Math.min(end >>> PageSize.PAGE_SHIFT, inode.i_mapping.maxPages() - 1L);
        return PageWriteback.filemap_write_and_wait_range(inode.i_mapping, start >>> PageSize.PAGE_SHIFT, last);
    }

    // ---- freezing (FIFREEZE / FITHAW): raced only where a version models it ----

    /** The {@code freeze} race's thaw waits here until {@code freeze_super} has returned. */
    public static final Point WAIT_FROZEN = Point.declare("WAIT_FROZEN",
            "thaw: waiting for freeze_super to return before it thaws the filesystem.");

    /**
     * Whether this filesystem version models freezing ({@link #freeze_super}, {@link #thaw_super}): the
     * {@code freeze} race runs only against the versions that do (a capability, as {@link #supportsFallocate} is).
     */
    public boolean supportsFreeze() {
        return false;
    }

    /**
     * {@code freeze_super} ({@code fs/super.c}) as this version's kernel has it, for the superblock of
     * {@code inode}. The default: not modelled. Return: 0 or -errno.
     */
    public int freeze_super(Inode inode) {
        return -Errno.EOPNOTSUPP;
    }

    /** {@code thaw_super} ({@code fs/super.c}). The default: not modelled. Return: 0 or -errno. */
    public int thaw_super(Inode inode) {
        return -Errno.EOPNOTSUPP;
    }

    // ---- shutdown (XFS_IOC_GOINGDOWN / FS_IOC_SHUTDOWN): raced only where a version models it ----

    /**
     * Whether this filesystem version models a forced shutdown ({@link #shutdown}) and what its fault and writeback
     * paths do after one: the {@code shutdown} race runs only against the versions that do (a capability, as
     * {@link #supportsFreeze} is).
     */
    public boolean supportsShutdown() {
        return false;
    }

    /**
     * The shutdown ioctl of the filesystem of {@code inode} (xfs: {@code XFS_IOC_GOINGDOWN} with
     * {@code XFS_FSOP_GOING_FLAGS_NOLOGFLUSH}, as {@code xfs_io -c shutdown} does): from then on the filesystem fails
     * I/O with -EIO. The default: not modelled. Return: 0 or -errno.
     */
    public int shutdown(Inode inode) {
        return -Errno.EOPNOTSUPP;
    }

    /** Whether the filesystem of {@code inode} has been shut down ({@link #shutdown}); false where not modelled. */
    public boolean isShutdown(Inode inode) {
        return false;
    }

    /** Throws for a negative size or a released inode (harness misuse, not a kernel path). */
    protected static void checkSize(Inode inode, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        inode.checkLive();
    }

    /** Throws for an empty or negative range or a released inode. */
    protected static void checkRange(Inode inode, long off, long len) {
        if (off < 0 || len <= 0) {
            throw new IllegalArgumentException("bad range " + off + "+" + len);
        }
        inode.checkLive();
    }

    @Override
    public String toString() {
        return id();
    }
}
