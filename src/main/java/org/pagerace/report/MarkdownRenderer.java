package org.pagerace.report;

import java.util.List;

/**
 * Renders a {@link ReportDoc} as GitHub-flavoured Markdown. Images are linked by their file name (they sit in the
 * same folder); cells of a bad tone are marked strong, since Markdown has no colour.
 */
public final class MarkdownRenderer {
    private MarkdownRenderer() {
    }

    public static String render(ReportDoc doc) {
        StringBuilder sb = new StringBuilder("# ").append(doc.title()).append("\n\n");
        for (ReportDoc.Block b : doc.blocks()) {
            if (b instanceof ReportDoc.Heading h) {
                sb.append("#".repeat(h.level() + 1)).append(' ').append(h.text()).append("\n\n");
            } else if (b instanceof ReportDoc.Text t) {
                sb.append(t.text()).append("\n\n");
            } else if (b instanceof ReportDoc.Bullets l) {
                l.items().forEach(i -> sb.append("- ").append(i.replace("\n", " ")).append('\n'));
                sb.append('\n');
            } else if (b instanceof ReportDoc.Pre p) {
                sb.append("```\n").append(p.text().stripTrailing()).append("\n```\n\n");
            } else if (b instanceof ReportDoc.Image i) {
                sb.append("![").append(i.caption()).append("](").append(i.file().getFileName()).append(")\n\n");
            } else if (b instanceof ReportDoc.Table t) {
                table(sb, t);
            }
        }
        return sb.toString();
    }

    private static void table(StringBuilder sb, ReportDoc.Table t) {
        row(sb, t.header());
        sb.append('|');
        t.header().forEach(h -> sb.append(" --- |"));
        sb.append('\n');
        for (List<ReportDoc.Cell> r : t.rows()) {
            sb.append('|');
            for (ReportDoc.Cell c : r) {
                String text = c.text().isEmpty() ? " " : escape(c.text());
                boolean strong = c.tone() == ReportDoc.Tone.FAIL || c.tone() == ReportDoc.Tone.MISSED
                        || c.tone() == ReportDoc.Tone.ERROR;
                sb.append(' ').append(strong ? "**" + text + "**" : text).append(" |");
            }
            sb.append('\n');
        }
        sb.append('\n');
    }

    private static void row(StringBuilder sb, List<String> cells) {
        sb.append('|');
        cells.forEach(c -> sb.append(' ').append(escape(c)).append(" |"));
        sb.append('\n');
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", "<br>");
    }
}
