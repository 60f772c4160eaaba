package org.pagerace.check;

import java.util.List;
import org.pagerace.sched.StepScheduler.Step;

/**
 * A run's steps as a two-column timeline, actor A (the store) on the left and actor B (the partner) on the right:
 * each row is one step, with the kernel-level events it caused and the point it stopped at.
 */
public final class TraceFormat {
    private static final int WIDTH = 58;

    private TraceFormat() {
    }

    /** Steps shown at the start and at the end of a longer timeline (a livelock's thousands are summarised). */
    public static final int HEAD = 120;
    public static final int TAIL = 40;

    /** The timeline in two columns; one longer than {@link #HEAD} + {@link #TAIL} steps shows its ends only. */
    public static String twoColumns(List<Step> steps, String left, String right) {
        StringBuilder sb = new StringBuilder();
        sb.append(pad("A: " + left)).append(" | B: ").append(right).append('\n');
        sb.append("-".repeat(WIDTH)).append("-+-").append("-".repeat(WIDTH)).append('\n');
        int n = steps.size();
        for (int i = 0; i < n; i++) {
            if (n > HEAD + TAIL && i == HEAD) {
                sb.append(pad("… " + (n - HEAD - TAIL) + " steps omitted (" + n + " in all)")).append(" |\n");
                i = n - TAIL - 1;
                continue;
            }
            Step s = steps.get(i);
            String cell = describe(s);
            if ("A".equals(s.actor())) {
                sb.append(pad(cell)).append(" |\n");
            } else {
                sb.append(pad("")).append(" | ").append(cell).append('\n');
            }
        }
        return sb.toString();
    }

    private static String describe(Step s) {
        String events = s.events().isEmpty() ? "" : String.join(" ", s.events()) + " ";
        return events + "→ " + (s.point() == null ? "(done)" : s.point().name());
    }

    private static String pad(String s) {
        if (s.length() > WIDTH) {
            return s;
        }
        return s + " ".repeat(WIDTH - s.length());
    }
}
