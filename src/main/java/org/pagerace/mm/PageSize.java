package org.pagerace.mm;

/**
 * {@code PAGE_SIZE} and {@code PAGE_SHIFT}. The emulation uses 4 KiB pages; the file backing checks that the
 * machine's pages are the same size, so that one emulated page is one real page.
 */
public final class PageSize {
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;

    private PageSize() {
    }

    /** {@code DIV_ROUND_UP(bytes, PAGE_SIZE)}: the number of pages that hold {@code bytes}. */
    public static long pages(long bytes) {
        return (bytes + PAGE_SIZE - 1) >>> PAGE_SHIFT;
    }

    /** {@code round_up(bytes, PAGE_SIZE)}. */
    public static long roundUp(long bytes) {
        return pages(bytes) << PAGE_SHIFT;
    }
}
