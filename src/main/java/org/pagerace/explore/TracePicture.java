package org.pagerace.explore;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.pagerace.check.Sample;
import org.pagerace.sched.Event;
import org.pagerace.sched.StepScheduler.Step;

/**
 * A trace drawn as a PNG for reports: one swim lane per actor, the store ({@code fault}) on the left, then the
 * partner, then a third actor if the race has one; one row per step with the point the actor stopped at and the kernel events of the step, and a red marker where
 * a step began with a preemption. Plain {@code java.awt} on a {@link BufferedImage}; works headless.
 */
public final class TracePicture {
    private static final int WIDTH = 1400;
    private static final int MARGIN = 16;
    private static final int NUMBER = 44;
    private static final int GAP = 14;
    private static final int LINE = 17;
    private static final int PAD = 5;
    private static final Color[] LANES = {new Color(0xE8F0FB), new Color(0xEEF7E8), new Color(0xFBF1E6)};
    private static final Color[] BOXES = {new Color(0xC9DAF4), new Color(0xD3EBC4), new Color(0xF4DCC0)};
    private static final Color PREEMPT = new Color(0xC62828);
    private static final Color TEXT = new Color(0x202020);
    private static final Color MUTED = new Color(0x606060);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private TracePicture() {
    }

    /**
     * Draws {@code trace} of a two-actor race with {@code title} (first line bold) and the lane names, and writes it
     * to {@code file} (parent directories created).
     */
    public static void write(Trace trace, List<String> title, String laneA, String laneB, Path file) {
        write(trace, title, List.of(Sample.FAULT, Sample.PARTNER), List.of(laneA, laneB), file);
    }

    /**
     * Draws {@code trace} with {@code title} (first line bold), one lane per actor of {@code actors} (as the steps
     * name them) headed by {@code lanes}, and writes it to {@code file} (parent directories created).
     */
    public static void write(Trace trace, List<String> title, List<String> actors, List<String> lanes, Path file) {
        Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 13);
        Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        Font mono = new Font(Font.MONOSPACED, Font.PLAIN, 12);
        int n = actors.size();
        int laneWidth = (WIDTH - 2 * MARGIN - NUMBER - (n - 1) * GAP) / n;
        int[] x0 = new int[n];
        for (int c = 0; c < n; c++) {
            x0[c] = MARGIN + NUMBER + c * (laneWidth + GAP);
        }
        int right = x0[n - 1] + laneWidth;

        List<Step> steps = trace.steps();
        int[] heights = new int[steps.size()];
        int total = 0;
        for (int i = 0; i < steps.size(); i++) {
            heights[i] = (1 + steps.get(i).events().size()) * LINE + 2 * PAD;
            total += heights[i] + 3;
        }
        int header = MARGIN + title.size() * (LINE + 3) + 8 + LINE + 8;
        int height = header + total + MARGIN + LINE;

        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);

            int y = MARGIN + LINE;
            for (int i = 0; i < title.size(); i++) {
                g.setFont(i == 0 ? bold : plain);
                g.setColor(i == 0 ? TEXT : MUTED);
                g.drawString(fit(g, title.get(i), WIDTH - 2 * MARGIN), MARGIN, y);
                y += LINE + 3;
            }
            y += 8;
            for (int c = 0; c < n; c++) {
                g.setColor(LANES[c % LANES.length]);
                g.fillRect(x0[c], y - LINE + 2, laneWidth, height - y + LINE - MARGIN);
            }
            g.setFont(bold);
            g.setColor(TEXT);
            g.drawString("step", MARGIN, y);
            for (int c = 0; c < n; c++) {
                g.drawString(fit(g, actors.get(c) + ": " + lanes.get(c), laneWidth - 2 * PAD), x0[c] + PAD, y);
            }
            y += 8;

            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                int column = Math.max(0, actors.indexOf(s.actor()));
                int x = x0[column];
                if (trace.preemptedBefore(i)) {
                    g.setColor(PREEMPT);
                    g.setStroke(new BasicStroke(2f));
                    g.drawLine(x0[0], y + 1, right, y + 1);
                    g.setFont(plain);
                    String label = "preemption: " + s.actor() + " runs while another actor could";
                    int lx = column == n - 1 ? x0[0] + PAD : right - PAD - g.getFontMetrics().stringWidth(label);
                    g.drawString(label, lx, y + LINE);
                }
                g.setColor(BOXES[column % BOXES.length]);
                g.fillRoundRect(x + 3, y + 3, laneWidth - 6, heights[i], 8, 8);
                g.setFont(plain);
                g.setColor(MUTED);
                g.drawString(Integer.toString(i + 1), MARGIN, y + PAD + LINE);
                g.setFont(bold);
                g.setColor(TEXT);
                String stop = s.point() == null ? "(done)" : "→ " + s.point().name();
                g.drawString(stop, x + 3 + PAD, y + PAD + LINE);
                g.setFont(mono);
                int ey = y + PAD + LINE;
                for (String e : s.events()) {
                    ey += LINE;
                    g.drawString(fit(g, describe(e), laneWidth - 6 - 3 * PAD), x + 3 + 3 * PAD, ey);
                }
                y += heights[i] + 3;
            }
        } finally {
            g.dispose();
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = parent.resolve(file.getFileName() + ".tmp");
            writePng(img, tmp);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** PNG with light compression: about twice as fast to write as the default, a quarter larger. */
    private static void writePng(BufferedImage img, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    /** "folio_locked(1)" → "folio_locked(1)  page locked". */
    static String describe(String event) {
        int paren = event.indexOf('(');
        String name = paren < 0 ? event : event.substring(0, paren);
        try {
            return event + "  " + Event.valueOf(name.toUpperCase(Locale.ROOT)).text();
        } catch (IllegalArgumentException e) {
            return event;
        }
    }

    private static String fit(Graphics2D g, String s, int width) {
        FontMetrics fm = g.getFontMetrics();
        if (fm.stringWidth(s) <= width) {
            return s;
        }
        String t = s;
        while (t.length() > 1 && fm.stringWidth(t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }
}
