package org.pagerace.sched;

/** Kernel-level state changes that traces show beside the points passed. */
public enum Event {
    FOLIO_LOCKED("page locked"),
    FOLIO_UNLOCKED("page unlocked"),
    MAPPING_CLEARED("page->mapping = NULL (removed from the page cache)"),
    FOLIO_ADDED("page added to the page cache"),
    PTE_WRITABLE("pte made writable+dirty"),
    PTE_READONLY("pte made read-only"),
    PTE_CLEARED("pte zapped"),
    PTE_INSTALLED("read-only pte installed"),
    FOLIO_DIRTIED("page dirtied"),
    FOLIO_CLEANED("page cleaned for writeback"),
    METADATA_RESERVED("fs metadata set up"),
    METADATA_FREED("fs metadata freed"),
    ISIZE_CHANGED("i_size written"),
    DATA_STORED("user store landed"),
    DATA_DISCARDED("real data discarded (ftruncate / punch)"),
    PAGE_MKWRITE("->page_mkwrite called"),
    FAULT_RETURNED("fault returned"),
    IO_SUBMITTED("write I/O submitted (in flight, PG_writeback set)"),
    IO_TORN("the page changed while its write was in flight"),
    IO_ENDED("write I/O completed (folio_end_writeback)");

    private final String text;

    Event(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
