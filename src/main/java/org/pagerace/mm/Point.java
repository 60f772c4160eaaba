package org.pagerace.mm;

/**
 * The named interleaving points: the race windows of the fault path, the page cache and the filesystem, where
 * delay injection may stall a thread and where the deterministic scheduler may switch threads. A point names the
 * window it opens, not the code before it. {@code WAIT_*} points are where a thread blocks on a lock; {@code
 * INJECT_*} points are where a fault may be injected.
 */
public enum Point {
    /** User space: about to store through the pte (re-executed after every fault). */
    STORE,
    /** {@code handle_pte_fault}: the pte was read without its lock ({@code orig_pte}). */
    FAULT_PTE_READ,
    /** {@code wp_page_shared} / {@code do_wp_page}: pte lock dropped, page_mkwrite not yet called. */
    WP_PTE_UNLOCKED,
    /** {@code do_shared_fault} / {@code __do_fault}: the VM unlocked the faulted page before page_mkwrite. */
    FAULT_PAGE_UNLOCKED,
    /** A handler passed its first (cursory) check of {@code page->mapping} or i_size. */
    MKWRITE_CHECKED,
    /** A handler prepared the page (metadata) and is about to return. */
    MKWRITE_PREPARED,
    /** page_mkwrite returned with the page unlocked; the VM has not locked it yet. */
    MKWRITE_UNLOCKED,
    /** page_mkwrite returned (page locked or not); the VM has not re-checked the pte yet. */
    MKWRITE_RETURNED,
    /** The pte was re-checked and made writable, the pte lock dropped; the page is not yet dirty. */
    PTE_WRITABLE,
    /** {@code filemap_fault}: i_size checked, page not yet looked up or locked. */
    FILEMAP_SIZE_CHECKED,
    /** Truncate: the new i_size is written, nothing unmapped yet. */
    TRUNCATE_SIZE_WRITTEN,
    /** Truncate or punch: ptes unmapped, pages not yet removed from the page cache. */
    TRUNCATE_UNMAPPED,
    /** Truncate or punch: pages removed from the page cache; blocks and real data not yet freed. */
    TRUNCATE_REMOVED,
    /** {@code invalidate_inode_pages2_range}: the page is locked, not yet unmapped or removed. */
    INVALIDATE_LOCKED,
    /** Writeback: the page was cleaned and its ptes write-protected; the data is not yet written. */
    WRITEBACK_CLEANED,
    /** Writeback: the page was written and unlocked; nothing else (a next writeback, an invalidation) has it yet. */
    WRITEBACK_WRITTEN,
    /** Metadata release: the clean page is locked; its metadata not yet freed. */
    RELEASE_LOCKED,
    /** Waiting for a folio lock. */
    WAIT_FOLIO_LOCK,
    /** Waiting for a pte lock. */
    WAIT_PTL,
    /** Waiting for an rw semaphore (invalidate_lock, i_rwsem, i_mmap_rwsem). */
    WAIT_RWSEM,
    /** Waiting for a page's writeback to end. */
    WAIT_WRITEBACK,
    /** Fault injection: page-cache allocation ({@code -ENOMEM}). */
    INJECT_ALLOC,
    /** Fault injection: fs metadata reservation ({@code -ENOMEM}). */
    INJECT_RESERVE;

    /** The point named {@code name} (case-insensitive, {@code -} or {@code _}); lists the valid names if none. */
    public static Point byName(String name) {
        String n = name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (Point p : values()) {
            if (p.name().equals(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown point '" + name + "' (valid: "
                + java.util.Arrays.toString(values()).replaceAll("[\\[\\]]", "") + ")");
    }

    /** Whether this is a point where a thread waits for a lock or for writeback. */
    public boolean isWait() {
        return name().startsWith("WAIT_");
    }
}
