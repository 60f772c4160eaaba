package org.pagerace.mm;

/**
 * Which kernel's fault path runs: the 2.6.37 one the 2010 thread argued about ({@code __do_fault},
 * {@code do_wp_page} with the lock-and-check-mapping fallback), or the modern folio one ({@code do_shared_fault},
 * {@code wp_page_shared}, {@code do_page_mkwrite}, {@code finish_mkwrite_fault}).
 */
public enum Era {
    /** Linux 6.12 (folio era; checked against stored folio-era mainline {@code mm/memory.c}, {@code mm/filemap.c}). */
    MODERN("modern", "6.12"),
    /** Linux 2.6.37 ({@code mm/memory.c}, {@code mm/filemap.c}, {@code mm/truncate.c} of that release). */
    LINUX_2_6_37("2.6.37", "2.6.37");

    private final String id;
    private final String release;

    Era(String id, String release) {
        this.id = id;
        this.release = release;
    }

    /** The command-line name: {@code modern} or {@code 2.6.37}. */
    public String id() {
        return id;
    }

    /** The kernel release mirrored. */
    public String release() {
        return release;
    }

    /** The era named {@code id}; throws {@link IllegalArgumentException} listing the valid names. */
    public static Era byId(String id) {
        for (Era e : values()) {
            if (e.id.equals(id)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown era '" + id + "' (valid: modern, 2.6.37)");
    }
}
