package org.pagerace.fs;

import java.util.ArrayList;
import java.util.List;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.mm.ModelBacking;
import org.pagerace.sched.Point;
import org.pagerace.sched.StepScheduler;

/** Test helpers for partners made of several steps: one race under a schedule, and the points a partner passes. */
public final class PartnerSteps {
    private PartnerSteps() {
    }

    /** A fresh sample of {@code fs} × {@code race} on the model backing. */
    public static Sample sample(FileSystem fs, String race) {
        return Sample.create(fs, Race.byId(race), new ModelBacking(Sample.SIZE, Sample.SIZE));
    }

    /** {@code fs} × {@code race} under {@code schedule} (A = the store, B = the partner), judged. */
    public static Outcome race(FileSystem fs, String race, String schedule) {
        return run(sample(fs, race), schedule).judge();
    }

    /** Runs {@code s} under {@code schedule}; returns it for judging and inspection. */
    public static Sample run(Sample s, String schedule) {
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run(schedule);
        }
        return s;
    }

    /** The points the partner alone stops at, in order, on a fresh sample (the store runs after it). */
    public static List<String> partnerPoints(FileSystem fs, String race) {
        Sample s = sample(fs, race);
        List<String> points = new ArrayList<>();
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            for (Point p = sched.step("B"); p != null; p = sched.step("B")) {
                points.add(p.name());
            }
            sched.finishAll();
        }
        return points;
    }
}
