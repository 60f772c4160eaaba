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

    public static String twoColumns(List<Step> steps, String left, String right) {
        StringBuilder sb = new StringBuilder();
        sb.append(pad("A: " + left)).append(" | B: ").append(right).append('\n');
        sb.append("-".repeat(WIDTH)).append("-+-").append("-".repeat(WIDTH)).append('\n');
        for (Step s : steps) {
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
