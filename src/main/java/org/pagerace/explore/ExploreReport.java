package org.pagerace.explore;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.pagerace.check.Backings;
import org.pagerace.check.Outcome;
import org.pagerace.fs.Filesystems;
import org.pagerace.results.Json;
import org.pagerace.results.StressFile;
import org.pagerace.sched.StepScheduler.Step;

/**
 * How explorations are shown: the command line that replays a trace, the lane names and title of its timeline and
 * picture, and {@code explore.json} (schema {@code pagerace-explore} v2).
 */
public final class ExploreReport {
    public static final String SCHEMA = "pagerace-explore";
    public static final int VERSION = 2;
    public static final String FILE = "explore.json";

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

    /** One test of {@code explore.json}; {@code pictures} maps traces to their PNG paths (relative if possible). */
    public static ObjectNode test(Exploration x, Map<Trace, String> pictures, Path fs) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("model", x.model().id());
        n.put("race", x.race().id());
        n.put("era", x.era().id());
        n.put("backing", x.backing());
        n.put("bound", x.bound());
        n.put("interleavings", x.interleavings());
        n.put("complete", x.complete());
        n.put("capped", x.capped());
        n.put("seconds", round(x.seconds()));
        n.put("interleavings_per_s", Math.round(x.rate()));
        ObjectNode outcomes = n.putObject("outcomes");
        x.outcomes().forEach(outcomes::put);
        n.put("statement", x.statement());
        ArrayNode bugs = n.putArray("bugs");
        for (Trace t : x.bugs()) {
            ObjectNode b = bugs.addObject();
            b.put("outcome", t.outcome());
            b.put("schedule", t.schedule());
            b.put("full_schedule", t.fullSchedule());
            b.put("steps", t.steps().size());
            b.put("preemptions", t.preemptions());
            b.put("replays", Boolean.TRUE.equals(t.replays()));
            b.put("command", command(x, t, fs));
            if (pictures.containsKey(t)) {
                b.put("png", pictures.get(t));
            }
            b.put("timeline", t.timeline(x.race().actorNames(), lanes(x)));
            ArrayNode trace = b.putArray("trace");
            for (int i = 0; i < t.steps().size(); i++) {
                Step s = t.steps().get(i);
                ObjectNode sn = trace.addObject();
                sn.put("actor", s.actor());
                sn.put("point", s.point() == null ? null : s.point().name());
                ArrayNode ev = sn.putArray("events");
                s.events().forEach(ev::add);
                if (t.preemptedBefore(i)) {
                    sn.put("preemption", true);
                }
            }
        }
        return n;
    }

    /** The cross-check part of {@code explore.json}: {@code findings} and {@code blind_spots}, into {@code doc}. */
    public static void crossCheck(ObjectNode doc, StressCrossCheck.Result r) {
        ObjectNode cc = doc.putObject("cross_check");
        cc.put("stress_file", r.stressFile().toString());
        cc.put("stress_tests", r.stressTests());
        ArrayNode unmatched = cc.putArray("unmatched");
        for (StressFile.Test t : r.unmatched()) {
            unmatched.addObject().put("convention", t.model()).put("race", t.race()).put("era", t.era())
                    .put("backing", t.backing());
        }
        ArrayNode findings = doc.putArray("findings");
        for (StressCrossCheck.Finding f : r.findings()) {
            findings.addObject().put("model", f.model()).put("race", f.race()).put("era", f.era())
                    .put("backing", f.backing()).put("outcome", f.outcome()).put("stress_count", f.count())
                    .put("bound", f.bound())
                    .put("meaning", "stress observed " + f.outcome() + " but no interleaving of the named points "
                            + "within bound " + f.bound() + " reaches it: a race window without a named point");
        }
        ArrayNode blind = doc.putArray("blind_spots");
        for (StressCrossCheck.BlindSpot b : r.blindSpots()) {
            ObjectNode n = blind.addObject().put("model", b.model()).put("race", b.race())
                    .put("era", b.era()).put("outcome", b.outcome()).put("stress_samples", b.samples())
                    .put("schedule", b.schedule())
                    .put("meaning", "exploration reaches " + b.outcome() + " but stress never observed it");
            ArrayNode backings = n.putArray("backings");
            b.backings().forEach(backings::add);
        }
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
