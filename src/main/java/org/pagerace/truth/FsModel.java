package org.pagerace.truth;

import java.util.Optional;

/**
 * Which emulated page_mkwrite convention models which real filesystem, and why, read from each filesystem's
 * mainline source (not traced on the running kernel): the emulated side of the fidelity comparison. Where the
 * convention models a race only in part, {@link #noteFor} says what it leaves out; {@link #proxy} marks a
 * filesystem that no convention really models.
 */
public enum FsModel {
    EXT4("ext4", "invalidate-lock", false,
            "ext4_page_mkwrite runs under filemap_invalidate_lock_shared, and ext4_setattr (truncate) and "
                    + "ext4_punch_hole take invalidate_lock exclusive (since 5.15); inside it, block_page_mkwrite's "
                    + "mapping and i_size recheck, LOCKED on success"),
    XFS("xfs", "invalidate-lock", false,
            "xfs_write_fault takes XFS_MMAPLOCK_SHARED, which is mapping->invalidate_lock since 5.15, around "
                    + "iomap_page_mkwrite (folio_mkwrite_check_truncate, then LOCKED); truncate and fallocate take "
                    + "XFS_MMAPLOCK_EXCL"),
    BTRFS("btrfs", "nopage-locked", false,
            "btrfs_page_mkwrite (fs/btrfs/file.c) locks the folio, rechecks folio->mapping and page_start >= i_size "
                    + "and returns VM_FAULT_NOPAGE if either failed, else VM_FAULT_LOCKED: block_page_mkwrite's "
                    + "shape; it takes no invalidate_lock, and btrfs_setsize (truncate) does not take btrfs's own "
                    + "i_mmap_lock either, so against truncate nothing but the page lock orders the fault"),
    TMPFS("tmpfs", "filemap", true,
            "PROXY: shmem has no ->page_mkwrite at all (shmem_vm_ops has fault and map_pages only) and needs no "
                    + "write-notify, so a store to a mapped page takes no fault, and one whose pte truncate or punch "
                    + "zapped faults through shmem_fault, whose i_size check gives SIGBUS; filemap (lock, mapping "
                    + "check, LOCKED; no i_size check, no block metadata, no invalidate_lock) is the nearest "
                    + "convention, not a model of shmem");

    private final String fsType;
    private final String modelName;
    private final String convention;
    private final boolean proxy;
    private final String why;

    FsModel(String fsType, String convention, boolean proxy, String why) {
        this.fsType = fsType;
        this.modelName = fsType.equals("tmpfs") ? "shmem" : fsType;
        this.convention = convention;
        this.proxy = proxy;
        this.why = why;
    }

    /** The filesystem type as {@code /proc/mounts} names it. */
    public String fsType() {
        return fsType;
    }

    /** The id of the emulated convention that models it. */
    public String convention() {
        return convention;
    }

    /** Whether the convention is only the nearest one, not a model of this filesystem's handler. */
    public boolean proxy() {
        return proxy;
    }

    /** Why this convention: what the filesystem's handler and its truncate/punch do. */
    public String why() {
        return why;
    }

    /** What the convention leaves out of this filesystem for {@code race}; empty if nothing known. */
    public Optional<String> noteFor(TruthRace race) {
        if (this == BTRFS && (race == TruthRace.PUNCH_HOLE || race == TruthRace.MSYNC)) {
            return Optional.of("btrfs_punch_hole and btrfs_sync_file take btrfs's i_mmap_lock exclusive "
                    + "(BTRFS_ILOCK_MMAP), which btrfs_page_mkwrite takes shared: for this race btrfs serialises the "
                    + "fault as invalidate-lock does, which nopage-locked does not model");
        }
        if (this == TMPFS && race == TruthRace.PUNCH_HOLE) {
            return Optional.of("shmem_fault waits (shmem_falloc_wait) while a hole punch covers its page, and the "
                    + "page cache is tmpfs's only storage, so no block release can follow a mid-punch refault and "
                    + "zero the data behind it; filemap, over a separate block map and backing, models neither");
        }
        return Optional.empty();
    }

    /**
     * The id of the model of filesystem {@code fsType} on kernel {@code kernelRelease} ({@code uname -r}): the
     * model's name (the kernel's name for the filesystem: tmpfs is shmem) and the kernel's major.minor, e.g.
     * {@code ext4@5.10} for {@code 5.10.0-32-amd64}. Models at versions (issue 13) resolve {@code fs@RELEASE} to
     * the latest model version not newer than RELEASE; until they land every version of a filesystem is this
     * enum's one convention, which the id's {@link #forModelId} gives.
     */
    public static String modelIdFor(String fsType, String kernelRelease) {
        String name = forFsType(fsType).map(m -> m.modelName).orElse(fsType);
        return name + "@" + series(kernelRelease);
    }

    /** The model a {@link #modelIdFor model id} names; empty if none does. */
    public static Optional<FsModel> forModelId(String modelId) {
        int at = modelId.indexOf('@');
        String name = at < 0 ? modelId : modelId.substring(0, at);
        for (FsModel m : values()) {
            if (m.modelName.equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** {@code major.minor} of a kernel release ({@code 6.12.95+deb12-amd64} gives 6.12); the release if none. */
    static String series(String kernelRelease) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(kernelRelease);
        return m.find() ? m.group(1) + "." + m.group(2) : kernelRelease;
    }

    /** The model of filesystem type {@code fsType}; empty if no convention models it. */
    public static Optional<FsModel> forFsType(String fsType) {
        for (FsModel m : values()) {
            if (m.fsType.equals(fsType)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
