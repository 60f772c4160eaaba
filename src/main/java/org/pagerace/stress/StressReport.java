package org.pagerace.stress;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pagerace.mm.PageSize;
import org.pagerace.results.JunitXml;
import org.pagerace.results.StressFile;
import org.pagerace.sched.DelayInjection;

/**
 * A stress run's results for people and for CI: {@code stress.json} ({@link StressFile},
 * documented in {@code results/README.md}), {@code junit.xml}, and the verdict matrix printed at the end of the run.
 */
public final class StressReport {
    private StressReport() {
    }

    /** How the run decides each test's samples, as {@code stress.json} states it. */
    public static final String SAMPLING_RULE = String.format(Locale.ROOT, "at least %,d samples per test; a test with "
            + "known bugs enough to miss each with a chance below %.0e at its planning rate (the lower %.1f %% bound "
            + "of the rate an earlier run measured, divided by %.0f; %.0e where none was measured)",
            SamplingPlan.FLOOR, SamplingPlan.MISS_CHANCE, 100 * SamplingPlan.CONFIDENCE, SamplingPlan.RATE_SPREAD,
            SamplingPlan.ASSUMED_RATE);

    /** The {@code stress.json} record; {@code budget} null when no time budget was asked. */
    public static StressFile json(List<StressTest> tests, String mode, String era, boolean delays, long seed,
            double wallSeconds, StressFile.TimeBudget budget) {
        List<StressFile.Test> entries = new ArrayList<>();
        for (StressTest t : tests) {
            Map<String, Double> ttfd = new LinkedHashMap<>();
            t.bugsSeen().forEach(b -> ttfd.put(b, round(t.expectedSecondsToFirst(b))));
            entries.add(new StressFile.Test(t.model, t.planned.fs(), t.planned.release(), t.race, t.backing, t.era,
                    t.planned.expectedBugs(), t.planned.why(), t.samples(), t.outcomes, t.bugsSeen(), t.bugsMissed(),
                    t.status().name(), round(t.samplesPerSecond()), ttfd, t.messages, t.planned.blockSize(),
                    t.planned.history(), t.planned.samplesTarget(), t.planned.sampling(),
                    t.seconds > 0 ? round(t.seconds) : null));
        }
        String settings = delays ? "at points: " + DelayInjection.defaults(seed) + "; start skew: "
                + DelayInjection.startSkew(seed) : null;
        return new StressFile(mode, era, delays, settings, seed, round(wallSeconds), entries, SAMPLING_RULE, budget);
    }

    /** JUnit XML: one test case per (model, race, backing); FAIL, ERROR and MISSED_BUG are failures. */
    public static String junitXml(List<StressTest> tests, double wallSeconds) {
        List<JunitXml.TestCase> cases = new ArrayList<>();
        for (StressTest t : tests) {
            JunitXml.Result result = JunitXml.Result.FAILURE;
            String message = "";
            switch (t.status()) {
                case FAIL:
                    message = "bug outcome the model does not declare for this race: " + String.join(", ", t.bugsSeen());
                    break;
                case MISSED_BUG:
                    message = "known bug not reproduced (lost detection power): " + String.join(", ", t.bugsMissed());
                    break;
                case ERROR:
                    result = JunitXml.Result.ERROR;
                    message = t.samples() == 0 ? "no samples" : String.join("; ", t.messages) + " " + t.unknownOutcomes();
                    break;
                default:
                    result = JunitXml.Result.PASSED;
                    break;
            }
            cases.add(new JunitXml.TestCase("pagerace." + t.model, t.race + "[" + t.backing + "," + t.era + "]", result,
                    message, t.outcomes.toString()));
        }
        return JunitXml.of("pagerace-stress", wallSeconds, cases);
    }

    /**
     * The verdict matrix, one per backing: models down (in the plan's order), races across; a cell is
     * {@code clean}, the known bug reproduced with its rate, {@code MISSED}, {@code FAIL:<outcome>} or
     * {@code ERROR}; {@code -} if not run (or the race does not apply to that version).
     */
    public static String matrix(List<StressTest> tests) {
        List<String> races = new ArrayList<>(new LinkedHashSet<>(tests.stream().map(t -> t.race).toList()));
        List<String> models = new ArrayList<>(new LinkedHashSet<>(tests.stream().map(StressReport::row).toList()));
        int width = races.stream().mapToInt(String::length).max().orElse(0);
        int first = models.stream().mapToInt(String::length).max().orElse(0) + 1;
        for (StressTest t : tests) {
            width = Math.max(width, cell(t).length());
        }
        String column = " %-" + width + "s";
        String lead = "%-" + first + "s";
        StringBuilder sb = new StringBuilder();
        for (String backing : new String[] {"model", "file"}) {
            if (tests.stream().noneMatch(t -> t.backing.equals(backing))) {
                continue;
            }
            sb.append(String.format("%n%s backing%n" + lead, backing, ""));
            for (String r : races) {
                sb.append(String.format(column, r));
            }
            sb.append('\n');
            for (String m : models) {
                StringBuilder row = new StringBuilder(String.format(lead, m));
                boolean any = false;
                for (String r : races) {
                    StressTest t = find(tests, m, r, backing);
                    any |= t != null;
                    row.append(String.format(column, t == null ? "-" : cell(t)));
                }
                if (any) {
                    sb.append(row.toString().stripTrailing()).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String cell(StressTest t) {
        switch (t.status()) {
            case PASS:
                return "clean";
            case ERROR:
                return "ERROR";
            case MISSED_BUG:
                return "MISSED";
            case FAIL:
                return "FAIL:" + abbreviate(t.bugsSeen().get(0));
            default:
                String bug = t.bugsSeen().get(0);
                return String.format(Locale.ROOT, "%s %.2g%%", abbreviate(bug),
                        100.0 * t.outcomes.get(bug) / t.samples());
        }
    }

    private static String abbreviate(String outcome) {
        switch (outcome) {
            case "SPURIOUS_SIGBUS": return "SPUR_SIGBUS";
            case "UNNOTIFIED_DIRTY": return "UNNOTIFIED";
            case "UNBACKED_DIRTY": return "UNBACKED";
            case "PAGE_BEYOND_EOF": return "BEYOND_EOF";
            default: return outcome;
        }
    }

    /** A test's row in the matrix: its model, and its block size when that is below a page (a history pair). */
    private static String row(StressTest t) {
        return t.planned.blockSize() < PageSize.PAGE_SIZE ? t.model + " (" + t.planned.blockSize() + "-byte blocks)"
                : t.model;
    }

    private static StressTest find(List<StressTest> tests, String m, String r, String b) {
        for (StressTest t : tests) {
            if (row(t).equals(m) && t.race.equals(r) && t.backing.equals(b)) {
                return t;
            }
        }
        return null;
    }

    /** {@code v} to 4 significant digits (a detection time of 40 µs must not print as 0). */
    private static Double round(double v) {
        if (!Double.isFinite(v)) {
            return null;
        }
        return v == 0 ? 0 : new BigDecimal(v).round(new MathContext(4)).doubleValue();
    }
}
