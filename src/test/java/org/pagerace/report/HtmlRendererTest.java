package org.pagerace.report;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Inline Markdown in the HTML report goes through commonmark: strong and code rendered, raw HTML escaped. */
class HtmlRendererTest {
    @Test
    void inlineMarkdownIsRenderedAndRawHtmlEscaped() {
        String html = HtmlRenderer.render(new ReportDoc("t").text("**No regression** in `a<b>` <script>x</script>"));
        assertTrue(html.contains("<p><strong>No regression</strong> in <code>a&lt;b&gt;</code> "
                + "&lt;script&gt;x&lt;/script&gt;</p>"), html);
    }
}
