package org.pagerace.check;

import java.util.List;
import org.pagerace.sched.StepScheduler.Step;

/**
 * A run's steps as a timeline with one column per actor: {@link Sample#FAULT} (the store) on the left, then
 * {@link Sample#PARTNER}, then {@link Sample#THIRD} in a three-actor race. Each row is one step, with the
 * kernel-level events it caused and the point it stopped at.
 */
public final class TraceFormat {
    /** The width of a column in a two-column timeline; three columns share the same total width. */
    private static final int WIDTH = 58;

    private TraceFormat() {
    }

    /** Steps shown at the start and at the end of a longer timeline (a livelock's thousands are summarised). */
    public static final int HEAD = 120;
    public static final int TAIL = 40;

    /** The timeline of a two-actor race: the store ({@code left}) and the partner ({@code right}). */
    public static String twoColumns(List<Step> steps, String left, String right) {
        return columns(steps, List.of(Sample.FAULT, Sample.PARTNER), List.of(left, right));
    }

    /**
     * The timeline in one column per actor of {@code actors} (as the steps name them), headed
     * {@code actor: label}; one longer than {@link #HEAD} + {@link #TAIL} steps shows its ends only.
     */
    public static String columns(List<Step> steps, List<String> actors, List<String> labels) {
        int n = actors.size();
        int width = n <= 2 ? WIDTH : (2 * WIDTH + 3) / n - 3;
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < n; c++) {
            String head = actors.get(c) + ": " + labels.get(c);
            sb.append(c == 0 ? "" : " | ").append(c == n - 1 ? head : pad(head, width));
        }
        sb.append('\n');
        for (int c = 0; c < n; c++) {
            sb.append(c == 0 ? "" : "-+-").append("-".repeat(width));
        }
        sb.append('\n');
        int total = steps.size();
        for (int i = 0; i < total; i++) {
            if (total > HEAD + TAIL && i == HEAD) {
                sb.append(pad("… " + (total - HEAD - TAIL) + " steps omitted (" + total + " in all)", width))
                        .append(" |\n");
                i = total - TAIL - 1;
                continue;
            }
            Step s = steps.get(i);
            int column = Math.max(0, actors.indexOf(s.actor()));
            for (int c = 0; c < column; c++) {
                sb.append(c == 0 ? "" : " | ").append(pad("", width));
            }
            sb.append(column == 0 ? "" : " | ");
            sb.append(column < n - 1 ? pad(describe(s), width) + " |" : describe(s)).append('\n');
        }
        return sb.toString();
    }

    private static String describe(Step s) {
        String events = s.events().isEmpty() ? "" : String.join(" ", s.events()) + " ";
        return events + "→ " + (s.point() == null ? "(done)" : s.point().name());
    }

    private static String pad(String s, int width) {
        if (s.length() > width) {
            return s;
        }
        return s + " ".repeat(width - s.length());
    }
}
