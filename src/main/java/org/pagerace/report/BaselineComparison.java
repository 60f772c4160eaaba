package org.pagerace.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.pagerace.results.Estimate;
import org.pagerace.results.JmhResult;
import org.pagerace.results.Regression;
import org.pagerace.results.StressFile;
import org.pagerace.results.TestKey;

/**
 * A run against the baseline. Regressions are:
 * <ul>
 *   <li>{@link Regression.Kind#BUG}: a bug outcome the baseline did not show, in a test whose baseline status was
 *       PASS, or that is not a bug the pair is known to reproduce (as the run recorded its grading: what makes a FAIL); a FAIL
 *       the baseline had already, with no new bug outcome, is noted, not counted again;</li>
 *   <li>{@link Regression.Kind#ERROR}: an ERROR status where the baseline had none;</li>
 *   <li>{@link Regression.Kind#LOST_DETECTION}: a bug outcome the baseline reproduced and this run did not, beyond
 *       chance;</li>
 *   <li>{@link Regression.Kind#NEW_OUTCOME}: a correct outcome the baseline never showed for the test, beyond
 *       chance;</li>
 *   <li>{@link Regression.Kind#RATE}: an outcome's rate changed beyond chance (either way, to zero included); or the
 *       rates of most tests moved together by more than a factor {@value #SPREAD_LIMIT_FACTOR} (τ above its log);</li>
 *   <li>{@link Regression.Kind#SCORE}: a JMH score moved by more than the sum of the two errors (99.9 % half-widths),
 *       or, where either error is unknown, by more than {@value #JMH_RELATIVE_PERCENT} %.</li>
 * </ul>
 * The first two are rules: one sample suffices. "Beyond chance" is {@link Significance#rateChangeP}, for every
 * outcome of every test in both runs except each test's most frequent outcome (its rate is fixed by the others),
 * with the between-run spread τ estimated from the same comparison ({@link Significance#betweenRunSpread}) but
 * never less than {@value #MIN_SPREAD} (see there), all the p-values of a comparison one family corrected with Holm's procedure at family-wise {@value #ALPHA}. Rates are not
 * compared when either run is in sanity mode (too few samples, taken before warm-up), when one run had delay
 * injection and the other not (it sets how often each window is hit), or when τ cannot be estimated.
 */
public final class BaselineComparison {
    public static final double ALPHA = 0.001;
    public static final int JMH_RELATIVE_PERCENT = 20;
    public static final int SPREAD_LIMIT_FACTOR = 10;
    /**
     * The least τ the rate tests allow for. τ is a median, and single tests move further than it says: two idle
     * runs of the same code, one after the other (the whole matrix, quick mode), gave τ = 0.075, yet
     * unlocked-metadata × truncate-down-up [file] had UNBACKED_DIRTY at 3.39 % in one and 5.2 % in the other
     * (1,139 and 1,425 occurrences: ×1.53, z = 10.7 on binomial noise alone), and four more outcomes moved by
     * ×1.3–1.4. With τ ≥ 0.2 a factor 1.5 is 2 standard deviations, a factor 3 is 5.5.
     */
    public static final double MIN_SPREAD = 0.2;

    /** One outcome of one test in both runs, with its test. */
    public record RateTest(TestKey key, String outcome, StressFile.Test baseline, StressFile.Test run, double p,
            double adjustedP, boolean significant) {
        public long baselineCount() {
            return baseline.count(outcome);
        }

        public long runCount() {
            return run.count(outcome);
        }
    }

    /** One JMH score in both runs. */
    public record ScoreChange(String identity, JmhResult baseline, JmhResult run, double relative, boolean errorKnown,
            boolean changed) {
    }

    private final List<Regression> regressions = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<RateTest> rateTests = new ArrayList<>();
    private final List<ScoreChange> scores = new ArrayList<>();
    private double spread = Double.NaN;
    private int spreadPairs;
    private boolean ratesCompared;

    private BaselineComparison() {
    }

    public List<Regression> regressions() {
        return regressions;
    }

    /** Differences that are not regressions, and what was not compared. */
    public List<String> notes() {
        return notes;
    }

    public List<RateTest> rateTests() {
        return rateTests;
    }

    public List<ScoreChange> scores() {
        return scores;
    }

