package org.pagerace.truth;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pagerace.check.Race;
import org.pagerace.mm.PageSize;
import org.pagerace.sys.MappedFile;

/**
 * The races of the real-kernel ground truth: what the partner thread does to a real {@link #PAGES}-page file
 * while the other thread stores 8 bytes into page 1 through the safe store, which takes the real write fault and
 * the filesystem's real page_mkwrite. Each knows its counterpart among the emulated {@link Race}s (if any), and
 * which outcomes the order of events allows in each {@link Phase}, so that a sample that contradicts its own
 * timestamps is counted as an anomaly rather than lost among the legitimate outcomes.
 */
public enum TruthRace {
    TRUNCATE_DOWN("truncate-down", Race.TRUNCATE_DOWN, TruthRace.PAGE_OFFSET,
            "ftruncate(4096): page 1 goes wholly beyond EOF") {
        @Override
        void operate(MappedFile f, OpTimes t) {
            t.begin();
            f.truncate(PAGE_OFFSET);
            t.endSingle();
        }

        @Override
        Set<RealOutcome> plausible(Phase p) {
            switch (p) {
                case BEFORE: return EnumSet.of(RealOutcome.LOST);
                case AFTER: return EnumSet.of(RealOutcome.EFAULT);
                default: return EnumSet.of(RealOutcome.LOST, RealOutcome.EFAULT);
            }
        }
    },
    TRUNCATE_DOWN_UP("truncate-down-up", Race.TRUNCATE_DOWN_UP, TruthRace.PAGE_OFFSET,
            "ftruncate(0), then ftruncate(16K) (the emulated race shrinks to 4096, not 0: page 1 is beyond EOF "
                    + "either way)") {
        @Override
        void operate(MappedFile f, OpTimes t) {
            t.begin();
            f.truncate(0);
            t.firstDone();
            t.secondStart();
            f.truncate(SIZE);
            t.endSecond();
        }

        @Override
        Set<RealOutcome> plausible(Phase p) {
            switch (p) {
                case BEFORE: return EnumSet.of(RealOutcome.LOST);
                case GAP: return EnumSet.of(RealOutcome.EFAULT);
                case AFTER: return EnumSet.of(RealOutcome.PERSISTED);
                default: return EnumSet.of(RealOutcome.LOST, RealOutcome.EFAULT, RealOutcome.PERSISTED);
            }
        }
    },
    PUNCH_HOLE("punch-hole", Race.PUNCH_HOLE, TruthRace.PAGE_OFFSET,
            "fallocate(PUNCH_HOLE|KEEP_SIZE) of page 1; i_size unchanged") {
        @Override
        void operate(MappedFile f, OpTimes t) {
            t.begin();
            f.punchHole(PAGE_OFFSET, PageSize.PAGE_SIZE);
            t.endSingle();
        }

        @Override
        Set<RealOutcome> plausible(Phase p) {
            switch (p) {
                case BEFORE: return EnumSet.of(RealOutcome.LOST);
                case AFTER: return EnumSet.of(RealOutcome.PERSISTED);
                default: return EnumSet.of(RealOutcome.LOST, RealOutcome.PERSISTED);
            }
        }
    },
    PARTIAL_PAGE("partial-page", null, TruthRace.PAGE_OFFSET + 2048,
            "ftruncate(4096+100), a ~20 us gap, ftruncate(16K); the store goes to 4096+2048, in the tail of the "
                    + "EOF page during the gap") {
        @Override
        void operate(MappedFile f, OpTimes t) {
            t.begin();
            f.truncate(PAGE_OFFSET + 100);
            t.firstDone();
            long until = System.nanoTime() + PARTIAL_GAP_NANOS;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            t.secondStart();
            f.truncate(SIZE);
            t.endSecond();
        }

        @Override
        Set<RealOutcome> plausible(Phase p) {
            switch (p) {
                case BEFORE: return EnumSet.of(RealOutcome.LOST);
                case GAP: return EnumSet.of(RealOutcome.TAIL_KEPT, RealOutcome.TAIL_ZEROED);
                case AFTER: return EnumSet.of(RealOutcome.PERSISTED);
                default: return EnumSet.of(RealOutcome.LOST, RealOutcome.PERSISTED);
            }
        }
    },
    MSYNC("msync", Race.WRITEBACK, TruthRace.PAGE_OFFSET,
            "msync(MS_SYNC) of page 1: write it back and write-protect its pte; the data is then checked from "
                    + "storage where the page can be dropped") {
        @Override
        void operate(MappedFile f, OpTimes t) {
            t.begin();
            f.msync(PAGE_OFFSET, PageSize.PAGE_SIZE);
            t.endSingle();
        }

        @Override
        Set<RealOutcome> plausible(Phase p) {
            return EnumSet.of(RealOutcome.PERSISTED);
        }

        @Override
        boolean checksStorage() {
            return true;
        }
    },
    INVALIDATE("invalidate", Race.INVALIDATE, TruthRace.PAGE_OFFSET,
            "drop page 1 from the page cache: msync(MS_SYNC) (fadvise skips dirty pages), madvise(MADV_DONTNEED) "
                    + "(it skips mapped ones), posix_fadvise(POSIX_FADV_DONTNEED)") {
        @Override
        void operate(MappedFile f, OpTimes t) {
            t.begin();
            f.msync(PAGE_OFFSET, PageSize.PAGE_SIZE);
            f.zapPtes(PAGE_OFFSET, PageSize.PAGE_SIZE);
            f.dropCache(PAGE_OFFSET, PageSize.PAGE_SIZE);
            t.endSingle();
        }

        @Override
        Set<RealOutcome> plausible(Phase p) {
            return EnumSet.of(RealOutcome.PERSISTED);
        }

        @Override
        boolean checksStorage() {
            return true;
        }
    };

    /** Pages in the file. */
    public static final int PAGES = 4;
    /** The page the store goes to, as a byte offset. */
    public static final long PAGE_OFFSET = PageSize.PAGE_SIZE;
    /** The file size at the start of each iteration. */
    public static final long SIZE = (long) PAGES * PageSize.PAGE_SIZE;
    /** The pause between the two truncates of {@code partial-page}. */
    public static final long PARTIAL_GAP_NANOS = 20_000;

    private final String id;
    private final Race emulated;
    private final long storeOffset;
    private final String summary;

    TruthRace(String id, Race emulated, long storeOffset, String summary) {
        this.id = id;
        this.emulated = emulated;
        this.storeOffset = storeOffset;
        this.summary = summary;
    }

    public String id() {
        return id;
    }

    public String summary() {
        return summary;
    }

    /** Where the store goes. */
    public long storeOffset() {
        return storeOffset;
    }

    /** The emulated race this one is compared with; empty where the emulation has none. */
    public Optional<Race> emulated() {
        return Optional.ofNullable(emulated);
    }

    /** The partner's operations, stamped into {@code t}. */
    abstract void operate(MappedFile f, OpTimes t);

    /** The outcomes the order of events allows for a store in phase {@code p}; any other is an anomaly. */
    abstract Set<RealOutcome> plausible(Phase p);

    /** Whether the data check writes the file back and drops the page first, so that it reads from storage. */
    boolean checksStorage() {
        return false;
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
