package org.pagerace.check;

import java.util.EnumSet;
import java.util.Set;
import org.pagerace.fs.Convention;
import org.pagerace.mm.Era;
import org.pagerace.mm.ModelBacking;
import org.pagerace.mm.StepScheduler;

/**
 * Every interleaving of a race with at most one preemption: one actor runs k steps (k = 0, 1, ... until it would
 * finish), the other runs until it ends or blocks, then the rest runs to the end. The set of outcomes reached is
 * the deterministic evidence behind {@link Expectations}; {@code pagerace explore} goes to deeper bounds.
 */
final class WindowSweep {
    private WindowSweep() {
    }

    static Set<Outcome> outcomes(Convention c, Race r, Era era) {
        Set<Outcome> seen = EnumSet.noneOf(Outcome.class);
        for (String first : new String[] {"A", "B"}) {
            String second = first.equals("A") ? "B" : "A";
            for (int k = 0; ; k++) {
                Sample s = Sample.create(c, r, era, new ModelBacking(Sample.SIZE, Sample.SIZE));
                boolean firstFinished;
                try (StepScheduler sched = new StepScheduler()) {
                    sched.actor("A", s::runStore).actor("B", s::runPartner);
                    for (int i = 0; i < k && sched.enabled().contains(first); i++) {
                        sched.step(first);
                    }
                    firstFinished = !sched.enabled().contains(first) && sched.at(first) == null && k > 0;
                    sched.runWhileEnabled(second);
                    sched.finishAll();
                }
                seen.add(s.judge());
                if (firstFinished || k > 2 * StepScheduler.FAIRNESS) {
                    break;
                }
            }
        }
        return seen;
    }
}
