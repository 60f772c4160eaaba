package org.pagerace.fs.nilfs2;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.BlockMap;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Filesystems;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Folio;
import org.pagerace.mm.ModelBacking;
import org.pagerace.mm.PageWriteback;
import org.pagerace.sched.StepScheduler;

/**
 * nilfs2's fsync against a store into a page read back from storage (H27, 56d7acc792c0): before the fix the store
 * dirties the page without queueing the file, and fsync returns with the store only in the page cache; after it
 * the store is on storage when fsync returns.
 */
class NilfsFsyncTest {
    private static Sample sample(FileSystem fs, Race race) {
        return Sample.create(fs, race, new ModelBacking(Sample.SIZE, Sample.SIZE));
    }

    private static Outcome race(FileSystem fs, String schedule) {
        Sample s = sample(fs, Race.FSYNC);
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run(schedule);
        }
        return s.judge();
    }

    private static FileSystem create(String id) {
        return Filesystems.resolve(id).create();
    }

    /** The set-up reads the page back from storage: no buffers, PG_mappedtodisk. */
    @Test
    void thePageReadBackHasNoBuffersAndIsMappedToDisk() {
        Sample s = sample(create("nilfs2@3.17"), Race.FSYNC);
        Folio page = s.inode().i_mapping.peek(Sample.PAGE);
        assertNotNull(page);
        assertFalse(Folio.folio_has_private(page));
        assertTrue(NilfsInodeInfo.NILFS_I(s.inode()).PageMappedToDisk(page));
    }

    /** 3.17: the store takes the mapped-to-disk path and dirties the page without queueing the file. */
    @Test
    void beforeTheFixTheStoreLeavesTheFileUnqueued() {
        Sample s = sample(create("nilfs2@3.17"), Race.FSYNC);
        s.runStore();
        assertTrue(Folio.folio_test_dirty(s.inode().i_mapping.peek(Sample.PAGE)));
        assertFalse(NilfsInodeInfo.NILFS_I(s.inode()).isDirty());
    }

    /** 3.17: a store, then fsync: fsync returns with the store not on storage. */
    @Test
    void beforeTheFixFsyncMissesTheStore() {
        assertEquals(Outcome.UNSYNCED_WRITE, race(create("nilfs2@pre-56d7acc7"), "A,B"));
    }

    /** 56d7acc7: the same order, and the store is on storage when fsync returns. */
    @Test
    void afterTheFixFsyncWritesTheStore() {
        Sample s = sample(create("nilfs2@56d7acc7"), Race.FSYNC);
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run("A,B");
        }
        assertFalse(s.judge().isBug(), s.judge().id());
        assertTrue(s.inode().s_bdev.writtenAt(Sample.PAGE) > s.store().tick, "a write after the store reached the disk");
        assertFalse(Folio.folio_test_dirty(s.inode().i_mapping.peek(Sample.PAGE)));
    }

    /** A store that lands after fsync began is not the fsync's to sync: not judged, even before the fix. */
    @Test
    void aStoreAfterTheFsyncBeganIsNotJudged() {
        assertEquals(Outcome.OK, race(create("nilfs2@3.17"), "B,A"));
    }

    /** 3.17 with a page that has holes: page_mkwrite's own nilfs_set_file_dirty queues the file, and fsync writes it. */
    @Test
    void beforeTheFixAPageWithHolesIsSynced() {
        FileSystem fs = create("nilfs2@3.17");
        Sample s = sample(fs, Race.WRITEBACK); /* the page is a hole: no eviction, no read from storage */
        s.runStore();
        assertTrue(NilfsInodeInfo.NILFS_I(s.inode()).isDirty());
        assertEquals(0, fs.fsync(s.inode(), 0, Long.MAX_VALUE, false));
        assertTrue(s.inode().s_bdev.writtenAt(Sample.PAGE) > s.store().tick);
        assertEquals(BlockMap.ALLOCATED, BlockMap.of(s.inode()).state(Sample.PAGE));
    }

    /** 56d7acc7 with its branch reverted (3.17's nilfs_set_page_dirty): the bug comes back. */
    @Test
    void revertingTheFixBringsTheBugBack() {
        FileSystem reverted = new Nilfs2_56d7acc7() {
            @Override
            protected boolean nilfs_set_page_dirty(AddressSpace mapping, Folio page) {
                boolean ret = PageWriteback.filemap_dirty_folio(mapping, page);
                if (Folio.folio_has_private(page) && ret
                        && BlockMap.of(mapping.host).state(page.index) != BlockMap.NONE) {
                    nilfs_set_file_dirty(mapping.host, 1);
                }
                return ret;
            }
        };
        assertEquals(Outcome.UNSYNCED_WRITE, race(reverted, "A,B"));
    }

    /** The race runs only where ->fsync is a path of the filesystem's own. */
    @Test
    void theRaceAppliesOnlyToAnOwnFsync() {
        assertTrue(Race.FSYNC.appliesTo(Filesystems.resolve("nilfs2@3.17")));
        assertFalse(Race.FSYNC.appliesTo(Filesystems.resolve("ext4@6.12")));
    }
}
