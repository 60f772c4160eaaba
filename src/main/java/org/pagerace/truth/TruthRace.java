package org.pagerace.truth;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pagerace.check.Race;
import org.pagerace.mm.PageSize;

/**
 * The races of the real-kernel ground truth: what the partner thread does to a real {@link #PAGES}-page file
 * while the other thread stores 8 bytes into page 1 through the safe store, which takes the real write fault and
 * the filesystem's real page_mkwrite. {@code pagerace-racer} (native/truth/racer.c) runs them, under these ids;
 * here each knows its counterpart among the emulated {@link Race}s (if any) and what it does, for the tables.
 */
public enum TruthRace {
    TRUNCATE_DOWN("truncate-down", Race.TRUNCATE_DOWN, "ftruncate(4096): page 1 goes wholly beyond EOF"),
    TRUNCATE_DOWN_UP("truncate-down-up", Race.TRUNCATE_DOWN_UP,
            "ftruncate(0), then ftruncate(16K) (the emulated race shrinks to 4096, not 0: page 1 is beyond EOF "
                    + "either way)"),
    PUNCH_HOLE("punch-hole", Race.PUNCH_HOLE, "fallocate(PUNCH_HOLE|KEEP_SIZE) of page 1; i_size unchanged"),
    PARTIAL_PAGE("partial-page", Race.PARTIAL_PAGE,
            "ftruncate(4096+100), a ~20 us gap, ftruncate(16K); the store goes to 4096+2048, in the tail of the "
                    + "EOF page during the gap"),
    MSYNC("msync", Race.WRITEBACK,
            "msync(MS_SYNC) of page 1: write it back and write-protect its pte; the data is then checked from "
                    + "storage where the page can be dropped"),
    INVALIDATE("invalidate", Race.INVALIDATE,
            "drop page 1 from the page cache: msync(MS_SYNC) (fadvise skips dirty pages), madvise(MADV_DONTNEED) "
                    + "(it skips mapped ones), posix_fadvise(POSIX_FADV_DONTNEED)");

    /** Pages in the file. */
    public static final int PAGES = 4;
    /** The page the store goes to, as a byte offset. */
    public static final long PAGE_OFFSET = PageSize.PAGE_SIZE;
    /** The file size at the start of each iteration. */
    public static final long SIZE = (long) PAGES * PageSize.PAGE_SIZE;

    private final String id;
    private final Race emulated;
    private final String summary;

    TruthRace(String id, Race emulated, String summary) {
        this.id = id;
        this.emulated = emulated;
        this.summary = summary;
    }

    public String id() {
        return id;
    }

    public String summary() {
        return summary;
    }

    /** The emulated race this one is compared with; empty where the emulation has none. */
    public Optional<Race> emulated() {
        return Optional.ofNullable(emulated);
    }

    /** Every outcome a sample of this race can be classified as. */
    public Set<RealOutcome> possibleOutcomes() {
        Set<RealOutcome> s = EnumSet.of(RealOutcome.PERSISTED, RealOutcome.LOST, RealOutcome.EFAULT,
                RealOutcome.UNEXPECTED_DATA);
        if (this == PARTIAL_PAGE) {
            s.add(RealOutcome.TAIL_KEPT);
            s.add(RealOutcome.TAIL_ZEROED);
        }
        return s;
    }

    /** The race with id {@code id}; throws {@link IllegalArgumentException} listing the valid ids. */
    public static TruthRace byId(String id) {
        for (TruthRace r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown race '" + id + "' (valid: " + String.join(", ", ids()) + ")");
    }

    /** The ids of all races, in order. */
    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (TruthRace r : values()) {
            ids.add(r.id);
        }
        return ids;
    }
}