    /** τ, the between-run spread of log rate ratios measured in this comparison; NaN if not estimated. */
    public double spread() {
        return spread;
    }

    /** The spread the rate tests allowed for: τ, but at least {@value #MIN_SPREAD}; NaN if τ was not estimated. */
    public double spreadUsed() {
        return Double.isNaN(spread) ? spread : Math.max(spread, MIN_SPREAD);
    }

    /** How many outcome pairs τ was estimated from. */
    public int spreadPairs() {
        return spreadPairs;
    }

    /** Whether outcome rates were compared (see {@link #notes()} for why not). */
    public boolean ratesCompared() {
        return ratesCompared;
    }

    /** Compares {@code run} with {@code baseline}. */
    public static BaselineComparison compare(RunData baseline, RunData run) {
        BaselineComparison c = new BaselineComparison();
        if (baseline.stress().isPresent() && run.stress().isPresent()) {
            c.compareStress(baseline.stress().get(), run.stress().get());
        } else if (baseline.stress().isPresent() || run.stress().isPresent()) {
            c.notes.add("stress results not compared: " + (run.stress().isPresent() ? "the baseline has" : "this run has")
                    + " no " + StressFile.SCHEMA.fileName());
        }
        if (baseline.bench().isPresent() && run.bench().isPresent()) {
            c.compareBench(baseline.bench().get(), run.bench().get());
        } else if (baseline.bench().isPresent() || run.bench().isPresent()) {
            c.notes.add("benchmarks not compared: " + (run.bench().isPresent() ? "the baseline has" : "this run has")
                    + " no " + JmhResult.FILE);
        }
        return c;
    }

    private void compareStress(StressFile base, StressFile now) {
        List<TestKey> common = new ArrayList<>();
        for (TestKey k : now.byKey().keySet()) {
            if (base.byKey().containsKey(k)) {
                common.add(k);
            }
        }
        int onlyRun = now.tests().size() - common.size();
        int onlyBase = base.tests().size() - common.size();
        if (onlyRun > 0) {
            notes.add(onlyRun + " test(s) of this run are not in the baseline (not compared)");
        }
        if (onlyBase > 0) {
            notes.add(onlyBase + " baseline test(s) did not run (not compared)");
        }
        if (!base.mode().equals(now.mode())) {
            notes.add("modes differ: baseline " + base.mode() + ", this run " + now.mode());
        }
        for (TestKey k : common) {
            statusRules(base.byKey().get(k), now.byKey().get(k));
        }
        if ("sanity".equals(base.mode()) || "sanity".equals(now.mode())) {
            notes.add("outcome rates not compared: sanity mode takes too few samples, before warm-up");
            return;
        }
        if (base.delayInjection() != now.delayInjection()) {
            notes.add("outcome rates not compared: delay injection was " + (base.delayInjection() ? "on" : "off")
                    + " in the baseline and " + (now.delayInjection() ? "on" : "off") + " in this run, and it sets "
                    + "how often each race window is hit");
            return;
        }
        List<RateTest> candidates = new ArrayList<>();
        List<long[]> pairs = new ArrayList<>();
        for (TestKey k : common) {
            StressFile.Test b = base.byKey().get(k);
            StressFile.Test r = now.byKey().get(k);
            if ("ERROR".equals(b.status()) || "ERROR".equals(r.status())) {
                continue;
            }
            Set<String> ids = union(b.outcomes().keySet(), r.outcomes().keySet());
            String top = ids.stream().max(Comparator.comparingLong((String id) -> b.count(id) + r.count(id))).orElse(null);
            for (String id : ids) {
                if (id.equals(top) || b.count(id) + r.count(id) == 0) {
                    continue;
                }
                candidates.add(new RateTest(k, id, b, r, Double.NaN, Double.NaN, false));
                pairs.add(new long[] {b.count(id), b.samples(), r.count(id), r.samples()});
            }
        }
        spread = Significance.betweenRunSpread(pairs);
        spreadPairs = (int) pairs.stream().filter(p -> p[0] >= Significance.MIN_COUNT_FOR_SPREAD
                && p[2] >= Significance.MIN_COUNT_FOR_SPREAD).count();
        if (Double.isNaN(spread)) {
            notes.add("outcome rates not compared: only " + spreadPairs + " outcome(s) with at least "
                    + Significance.MIN_COUNT_FOR_SPREAD + " occurrences in both runs, too few to measure how much rates "
                    + "vary between runs (" + Significance.MIN_PAIRS_FOR_SPREAD + " needed)");
            return;
        }
        ratesCompared = true;
        if (spread > Math.log(SPREAD_LIMIT_FACTOR)) {
            regressions.add(new Regression(Regression.Kind.RATE, null, null, null, String.format(Locale.ROOT,
                    "the rates of most tests moved: typical factor %.1f between the runs (τ = %.2f > ln %d)",
                    Math.exp(spread), spread, SPREAD_LIMIT_FACTOR)));
        }
        double[] p = new double[candidates.size()];
        for (int i = 0; i < p.length; i++) {
            RateTest t = candidates.get(i);
            p[i] = Significance.rateChangeP(t.baselineCount(), t.baseline().samples(), t.runCount(), t.run().samples(),
                    spreadUsed());
        }
        boolean[] rejected = Significance.holm(p, ALPHA);
        double[] adjusted = Significance.holmAdjusted(p);
        for (int i = 0; i < p.length; i++) {
            RateTest t = candidates.get(i);
            RateTest done = new RateTest(t.key(), t.outcome(), t.baseline(), t.run(), p[i], adjusted[i], rejected[i]);
            rateTests.add(done);
            verdict(done);
        }
    }

