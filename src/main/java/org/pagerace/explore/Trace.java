package org.pagerace.explore;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.pagerace.check.TraceFormat;
import org.pagerace.sched.StepScheduler.Step;

/**
 * One explored interleaving that reached an outcome: its steps (actor, point stopped at, kernel events), which of
 * them began with a preemption, and the schedule that replays it ({@code pagerace run --schedule}): the full one,
 * one token per step, and a shorter equivalent one once {@link Schedules#verifyAndShorten} has found and checked it.
 */
public final class Trace {
    private final String outcome;
    private final List<Step> steps;
    private final Set<Integer> preempted;
    private String shortSchedule;
    private Boolean replays;

    Trace(String outcome, List<Step> steps, List<Integer> preemptedAt) {
        this.outcome = outcome;
        this.steps = List.copyOf(steps);
        this.preempted = new TreeSet<>(preemptedAt);
    }

    /** The outcome id this interleaving ends in. */
    public String outcome() {
        return outcome;
    }

    public List<Step> steps() {
        return steps;
    }

    /** The number of preemptions (switches away from an actor that could still run). */
    public int preemptions() {
        return preempted.size();
    }

    /** Whether step {@code i} began with a preemption of the other actor. */
    public boolean preemptedBefore(int i) {
        return preempted.contains(i);
    }

    /** The schedule with one token per step. */
    public String fullSchedule() {
        StringBuilder sb = new StringBuilder();
        for (Step s : steps) {
            sb.append(sb.length() == 0 ? "" : ",").append(s.token());
        }
        return sb.toString();
    }

    /** The shortest schedule known to replay these steps exactly (the full one until shortened). */
    public String schedule() {
        return shortSchedule != null ? shortSchedule : fullSchedule();
    }

    /**
     * Whether the full schedule, run as {@code pagerace run --schedule} runs it, replays these steps exactly and
     * ends in the same outcome; null until checked ({@link Schedules#verifyAndShorten}).
     */
    public Boolean replays() {
        return replays;
    }

    void setReplays(boolean replays) {
        this.replays = replays;
    }

    void setShortSchedule(String schedule) {
        this.shortSchedule = schedule;
    }

    /** The two-column timeline of {@link TraceFormat} (a two-actor race). */
    public String timeline(String left, String right) {
        return TraceFormat.twoColumns(steps, left, right);
    }

    /** The timeline of {@link TraceFormat}, one column per actor of {@code actors}, headed by {@code lanes}. */
    public String timeline(List<String> actors, List<String> lanes) {
        return TraceFormat.columns(steps, actors, lanes);
    }
}
