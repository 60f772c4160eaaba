package org.pagerace.fs.xfs;

import static org.junit.jupiter.api.Assertions.*;
import static org.pagerace.fs.PartnerSteps.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Sample;
import org.pagerace.fs.BlockMap;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.StoreResult;

/**
 * xfs's write fault after a shutdown and its failed writeback (H22, generic/623): before e4826691cc7e the fault's
 * {@code xfs_buffered_write_iomap_begin} maps the page whose writeback failed, and iomap warns that it is not
 * uptodate; after it, the fault gets SIGBUS; at 6.12 the failed writeback also leaves the page uptodate.
 */
class XfsShutdownTest {
    /** The partner shuts the filesystem down, then its fsync writes the page back. */
    @Test
    void thePartnerShutsDownThenWritesBack() {
        List<String> points = partnerPoints(new Xfs_f150b423(), "shutdown");
        assertEquals("SHUTDOWN_FORCED", points.get(0));
        assertTrue(points.indexOf("WRITEBACK_CLEANED") > 0, points.toString());
    }

    @Test
    void before_e4826691_theFailedWritebackLeavesTheMappedPageNotUptodateAndTheFaultWarns() {
        Sample s = sample(new Xfs_f150b423(), "shutdown");
        Folio page = s.inode().i_mapping.peek(Sample.PAGE);
        run(s, "B,A");
        assertEquals(Outcome.KERNEL_WARN, s.judge());
        assertNotNull(s.inode().warning());
        assertFalse(Folio.folio_test_uptodate(page), "ClearPageUptodate after the failed writeback");
        assertEquals(BlockMap.RESERVED, BlockMap.of(s.inode()).state(Sample.PAGE),
                "the shutdown skipped xfs_discard_page's delalloc punch");
        assertEquals(StoreResult.Status.STORED, s.store().status, "the warning does not stop the fault");
    }

    @Test
    void from_e4826691_aFaultAfterTheShutdownGetsSigbus() {
        Sample s = run(sample(new Xfs_e4826691(), "shutdown"), "B,A");
        assertEquals(Outcome.SIGBUS, s.judge(), "SIGBUS on a shut-down filesystem is correct");
        assertNull(s.inode().warning());
    }

    /** Between the shutdown and the writeback the page is still uptodate: no warning, the store lands. */
    @Test
    void aFaultBeforeTheFailedWritebackDoesNotWarn() {
        assertFalse(race(new Xfs_f150b423(), "shutdown", "B:SHUTDOWN_FORCED,A,B").isBug());
        assertEquals(Outcome.SIGBUS, race(new Xfs_e4826691(), "shutdown", "B:SHUTDOWN_FORCED,A,B"));
    }

    @Test
    void aStoreBeforeTheShutdownIsNoBugInEitherVersion() {
        assertFalse(race(new Xfs_f150b423(), "shutdown", "A,B").isBug());
        assertFalse(race(new Xfs_e4826691(), "shutdown", "A,B").isBug());
    }

    /** e4826691cc7e's check removed again: the warning comes back. */
    @Test
    void withoutTheRestoredCheckTheWarningComesBack() {
        Xfs_e4826691 reverted = new Xfs_e4826691() {
            @Override
            protected int xfs_buffered_write_iomap_begin(Inode inode, Folio folio, int length) {
                return BlockMap.of(inode).reserve(folio, length);
            }
        };
        assertEquals(Outcome.KERNEL_WARN, race(reverted, "shutdown", "B,A"));
    }

    /** 6.12: SIGBUS; and since e9c3a8e820ed the failed page stays uptodate, so even without the check no warning. */
    @Test
    void at_6_12_theFaultGetsSigbusAndTheFailedPageStaysUptodate() {
        Sample s = sample(new Xfs_6_12(), "shutdown");
        Folio page = s.inode().i_mapping.peek(Sample.PAGE);
        run(s, "B,A");
        assertEquals(Outcome.SIGBUS, s.judge());
        assertTrue(Folio.folio_test_uptodate(page));
        Xfs_6_12 unchecked = new Xfs_6_12() {
            @Override
            protected int xfs_buffered_write_iomap_begin(Inode inode, Folio folio, int length) {
                return BlockMap.of(inode).reserve(folio, length);
            }
        };
        assertFalse(race(unchecked, "shutdown", "B,A").isBug());
    }

    /** Versions before f150b423 do not model the shutdown: the race is not in their matrix. */
    @Test
    void olderVersionsDoNotRunTheShutdownRace() {
        assertFalse(new Xfs_04197b34().supportsShutdown());
        assertTrue(new Xfs_f150b423().supportsShutdown());
    }
}