    /** The rules that need no statistics: bugs where the baseline had none, FAIL, ERROR. */
    private void statusRules(StressFile.Test b, StressFile.Test r) {
        TestKey k = r.key();
        if ("ERROR".equals(r.status())) {
            if (!"ERROR".equals(b.status())) {
                add(Regression.Kind.ERROR, k, "status ERROR (baseline " + b.status() + ")"
                        + (r.messages().isEmpty() ? "" : ": " + r.messages().get(0)));
            }
            return;
        }
        List<String> appeared = new ArrayList<>();
        for (String bug : r.bugsSeen()) {
            if (b.count(bug) == 0 && ("PASS".equals(b.status()) || !known(b, bug))) {
                appeared.add(bug);
            }
        }
        if (!appeared.isEmpty()) {
            add(Regression.Kind.BUG, k, "bug outcome " + counts(r, appeared) + " not in the baseline (" + b.status()
                    + ", " + b.samples() + " samples); status " + r.status());
        } else if ("FAIL".equals(r.status())) {
            notes.add(k + ": still FAIL, as in the baseline: " + counts(r, r.bugsSeen()));
        }
        if (!"KNOWN_BUG".equals(r.status()) && "KNOWN_BUG".equals(b.status()) && !"FAIL".equals(r.status())) {
            notes.add(k + ": status " + b.status() + " → " + r.status() + " (whether beyond chance: see the rate tests)");
        }
        if ("KNOWN_BUG".equals(r.status()) && "MISSED_BUG".equals(b.status())) {
            notes.add(k + ": known bug reproduced again (" + counts(r, r.bugsSeen()) + "); the baseline missed it");
        }
    }

    private void verdict(RateTest t) {
        StressFile.Test b = t.baseline();
        StressFile.Test r = t.run();
        long kb = t.baselineCount();
        long kr = t.runCount();
        String counts = String.format(Locale.ROOT, "%d of %d samples (%s), baseline %d of %d (%s); p %s, Holm-adjusted %s",
                kr, r.samples(), Fmt.percent(r.rate(t.outcome())), kb, b.samples(), Fmt.percent(b.rate(t.outcome())),
                Fmt.p(t.p()), Fmt.p(t.adjustedP()));
        boolean bug = b.bugsSeen().contains(t.outcome()) || r.bugsSeen().contains(t.outcome());
        if (kr == 0) {
            if (bug && t.significant()) {
                add(Regression.Kind.LOST_DETECTION, t.key(), "bug " + t.outcome() + " no longer reproduced (" + counts
                        + "); status " + b.status() + " → " + r.status());
            } else if (bug) {
                notes.add(t.key() + ": bug " + t.outcome() + " not reproduced, within chance (" + counts + ")");
            } else if (t.significant()) {
                add(Regression.Kind.RATE, t.key(), "outcome " + t.outcome() + " no longer seen (" + counts + ")");
            }
        } else if (kb == 0) {
            if (bug) {
                if (!"PASS".equals(b.status()) && known(b, t.outcome())) {
                    notes.add(t.key() + ": known bug " + t.outcome() + " seen where the baseline missed it (" + counts + ")");
                }
            } else if (t.significant()) {
                add(Regression.Kind.NEW_OUTCOME, t.key(), "new outcome " + t.outcome() + " (" + counts + ")");
            } else {
                notes.add(t.key() + ": new outcome " + t.outcome() + ", within chance (" + counts + ")");
            }
        } else if (t.significant()) {
            add(Regression.Kind.RATE, t.key(), String.format(Locale.ROOT, "rate of %s %s → %s, ×%.2g (%s)", t.outcome(),
                    Fmt.percent(b.rate(t.outcome())), Fmt.percent(r.rate(t.outcome())),
                    r.rate(t.outcome()) / b.rate(t.outcome()), counts));
        }
    }

