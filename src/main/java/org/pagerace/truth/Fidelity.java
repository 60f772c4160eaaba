package org.pagerace.truth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pagerace.check.Outcome;

/**
 * The fidelity comparison: maps emulated outcomes to the real ones a user program can observe (the store landed
 * and stays, it landed and was zeroed, it failed), and lists every difference between the two outcome sets of a
 * (filesystem, race) as a {@link Mismatch} with an interpretation built from the counts. A one-sided outcome that the other side would miss with
 * probability {@value #SAMPLING_CHANCE} or more at the same rate (Poisson) is put down to sampling; an emulated bug
 * outcome never is, as no real run can name it (its real trace would be a timing anomaly).
 */
public final class Fidelity {
    /** Below this chance of seeing none at the same rate, a one-sided outcome is not put down to sampling. */
    static final double SAMPLING_CHANCE = 0.05;

    private Fidelity() {
    }

    /**
     * The real outcome id an emulated outcome is observed as: OK, OK_RETRIED and OOM (the retried store landed) as
     * PERSISTED, DISCARDED as LOST, SIGBUS as EFAULT (the safe store's SIGBUS), partial-page's TAIL_KEPT and
     * TAIL_ZEROED (a store in the gap between the shrink and the extension, which the racer classifies by its phase
     * {@code gap}) as the racer's TAIL_KEPT and TAIL_ZEROED; bug outcomes as themselves. The one place the two
     * vocabularies meet.
     */
    public static String realId(Outcome o) {
        switch (o) {
            case OK:
            case OK_RETRIED:
            case OOM:
                return RealOutcome.PERSISTED.id();
            case DISCARDED:
                return RealOutcome.LOST.id();
            case SIGBUS:
                return RealOutcome.EFAULT.id();
            case TAIL_KEPT:
                return RealOutcome.TAIL_KEPT.id();
            case TAIL_ZEROED:
                return RealOutcome.TAIL_ZEROED.id();
            default:
                return o.id();
        }
    }

    /** The emulated histogram in real ids. */
    public static Map<String, Long> asReal(Map<Outcome, Long> emulated) {
        Map<String, Long> m = new LinkedHashMap<>();
        emulated.forEach((o, n) -> m.merge(realId(o), n, Long::sum));
        return m;
    }

    /** Every outcome in one set and not the other, real first, each with its interpretation. */
    public static List<Mismatch> compare(TruthResult real, EmulatedOutcomes emulated) {
        Map<String, Long> realCounts = new LinkedHashMap<>();
        real.outcomes().forEach((o, n) -> realCounts.put(o.id(), n));
        Map<String, Long> emuCounts = asReal(emulated.outcomes());
        Set<String> ids = new TreeSet<>(realCounts.keySet());
        ids.addAll(emuCounts.keySet());
        List<Mismatch> out = new ArrayList<>();
        for (String id : ids) {
            long r = realCounts.getOrDefault(id, 0L);
            long e = emuCounts.getOrDefault(id, 0L);
            if (r > 0 && e == 0) {
                double expected = (double) r / real.iterations() * emulated.samples();
                out.add(new Mismatch(id, Mismatch.Side.REAL_ONLY, r, real.iterations(), 0, emulated.samples(),
                        expected, interpret(id, Mismatch.Side.REAL_ONLY, r, real, emulated, expected)));
            } else if (e > 0 && r == 0) {
                double expected = (double) e / emulated.samples() * real.iterations();
                out.add(new Mismatch(id, Mismatch.Side.EMULATED_ONLY, 0, real.iterations(), e, emulated.samples(),
                        expected, interpret(id, Mismatch.Side.EMULATED_ONLY, e, real, emulated, expected)));
            }
        }
        out.sort((a, b) -> a.side().compareTo(b.side()));
        return out;
    }

    private static String interpret(String id, Mismatch.Side side, long count, TruthResult real,
            EmulatedOutcomes emulated, double expected) {
        String fs = real.fsType();
        String conv = emulated.convention();
        long n = side == Mismatch.Side.REAL_ONLY ? real.iterations() : emulated.samples();
        long other = side == Mismatch.Side.REAL_ONLY ? emulated.samples() : real.iterations();
        String share = String.format(Locale.ROOT, "%d/%d (%.2f%%)", count, n, 100.0 * count / n);
        double none = Math.exp(-expected);
        if (side == Mismatch.Side.EMULATED_ONLY && isBug(id)) {
            return conv + " reproduces the bug outcome " + id + " in " + share + " ("
                    + Outcome.valueOf(id).consequence() + "); a real run cannot name it, its trace would be a timing "
                    + "anomaly (a write lost after the partner finished), and the " + other + " iterations on " + fs
                    + " had " + real.anomalies() + String.format(Locale.ROOT, " (%.1f expected at the emulated rate)",
                    expected) + "; the emulated window is one " + fs + " closes, or the oracle sees more than a user program can: a "
                    + "lead on the model, not evidence of a kernel bug";
        }
        if (none >= SAMPLING_CHANCE) {
            return String.format(Locale.ROOT, "sampling: %s in %s, so only %.1f expected in the %d %s "
                    + "(P(none) = %.2f); run more to tell", id, share, expected, other,
                    side == Mismatch.Side.REAL_ONLY ? "emulated samples" : "real iterations", none);
        }
        if (side == Mismatch.Side.REAL_ONLY) {
            if (id.equals(RealOutcome.UNEXPECTED_DATA.id())) {
                return "the real file held neither the value nor zeros in " + share
                        + ": a harness or kernel fault to investigate, nothing the emulation can show";
            }
            return "real " + fs + " shows " + id + " in " + share + " but " + conv + " never did in "
                    + other + " samples: the model does not have this behaviour of " + fs;
        }
        return "the emulation reaches " + id + " in " + share + " but real " + fs + " never did in " + other
                + " iterations: the real window is closed or much narrower than the emulated one (delay injection widens "
                + "it)";
    }

    private static boolean isBug(String id) {
        for (Outcome o : Outcome.values()) {
            if (o.id().equals(id)) {
                return o.isBug();
            }
        }
        return false;
    }
}
