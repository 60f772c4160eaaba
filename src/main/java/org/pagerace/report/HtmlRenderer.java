package org.pagerace.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import org.commonmark.parser.Parser;

/**
 * Renders a {@link ReportDoc} as one self-contained HTML page: the style sheet inline, every PNG inlined as a
 * base64 {@code data:} URI, no external resource.
 */
public final class HtmlRenderer {
    private static final String CSS = String.join("\n",
            "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:80em;"
                    + "padding:0 1em;color:#1b1b1b;line-height:1.45}",
            "h1{font-size:1.6em;border-bottom:2px solid #444}h2{font-size:1.3em;margin-top:1.8em;"
                    + "border-bottom:1px solid #bbb}h3{font-size:1.1em}",
            "table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.86em}",
            "th,td{border:1px solid #c8c8c8;padding:.25em .5em;text-align:left;vertical-align:top}",
            "th{background:#eee}td.num{text-align:right}td:first-child{white-space:nowrap}",
            "td.clean{background:#d9f2d9}td.known{background:#fff1c2}td.missed{background:#ffd0a0;font-weight:600}",
            "td.fail{background:#f7b3b3;font-weight:700}td.error{background:#d6b3f0;font-weight:700}td.dim{color:#888}",
            "pre{background:#f5f5f5;border:1px solid #ddd;padding:.6em;overflow-x:auto;font-size:.85em}",
            "code{background:#f0f0f0;padding:0 .2em}img{max-width:100%;border:1px solid #ddd}",
            "figure{margin:1em 0}figcaption{font-size:.85em;color:#555}",
            ".legend span{display:inline-block;padding:.1em .5em;margin-right:.4em;border:1px solid #c8c8c8}");

    private static final Parser MARKDOWN = Parser.builder().build();
    private static final org.commonmark.renderer.html.HtmlRenderer INLINE = org.commonmark.renderer.html.HtmlRenderer
            .builder().escapeHtml(true).sanitizeUrls(true).build();

    private HtmlRenderer() {
    }

    public static String render(ReportDoc doc) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(esc(doc.title())).append("</title>\n<style>\n").append(CSS).append("\n</style></head><body>\n<h1>")
                .append(esc(doc.title())).append("</h1>\n");
        for (ReportDoc.Block b : doc.blocks()) {
            if (b instanceof ReportDoc.Heading h) {
                int level = h.level() + 1;
                sb.append("<h").append(level).append(" id=\"").append(anchor(h.text())).append("\">")
                        .append(esc(h.text())).append("</h").append(level).append(">\n");
            } else if (b instanceof ReportDoc.Text t) {
                sb.append("<p>").append(inline(t.text())).append("</p>\n");
            } else if (b instanceof ReportDoc.Bullets l) {
                sb.append("<ul>\n");
                l.items().forEach(i -> sb.append("<li>").append(inline(i)).append("</li>\n"));
                sb.append("</ul>\n");
            } else if (b instanceof ReportDoc.Pre p) {
                sb.append("<pre>").append(esc(p.text().stripTrailing())).append("</pre>\n");
            } else if (b instanceof ReportDoc.Image i) {
                sb.append("<figure><img alt=\"").append(esc(i.caption())).append("\" src=\"data:image/png;base64,")
                        .append(base64(i)).append("\"><figcaption>").append(esc(i.caption()))
                        .append("</figcaption></figure>\n");
            } else if (b instanceof ReportDoc.Table t) {
                table(sb, t);
            }
        }
        return sb.append("</body></html>\n").toString();
    }

    private static void table(StringBuilder sb, ReportDoc.Table t) {
        sb.append("<table>\n<tr>");
        t.header().forEach(h -> sb.append("<th>").append(esc(h)).append("</th>"));
        sb.append("</tr>\n");
        for (List<ReportDoc.Cell> r : t.rows()) {
            sb.append("<tr>");
            for (ReportDoc.Cell c : r) {
                String cls = c.tone() == ReportDoc.Tone.NONE ? (numeric(c.text()) ? "num" : "")
                        : c.tone().name().toLowerCase(java.util.Locale.ROOT);
                sb.append(cls.isEmpty() ? "<td>" : "<td class=\"" + cls + "\">")
                        .append(esc(c.text()).replace("\n", "<br>")).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n");
    }

    private static boolean numeric(String s) {
        return s.matches("[-+]?[0-9][0-9,.]*( ± [0-9.,e+-]+)?( ?%)?");
    }

    private static String base64(ReportDoc.Image i) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(i.file()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + i.file() + ": " + e.getMessage(), e);
        }
    }

    /** Inline Markdown ({@code **strong**}, {@code `code`}) as HTML, by commonmark; raw HTML in it is escaped. */
    private static String inline(String s) {
        String html = INLINE.render(MARKDOWN.parse(s)).strip();
        return html.startsWith("<p>") && html.endsWith("</p>") ? html.substring(3, html.length() - 4) : html;
    }

    private static String anchor(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