    private void compareBench(List<JmhResult> base, List<JmhResult> now) {
        int unmatched = 0;
        for (JmhResult r : now) {
            JmhResult b = base.stream().filter(s -> s.identity().equals(r.identity())).findFirst().orElse(null);
            if (b == null) {
                unmatched++;
                continue;
            }
            Estimate eb = b.primary().nanosPerOp();
            Estimate er = r.primary().nanosPerOp();
            if (!eb.known() || !er.known()) {
                if (!b.primary().unit().equals(r.primary().unit())) {
                    notes.add(r.identity() + ": units differ (" + b.primary().unit() + ", " + r.primary().unit()
                            + "), not compared");
                    continue;
                }
                eb = b.primary().estimate();
                er = r.primary().estimate();
            }
            double diff = er.value() - eb.value();
            boolean errorKnown = !Double.isNaN(eb.error()) && !Double.isNaN(er.error());
            boolean changed = errorKnown ? Math.abs(diff) > eb.error() + er.error()
                    : Math.abs(diff) > JMH_RELATIVE_PERCENT / 100.0 * eb.value();
            double relative = diff / eb.value();
            scores.add(new ScoreChange(r.identity(), b, r, relative, errorKnown, changed));
            if (changed) {
                boolean slower = b.primary().nanosPerOp().known() ? diff > 0 : r.higherIsBetter() ? diff < 0 : diff > 0;
                regressions.add(new Regression(Regression.Kind.SCORE, r.param("model"),
                        r.shortName() + otherParams(r), r.param("backing"),
                        String.format(Locale.ROOT, "%s: %s → %s %s (%+.1f %%, %s)", slower ? "slower" : "faster",
                                b.primary().estimate().format(), r.primary().estimate().format(), r.primary().unit(),
                                100 * relative,
                                errorKnown ? "beyond the combined error" : "errors unknown, beyond "
                                        + JMH_RELATIVE_PERCENT + " %")));
            }
        }
        if (unmatched > 0) {
            notes.add(unmatched + " benchmark score(s) of this run are not in the baseline (not compared)");
        }
    }

    private static String otherParams(JmhResult s) {
        StringBuilder sb = new StringBuilder();
        s.params().forEach((k, v) -> {
            if (!k.equals("model") && !k.equals("backing") && !v.isEmpty()) {
                sb.append(sb.length() == 0 ? " [" : ",").append(k).append('=').append(v);
            }
        });
        return sb.length() == 0 ? "" : sb.append(']').toString();
    }

    private void add(Regression.Kind kind, TestKey k, String what) {
        regressions.add(new Regression(kind, k.model(), k.race() + ("modern".equals(k.era()) ? "" : " " + k.era()),
                k.backing(), what));
    }

    /** Whether {@code outcome} is a bug the test was graded as known for (the run's own record). */
    private static boolean known(StressFile.Test e, String outcome) {
        return e.expectedBugs().contains(outcome);
    }

    private static String counts(StressFile.Test e, List<String> ids) {
        StringBuilder sb = new StringBuilder();
        for (String id : ids) {
            sb.append(sb.length() == 0 ? "" : ", ").append(id).append(' ').append(e.count(id)).append('/')
                    .append(e.samples());
        }
        return sb.toString();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }
}
