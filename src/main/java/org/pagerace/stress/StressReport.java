package org.pagerace.stress;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.pagerace.report.Json;
import org.pagerace.sched.DelayInjection;

/**
 * A stress run's results for people and for CI: {@code stress.json} (schema {@value #SCHEMA} v{@value #VERSION},
 * documented in {@code results/README.md}), {@code junit.xml}, and the verdict matrix printed at the end of the run.
 */
public final class StressReport {
    public static final String SCHEMA = "pagerace-stress";
    public static final int VERSION = 2;

    private StressReport() {
    }

    /** The {@code stress.json} document. */
    public static ObjectNode json(List<StressTest> tests, String mode, String era, boolean delays, long seed,
            double wallSeconds) {
        ObjectNode doc = Json.document(SCHEMA, VERSION);
        doc.put("mode", mode);
        doc.put("era", era);
        doc.put("delay_injection", delays);
        if (delays) {
            doc.put("delays", "at points: " + DelayInjection.defaults(seed) + "; start skew: "
                    + DelayInjection.startSkew(seed));
        }
        doc.put("seed", seed);
        doc.put("wall_seconds", round(wallSeconds));
        ArrayNode list = doc.putArray("tests");
        for (StressTest t : tests) {
            ObjectNode n = list.addObject();
            n.put("model", t.model);
            n.put("fs", t.planned.fs());
            n.put("version_release", t.planned.release());
            n.put("race", t.race);
            n.put("backing", t.backing);
            n.put("era", t.era);
            ArrayNode expected = n.putArray("expected_bugs");
            t.planned.expectedBugs().forEach(expected::add);
            n.put("expectation_why", t.planned.why());
            n.put("samples", t.samples());
            ObjectNode outcomes = n.putObject("outcomes");
            t.outcomes.forEach(outcomes::put);
            ArrayNode bugs = n.putArray("bugs_seen");
            t.bugsSeen().forEach(bugs::add);
            ArrayNode missed = n.putArray("bugs_missed");
            t.bugsMissed().forEach(missed::add);
            n.put("status", t.status().name());
            putNumber(n, "samples_per_second", t.samplesPerSecond());
            ObjectNode ttfd = n.putObject("expected_seconds_to_first_detection");
            for (String b : t.bugsSeen()) {
                putNumber(ttfd, b, t.expectedSecondsToFirst(b));
            }
            if (!t.messages.isEmpty()) {
                ArrayNode msgs = n.putArray("messages");
                t.messages.forEach(msgs::add);
            }
        }
        return doc;
    }

    /** JUnit XML: one test case per (model, race, backing); FAIL, ERROR and MISSED_BUG are failures. */
    public static String junitXml(List<StressTest> tests, double wallSeconds) {
        long failures = tests.stream().filter(t -> t.status() == StressTest.Status.FAIL
                || t.status() == StressTest.Status.MISSED_BUG).count();
        long errors = tests.stream().filter(t -> t.status() == StressTest.Status.ERROR).count();
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append(String.format(Locale.ROOT, "<testsuite name=\"pagerace-stress\" tests=\"%d\" failures=\"%d\" "
                + "errors=\"%d\" time=\"%.1f\">%n", tests.size(), failures, errors, wallSeconds));
        for (StressTest t : tests) {
            sb.append(String.format("  <testcase classname=\"%s\" name=\"%s[%s,%s]\">%n", xml("pagerace." + t.model),
                    xml(t.race), xml(t.backing), xml(t.era)));
            switch (t.status()) {
                case FAIL:
                    sb.append("    <failure message=\"bug outcome the model does not declare for this race: ")
                            .append(xml(String.join(", ", t.bugsSeen()))).append("\"/>\n");
                    break;
                case MISSED_BUG:
                    sb.append("    <failure message=\"known bug not reproduced (lost detection power): ")
                            .append(xml(String.join(", ", t.bugsMissed()))).append("\"/>\n");
                    break;
                case ERROR:
                    sb.append("    <error message=\"").append(xml(t.samples() == 0 ? "no samples"
                            : String.join("; ", t.messages) + " " + t.unknownOutcomes())).append("\"/>\n");
                    break;
                default:
                    break;
            }
            sb.append("    <system-out>").append(xml(t.outcomes.toString())).append("</system-out>\n");
            sb.append("  </testcase>\n");
        }
        sb.append("</testsuite>\n");
        return sb.toString();
    }

    /**
     * The verdict matrix, one per backing: models down (in the plan's order), races across; a cell is
     * {@code clean}, the known bug reproduced with its rate, {@code MISSED}, {@code FAIL:<outcome>} or
     * {@code ERROR}; {@code -} if not run (or the race does not apply to that version).
     */
    public static String matrix(List<StressTest> tests) {
        List<String> races = new ArrayList<>(new LinkedHashSet<>(tests.stream().map(t -> t.race).toList()));
        List<String> models = new ArrayList<>(new LinkedHashSet<>(tests.stream().map(t -> t.model).toList()));
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

    private static StressTest find(List<StressTest> tests, String m, String r, String b) {
        for (StressTest t : tests) {
            if (t.model.equals(m) && t.race.equals(r) && t.backing.equals(b)) {
                return t;
            }
        }
        return null;
    }

    private static void putNumber(ObjectNode n, String field, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            n.putNull(field);
        } else {
            n.put(field, round(v));
        }
    }

    /** {@code v} to 4 significant digits (a detection time of 40 µs must not print as 0). */
    private static double round(double v) {
        return v == 0 ? 0 : new BigDecimal(v).round(new MathContext(4)).doubleValue();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
