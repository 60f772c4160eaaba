package org.pagerace.stress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pagerace.check.Outcome;
import org.pagerace.results.PlanFile;

/**
 * The result of one planned (model, race, backing, era) JCStress test across its JVM configurations, and its
 * status: PASS (no bug outcome, none expected), KNOWN_BUG (an expected bug reproduced), MISSED_BUG (the model is
 * known to show a bug here and did not: lost detection power), FAIL (a bug outcome the model does not declare),
 * ERROR (JCStress reported an error, or no sample ran). Graded with the expectations the plan recorded, so a run is
 * judged by the rules it ran under.
 */
public final class StressTest {
    /** How a test's grading came out. */
    public enum Status { PASS, KNOWN_BUG, MISSED_BUG, FAIL, ERROR }

    public final PlanFile.Test planned;
    public final String model;
    public final String race;
    public final String backing;
    public final String era;
    public final Map<String, Long> outcomes = new LinkedHashMap<>();
    public final List<String> messages = new ArrayList<>();
    long samples;
    double seconds;
    boolean jcstressError;

    StressTest(PlanFile.Test planned) {
        this.planned = planned;
        this.model = planned.model();
        this.race = planned.race();
        this.backing = planned.backing();
        this.era = planned.era();
    }

    /** The known bug outcomes this test is graded with, as the plan recorded them. */
    public Set<Outcome> expectedBugs() {
        Set<Outcome> known = new TreeSet<>();
        planned.expectedBugs().forEach(b -> known.add(Outcome.valueOf(b)));
        return known;
    }

    public long samples() {
        return samples;
    }

    /** Samples per second of sampling time (JCStress's time per iteration × iterations); NaN if unknown. */
    public double samplesPerSecond() {
        return seconds > 0 ? samples / seconds : Double.NaN;
    }

    /** The bug outcome ids seen, in severity order. */
    public List<String> bugsSeen() {
        List<String> bugs = new ArrayList<>();
        for (Outcome o : Outcome.values()) {
            if (o.isBug() && outcomes.getOrDefault(o.id(), 0L) > 0) {
                bugs.add(o.id());
            }
        }
        return bugs;
    }

    /** Outcome ids seen that the oracle does not define (a broken test). */
    public Set<String> unknownOutcomes() {
        Set<String> unknown = new TreeSet<>(outcomes.keySet());
        for (Outcome o : Outcome.values()) {
            unknown.remove(o.id());
        }
        return unknown;
    }

    /** Known bugs of the pair that this test did not show. */
    public List<String> bugsMissed() {
        List<String> missed = new ArrayList<>();
        for (Outcome o : expectedBugs()) {
            if (outcomes.getOrDefault(o.id(), 0L) == 0) {
                missed.add(o.id());
            }
        }
        return missed;
    }

    public Status status() {
        if (jcstressError || samples == 0 || !unknownOutcomes().isEmpty()) {
            return Status.ERROR;
        }
        Set<Outcome> known = expectedBugs();
        for (String b : bugsSeen()) {
            if (!known.contains(Outcome.valueOf(b))) {
                return Status.FAIL;
            }
        }
        if (known.isEmpty()) {
            return Status.PASS;
        }
        return bugsMissed().size() == known.size() ? Status.MISSED_BUG : Status.KNOWN_BUG;
    }

    /** Seconds until the first sample showing {@code outcome}, expected from its rate; NaN if never seen. */
    public double expectedSecondsToFirst(String outcome) {
        long n = outcomes.getOrDefault(outcome, 0L);
        double rate = samplesPerSecond();
        if (n == 0 || Double.isNaN(rate)) {
            return Double.NaN;
        }
        return 1.0 / ((double) n / samples * rate);
    }

    @Override
    public String toString() {
        return model + " × " + race + " [" + backing + ", " + era + "]";
    }
}
