package org.pagerace.explore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.fs.Model;
import org.pagerace.mm.Era;

/**
 * What exploring one (model, race, era) found: how many interleavings were run, whether that was all of them
 * within the bound, how many ended in each outcome, and the shortest interleaving that reaches each outcome.
 */
public final class Exploration {
    private final Model model;
    private final Race race;
    private final Era era;
    private final String backing;
    private final int bound;
    private final boolean spinReduction;
    final Map<String, Long> counts = new TreeMap<>();
    final Map<String, Trace> shortest = new TreeMap<>();
    long interleavings;
    long capped;
    long nanos;
    long checkNanos;

    Exploration(Model model, Race race, Era era, String backing, int bound, boolean spinReduction) {
        this.model = model;
        this.race = race;
        this.era = era;
        this.backing = backing;
        this.bound = bound;
        this.spinReduction = spinReduction;
    }

    public Model model() {
        return model;
    }

    public Race race() {
        return race;
    }

    public Era era() {
        return era;
    }

    public String backing() {
        return backing;
    }

    public int bound() {
        return bound;
    }

    public boolean spinReduction() {
        return spinReduction;
    }

    /** Interleavings run to the end (and judged), plus any abandoned at the step cap. */
    public long interleavings() {
        return interleavings;
    }

    /** Interleavings abandoned for exceeding the step cap (their outcome is unknown). */
    public long capped() {
        return capped;
    }

    /** Whether every interleaving within the bound was run to its end. */
    public boolean complete() {
        return capped == 0;
    }

    /** Seconds spent running the interleavings. */
    public double seconds() {
        return nanos / 1e9;
    }

    /** Seconds spent replaying the bug traces and shortening their schedules. */
    public double checkSeconds() {
        return checkNanos / 1e9;
    }

    /** Interleavings per second. */
    public double rate() {
        return nanos == 0 ? 0 : interleavings / seconds();
    }

    /** Outcome id → number of interleavings that end in it, most severe first. */
    public Map<String, Long> outcomes() {
        Map<String, Long> sorted = new LinkedHashMap<>();
        for (String id : sortedIds(counts.keySet())) {
            sorted.put(id, counts.get(id));
        }
        return sorted;
    }

    /** Whether an outcome id is a bug (a deadlock is one). */
    public static boolean isBug(String id) {
        return Outcome.valueOf(id).isBug();
    }

    /** The shortest trace of each bug outcome reached, most severe first. */
    public List<Trace> bugs() {
        List<Trace> list = new ArrayList<>();
        for (String id : sortedIds(shortest.keySet())) {
            if (isBug(id)) {
                list.add(shortest.get(id));
            }
        }
        return list;
    }

    /** The shortest trace reaching {@code outcome}, or null. */
    public Trace shortest(String outcome) {
        return shortest.get(outcome);
    }

    /** The ids of the bug outcomes reached. */
    public List<String> bugIds() {
        List<String> ids = new ArrayList<>();
        for (Trace t : bugs()) {
            ids.add(t.outcome());
        }
        return ids;
    }

    /** "all N interleavings up to bound K explored, outcomes {...}", or what is missing. */
    public String statement() {
        String outcomes = "{" + String.join(", ", outcomes().keySet()) + "}";
        if (complete()) {
            return "all " + interleavings + " interleavings up to bound " + bound + " explored, outcomes " + outcomes;
        }
        return "INCOMPLETE: " + capped + " of " + interleavings + " interleavings up to bound " + bound
                + " hit the step timeout (TIMEOUT: a handler that never returns; the rest were not run); outcomes "
                + outcomes;
    }

    /** "model × race (era)". */
    public String name() {
        return model.id() + " × " + race.id() + " (" + era.id() + ")";
    }

    private static List<String> sortedIds(java.util.Collection<String> ids) {
        List<String> list = new ArrayList<>(ids);
        Collections.sort(list, (a, b) -> Integer.compare(rank(a), rank(b)));
        return list;
    }

    private static int rank(String id) {
        return Outcome.valueOf(id).ordinal();
    }
}
