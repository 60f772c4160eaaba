package org.pagerace.mm;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The model backing's file semantics, and its reset: every word zero again whatever was stored before. */
class ModelBackingTest {
    private static final long SIZE = 4L * PageSize.PAGE_SIZE;

    @Test
    void resetZeroesWhatWasStoredAndSetsTheSize() {
        ModelBacking b = new ModelBacking(SIZE, SIZE);
        assertTrue(b.store(PageSize.PAGE_SIZE + 8, 42));
        assertTrue(b.store(SIZE - 8, 7));
        b.reset(SIZE);
        assertEquals(0, b.read(PageSize.PAGE_SIZE + 8));
        assertEquals(0, b.read(SIZE - 8));
        assertEquals(SIZE, b.size());
        assertTrue(b.store(8, 1));
        b.reset(2 * PageSize.PAGE_SIZE);
        assertEquals(0, b.read(8));
        assertFalse(b.store(3L * PageSize.PAGE_SIZE, 1), "a page wholly beyond the reset size is SIGBUS");
    }

    @Test
    void truncateAndPunchZeroOnlyTheirRange() {
        ModelBacking b = new ModelBacking(SIZE, SIZE);
        for (long p = 0; p < SIZE; p += PageSize.PAGE_SIZE) {
            assertTrue(b.store(p, 5));
        }
        b.punchHole(PageSize.PAGE_SIZE, PageSize.PAGE_SIZE);
        assertEquals(5, b.read(0));
        assertEquals(0, b.read(PageSize.PAGE_SIZE));
        assertEquals(5, b.read(2L * PageSize.PAGE_SIZE));
        b.truncate(2L * PageSize.PAGE_SIZE + 8);
        b.truncate(SIZE);
        assertEquals(5, b.read(2L * PageSize.PAGE_SIZE), "inside the shrunk size");
        assertEquals(0, b.read(3L * PageSize.PAGE_SIZE), "zeroed by the shrink, not brought back by the extension");
    }
}
