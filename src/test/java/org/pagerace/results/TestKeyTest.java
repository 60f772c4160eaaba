package org.pagerace.results;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.mm.PageSize;

/** A stress test's identity: its block size is part of it, named when it is below a page. */
class TestKeyTest {
    @Test
    void pageBlocksIsTheEmulationsPage() {
        assertEquals(PageSize.PAGE_SIZE, TestKey.PAGE_BLOCKS);
    }

    @Test
    void theSameRaceAtSmallerBlocksIsAnotherTest() {
        TestKey page = new TestKey("xfs@pre-2ebff7bb", "truncate-up", "model", "modern", TestKey.PAGE_BLOCKS);
        TestKey small = new TestKey("xfs@pre-2ebff7bb", "truncate-up", "model", "modern", 1024);
        assertNotEquals(page, small);
        assertEquals("(xfs@pre-2ebff7bb, truncate-up, model)", page.toString());
        assertEquals("(xfs@pre-2ebff7bb, truncate-up, model, 1024-byte blocks)", small.toString());
    }
}
