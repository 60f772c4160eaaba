package org.pagerace.fs;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.mm.Era;
import org.pagerace.mm.ModelBacking;
import org.pagerace.sched.StepScheduler;

/**
 * The claims of the 2010 thread (seed/page_mkwrite-thread-2010.txt), each as the one interleaving that shows it,
 * in both eras. The schedules read: {@code A:POINT} runs the store until POINT, {@code B} runs the race partner
 * until it ends or waits for a lock (a three-actor race's third, the disk, runs when the schedule has ended).
 */
class SeedClaimsTest {
    private static Outcome race(String convention, String race, Era era, String schedule) {
        Sample s = Sample.create(Filesystems.resolve(convention).create(era), Race.byId(race),
                new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            s.actors().forEach(sched::actor); /* A, B (and C) name them by position */
            sched.run(schedule);
        }
        return s.judge();
    }

    /** "the ones that return SIGBUS in these cases were already broken": a punched page within i_size. */
    @ParameterizedTest
    @EnumSource(Era.class)
    void sigbusOnATruncatedPageWasAlreadyBroken(Era era) {
        assertEquals(Outcome.SPURIOUS_SIGBUS, race("sigbus", "punch-hole", era, "A:WP_PTE_UNLOCKED,B"));
        assertEquals(Outcome.SPURIOUS_SIGBUS, race("sigbus", "invalidate", era, "A:WP_PTE_UNLOCKED,B"));
    }

    /** ocfs2's late -EINVAL: the page cache was flushed after the cursory check; the page is within i_size. */
    @ParameterizedTest
    @EnumSource(Era.class)
    void ocfs2sLateEinvalOnAFlushedPageIsWrong(Era era) {
        assertEquals(Outcome.SPURIOUS_SIGBUS, race("zero-unlocked", "invalidate", era, "A:MKWRITE_CHECKED,B"));
    }

    /** "if the page is returned with no locks, it might be possible that metadata is freed before the page can be
     *  installed in the dirty pte": writeback cleans the page in that window (b827e496c893), while reclaim, which
     *  unmaps the page before it releases metadata, only makes the fault retry (the VM's pte recheck). */
    @ParameterizedTest
    @EnumSource(Era.class)
    void anUnlockedReturnLetsWritebackCleanThePageBeforeTheDirtyPte(Era era) {
        assertEquals(Outcome.UNNOTIFIED_DIRTY, race("zero-unlocked", "writeback", era, "A:MKWRITE_RETURNED,B"));
        assertEquals(Outcome.OK_RETRIED, race("unlocked-metadata", "release-metadata", era, "A:MKWRITE_RETURNED,B"),
                "reclaim unmaps first: the fault's pte recheck sees it and retries");
        assertEquals(Outcome.OK, race("nopage-locked", "release-metadata", era, "A:MKWRITE_CHECKED,B"),
                "with the page held locked to the dirty pte, release waits and finds it dirty");
    }

    /** Wengang's substitute page: the VM's recheck throws it away, but it can be created beyond EOF. */
    @ParameterizedTest
    @EnumSource(Era.class)
    void aSubstitutePageFromFindOrCreatePageIsTheWrongPageToPrepare(Era era) {
        assertEquals(Outcome.PAGE_BEYOND_EOF, race("find-or-create", "truncate-down", era, "A:MKWRITE_CHECKED,B"));
        assertEquals(Outcome.OK_RETRIED, race("find-or-create", "truncate-down-up", era, "A:MKWRITE_CHECKED,B"),
                "the VM finds the passed page truncated and retries: no notification is missed");
    }

    /** "-ENOMEM is that OOM fault error, right?" — "Right." — and its cleanup is that of a retry. */
    @ParameterizedTest
    @EnumSource(Era.class)
    void enomemBecomesOomWithTheCleanupOfARetry(Era era) {
        assertEquals(Outcome.OOM, race("vmf-fs-error", "enomem", era, "B,A"));
        assertEquals(Outcome.OOM, race("nopage-locked", "enomem", era, "B,A"));
        assertEquals(Outcome.SPURIOUS_SIGBUS, race("zero-unlocked", "enomem", era, "B,A"),
                "ocfs2 2.6.37 turned every error, -ENOMEM included, into SIGBUS");
    }

    /** "return VM_FAULT_NOPAGE for any place we aren't sure ..., VM_FAULT_OOM ..., VM_FAULT_LOCKED for all
     *  successful operations" — with truncate and punch serialised by invalidate_lock, against every partner. */
    @ParameterizedTest
    @EnumSource(Era.class)
    void nopageWhenUnsureOomAndLockedOnSuccessIsCleanAgainstEveryPartner(Era era) {
        for (Race r : Race.values()) {
            if (!r.appliesTo(Filesystems.resolve("invalidate-lock"))) {
                continue; /* collapse, insert, zero range, dedupe: not in the filesystem of 2010 */
            }
            for (String schedule : new String[] {"A,B", "B,A", "A:MKWRITE_CHECKED,B", "B:TRUNCATE_REMOVED,A",
                "B:TRUNCATE_UNMAPPED,A", "A:WP_PTE_UNLOCKED,B"}) {
                if (schedule.startsWith("B:TRUNCATE") && !r.destructive()) {
                    continue;
                }
                if (schedule.startsWith("A:") && r == Race.TRUNCATE_UP) {
                    continue; /* its store goes through the pte the set-up made writable: no fault, no such point */
                }
                Outcome o = race("invalidate-lock", r.id(), era, schedule);
                assertFalse(o.isBug(), r.id() + " " + schedule + " gave " + o);
            }
        }
    }
}
