package org.pagerace.explore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pagerace.check.Backings;
import org.pagerace.check.Outcome;
import org.pagerace.fs.Filesystems;
import org.pagerace.results.ExploreFile;
import org.pagerace.sched.StepScheduler;
import org.pagerace.sched.StepScheduler.Step;

/**
 * How explorations are shown: the command line that replays a trace, the lane names and title of its timeline and
 * picture, and {@code explore.json} ({@link ExploreFile}).
 */
public final class ExploreReport {
    private ExploreReport() {
    }

    /** The {@code pagerace run} command line that replays {@code t} ({@code fs}: the file backing's directory). */
    public static String command(Exploration x, Trace t, Path fs) {
        StringBuilder sb = new StringBuilder("pagerace run --fs-model ").append(x.model().spec())
                .append(" --race ").append(x.race().id());
        if (x.model().eraSelectable()) {
            sb.append(" --era ").append(x.era().id());
        }
        int blockSize = x.model().blockSize();
        if (blockSize != org.pagerace.mm.PageSize.PAGE_SIZE) {
            sb.append(" --block-size ").append(blockSize);
        }
        if (!x.model().spec().equals(x.model().id()) && !Filesystems.userClassPath().isEmpty()) {
            sb.append(" --classpath ").append(Filesystems.userClassPath());
        }
        if (Backings.FILE.equals(x.backing())) {
            sb.append(" --backing file");
            if (fs != null) {
                sb.append(" --fs ").append(fs);
            }
        }
        return sb.append(" --schedule ").append(t.schedule()).toString();
    }

    /** The lane names of {@code x}'s timelines, one per actor, as {@code pagerace run} prints them. */
    public static List<String> lanes(Exploration x) {
        return x.race().lanes(laneA(x));
    }

    /** The fault actor's lane name ({@code store}, or {@code load} in a read race), as {@code pagerace run} prints it. */
    public static String laneA(Exploration x) {
        return x.race().access().name().toLowerCase(java.util.Locale.ROOT) + " (" + x.model().id() + ", "
                + x.era().id() + ")";
    }

    /** The partner's lane name. */
    public static String laneB(Exploration x) {
        return x.race().id();
    }

    /** The title lines of {@code t}'s picture. */
    public static List<String> title(Exploration x, Trace t, Path fs) {
        String consequence = Outcome.valueOf(t.outcome()).consequence();
        return List.of(
                x.name() + ": " + t.outcome() + " in " + t.steps().size() + " steps, " + t.preemptions()
                        + " preemption" + (t.preemptions() == 1 ? "" : "s"),
                consequence,
                command(x, t, fs),
                x.statement());
    }

    /** The picture file name of {@code t} (a bug of {@code x}). */
    public static String pictureName(Exploration x, Trace t) {
        return (x.model().id() + "_" + x.race().id() + "_" + x.era().id() + "_" + t.outcome())
                .replaceAll("[^A-Za-z0-9@._-]", "_") + ".png";
    }

    /**
     * {@code explore.json} of the explorations {@code done}: the settings, the totals ({@code seconds} exploring,
     * {@code checkSeconds} replaying and shortening traces, {@code totalSeconds} with the drawing), one test per
     * exploration with its bugs ({@code pictures}: their PNG paths), and the cross-check if there was one.
     */
    public static ExploreFile document(List<Exploration> done, Map<Trace, String> pictures, Path fs, int bound,
            String backing, boolean spinReduction, double seconds, double checkSeconds, double totalSeconds,
            StressCrossCheck.Result cross) {
        long total = done.stream().mapToLong(Exploration::interleavings).sum();
        return new ExploreFile(bound, backing, spinReduction, Explorer.DEFAULT_STEP_CAP, StepScheduler.FAIRNESS,
                total, round(seconds), Math.round(total / seconds), round(checkSeconds), round(totalSeconds),
                done.stream().map(x -> test(x, pictures, fs)).toList(), cross == null ? null : cross.entry(),
                cross == null ? null : cross.findings(), cross == null ? null : cross.blindSpots());
    }

    /** One test of {@code explore.json}; {@code pictures} maps traces to their PNG paths (relative if possible). */
    static ExploreFile.Test test(Exploration x, Map<Trace, String> pictures, Path fs) {
        List<ExploreFile.Bug> bugs = new ArrayList<>();
        for (Trace t : x.bugs()) {
            List<ExploreFile.Step> trace = new ArrayList<>();
            for (int i = 0; i < t.steps().size(); i++) {
                Step s = t.steps().get(i);
                trace.add(new ExploreFile.Step(s.actor(), s.point() == null ? null : s.point().name(), s.events(),
                        t.preemptedBefore(i) ? Boolean.TRUE : null));
            }
            bugs.add(new ExploreFile.Bug(t.outcome(), t.schedule(), t.fullSchedule(), t.steps().size(),
                    t.preemptions(), Boolean.TRUE.equals(t.replays()), command(x, t, fs), pictures.get(t),
                    t.timeline(x.race().actorNames(), lanes(x)), trace));
        }
        return new ExploreFile.Test(x.model().id(), x.race().id(), x.era().id(), x.backing(), x.bound(),
                x.interleavings(), x.complete(), x.capped(), round(x.seconds()), Math.round(x.rate()), x.outcomes(),
                x.statement(), bugs);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
