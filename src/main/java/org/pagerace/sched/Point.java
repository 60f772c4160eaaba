package org.pagerace.sched;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A named interleaving point: a race window of the fault path, the page cache or a filesystem, where delay
 * injection may stall a thread and where the deterministic scheduler may switch threads. A point names the window it
 * opens, not the code before it. {@code WAIT_*} points are where a thread blocks on a lock; {@code INJECT_*} points
 * are where a fault may be injected.
 *
 * <p>The set is open: the constants below are the windows of {@code mm} and of the generic helpers, and a
 * filesystem declares the windows it adds with {@link #declare} (e.g. {@code ocfs2}'s window between dropping the
 * pages and writing i_size). Points are compared by identity; a name is declared once per JVM.
 */
public final class Point {
    private static final Map<String, Point> BY_NAME = new LinkedHashMap<>();

    public static final Point STORE = builtIn("STORE", "User space: about to store through the pte (re-executed after every fault).");
    public static final Point FAULT_PTE_READ = builtIn("FAULT_PTE_READ", "handle_pte_fault: the pte was read without its lock (orig_pte).");
    public static final Point WP_PTE_UNLOCKED = builtIn("WP_PTE_UNLOCKED", "wp_page_shared / do_wp_page: pte lock dropped, page_mkwrite not yet called.");
    public static final Point FAULT_PAGE_UNLOCKED = builtIn("FAULT_PAGE_UNLOCKED", "do_shared_fault / __do_fault: the VM unlocked the faulted page before page_mkwrite.");
    public static final Point MKWRITE_CHECKED = builtIn("MKWRITE_CHECKED", "A handler passed its first (cursory) check of page->mapping or i_size.");
    public static final Point MKWRITE_PREPARED = builtIn("MKWRITE_PREPARED", "A handler prepared the page (metadata) and is about to return.");
    public static final Point MKWRITE_UNLOCKED = builtIn("MKWRITE_UNLOCKED", "page_mkwrite returned with the page unlocked; the VM has not locked it yet.");
    public static final Point MKWRITE_RETURNED = builtIn("MKWRITE_RETURNED", "page_mkwrite returned (page locked or not); the VM has not re-checked the pte yet.");
    public static final Point PTE_WRITABLE = builtIn("PTE_WRITABLE", "The pte was re-checked and made writable, the pte lock dropped; the page is not yet dirty.");
    public static final Point FILEMAP_SIZE_CHECKED = builtIn("FILEMAP_SIZE_CHECKED", "filemap_fault: i_size checked, page not yet looked up or locked.");
    public static final Point TRUNCATE_SIZE_WRITTEN = builtIn("TRUNCATE_SIZE_WRITTEN", "Truncate: the new i_size is written, nothing unmapped yet.");
    public static final Point TRUNCATE_UNMAPPED = builtIn("TRUNCATE_UNMAPPED", "Truncate or punch: ptes unmapped, pages not yet removed from the page cache.");
    public static final Point TRUNCATE_REMOVED = builtIn("TRUNCATE_REMOVED", "Truncate or punch: pages removed from the page cache; blocks and real data not yet freed.");
    public static final Point INVALIDATE_LOCKED = builtIn("INVALIDATE_LOCKED", "invalidate_inode_pages2_range: the page is locked, not yet unmapped or removed.");
    public static final Point WRITEBACK_PTES_PROTECTED = builtIn("WRITEBACK_PTES_PROTECTED", "folio_clear_dirty_for_io: the ptes are write-protected (folio_mkclean), the page is still dirty; the folio lock is held.");
    public static final Point WRITEBACK_CLEANED = builtIn("WRITEBACK_CLEANED", "Writeback: the page was cleaned and its ptes write-protected; the data is not yet written.");
    public static final Point WRITEBACK_WRITTEN = builtIn("WRITEBACK_WRITTEN", "Writeback: the page was written and unlocked; nothing else (a next writeback, an invalidation) has it yet.");
    public static final Point RELEASE_LOCKED = builtIn("RELEASE_LOCKED", "Reclaim: the clean page is isolated and locked; not yet unmapped, its metadata not yet freed.");
    public static final Point WAIT_FOLIO_LOCK = builtIn("WAIT_FOLIO_LOCK", "Waiting for a folio lock.");
    public static final Point WAIT_PTL = builtIn("WAIT_PTL", "Waiting for a pte lock.");
    public static final Point WAIT_RWSEM = builtIn("WAIT_RWSEM", "Waiting for an rw semaphore (invalidate_lock, i_rwsem, i_mmap_rwsem).");
    public static final Point WAIT_WRITEBACK = builtIn("WAIT_WRITEBACK", "Waiting for a page's writeback to end.");
    public static final Point WAIT_IO = builtIn("WAIT_IO", "The disk: waiting for a write to be submitted (nothing in flight yet).");
    public static final Point INJECT_ALLOC = builtIn("INJECT_ALLOC", "Fault injection: page-cache allocation (-ENOMEM).");
    public static final Point INJECT_RESERVE = builtIn("INJECT_RESERVE", "Fault injection: fs metadata reservation (-ENOMEM).");

    private final String name;
    private final String description;

    private Point(String name, String description) {
        this.name = name;
        this.description = description;
    }

    private static Point builtIn(String name, String description) {
        return declare(name, description);
    }

    /**
     * The point named {@code name}, declared now with {@code description} if it is new. Filesystem models declare
     * their own windows with this in a static field. Names are upper case with underscores.
     */
    public static synchronized Point declare(String name, String description) {
        if (!name.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("a point name is upper case with underscores: '" + name + "'");
        }
        return BY_NAME.computeIfAbsent(name, n -> new Point(n, description));
    }

    /** Every point declared so far, in declaration order. */
    public static synchronized List<Point> all() {
        return new ArrayList<>(BY_NAME.values());
    }

    /** The point named {@code name} (case-insensitive, {@code -} or {@code _}); lists the valid names if none. */
    public static synchronized Point byName(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        Point p = BY_NAME.get(n);
        if (p == null) {
            throw new IllegalArgumentException("unknown point '" + name + "' (valid: " + String.join(", ", BY_NAME.keySet()) + ")");
        }
        return p;
    }

    /** The point's name, e.g. {@code MKWRITE_CHECKED}. */
    public String name() {
        return name;
    }

    /** One line: the window this point opens. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return name;
    }
}
