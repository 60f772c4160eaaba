package org.pagerace.fs;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Sample;
import org.pagerace.mm.Inode;
import org.pagerace.mm.ModelBacking;
import org.pagerace.mm.PageSize;

/**
 * With 1 KiB blocks, a page prepared whole loses the preparation of the blocks a free takes from it when the free
 * covers it in part (it stays cached and mapped), and keeps it when the free covers it whole (the partner removes
 * that page).
 */
class BlockMapPreparationTest {
    private static final long PAGE = Sample.PAGE;
    private static final long START = PAGE << PageSize.PAGE_SHIFT;
    private static final long END = (long) Sample.PAGES << PageSize.PAGE_SHIFT;

    private static Inode inodeWithPreparedPage() {
        FileSystem fs = Filesystems.resolve("ext4@6.12").create().withBlockSize(1024);
        Inode inode = fs.createInode(END, new ModelBacking(END, END), Sample.PAGES);
        assertEquals(0, BlockMap.of(inode).reserveBlock(PAGE));
        return inode;
    }

    @Test
    void aTruncateIntoThePageForgetsThePreparationOfTheBlocksItFrees() {
        Inode inode = inodeWithPreparedPage();
        BlockMap blocks = BlockMap.of(inode);
        assertFalse(blocks.unpreparedHoleAt(START + 2048), "prepared, reserved");
        blocks.freeBytes(START + 100, END, inode);
        assertTrue(blocks.unpreparedHoleAt(START + 2048), "the block was freed and its preparation forgotten");
        assertFalse(blocks.unpreparedHoleAt(START + 100), "the EOF block keeps its reservation");
    }

    @Test
    void aPunchOfTheWholePageLeavesItsPreparation() {
        Inode inode = inodeWithPreparedPage();
        BlockMap blocks = BlockMap.of(inode);
        blocks.freeBytes(START, START + PageSize.PAGE_SIZE, inode);
        assertEquals(BlockMap.NONE, blocks.state(PAGE), "every block freed");
        assertFalse(blocks.unpreparedHoleAt(START + 2048), "the page is the partner's to remove: no lowering");
    }
}
