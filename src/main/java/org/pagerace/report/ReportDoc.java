package org.pagerace.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A report as a list of blocks, rendered as Markdown ({@link MarkdownRenderer}) and as self-contained HTML
 * ({@link HtmlRenderer}) from the same content.
 */
public final class ReportDoc {
    /** One block of the report. */
    public sealed interface Block permits Heading, Text, Table, Image, Pre, Bullets {
    }

    /** A heading of level 1 to 3. */
    public record Heading(int level, String text) implements Block {
    }

    /** A paragraph; {@code **x**} marks strong text and {@code `x`} code, in both renderings. */
    public record Text(String text) implements Block {
    }

    /** A bulleted list, each item inline-marked as {@link Text}. */
    public record Bullets(List<String> items) implements Block {
    }

    /** Preformatted text. */
    public record Pre(String text) implements Block {
    }

    /** A PNG file of the run folder, with its caption. */
    public record Image(Path file, String caption) implements Block {
    }

    /**
     * A table cell: its text and a tone that HTML colours ({@link Tone#NONE} plain). The Markdown rendering marks
     * the bad tones strong.
     */
    public record Cell(String text, Tone tone) {
        public static Cell of(String text) {
            return new Cell(text, Tone.NONE);
        }
    }

    /** How a cell reads: clean, a known bug reproduced, bad (FAIL, MISSED, ERROR, a regression), or neutral. */
    public enum Tone { NONE, CLEAN, KNOWN, MISSED, FAIL, ERROR, DIM }

    /** A table with a header row. */
    public record Table(List<String> header, List<List<Cell>> rows) implements Block {
    }

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    public ReportDoc(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public List<Block> blocks() {
        return blocks;
    }

    public ReportDoc heading(int level, String text) {
        blocks.add(new Heading(level, text));
        return this;
    }

    public ReportDoc text(String text) {
        blocks.add(new Text(text));
        return this;
    }

    public ReportDoc bullets(List<String> items) {
        if (!items.isEmpty()) {
            blocks.add(new Bullets(List.copyOf(items)));
        }
        return this;
    }

    public ReportDoc pre(String text) {
        blocks.add(new Pre(text));
        return this;
    }

    public ReportDoc image(Path file, String caption) {
        blocks.add(new Image(file, caption));
        return this;
    }

    public ReportDoc table(List<String> header, List<List<Cell>> rows) {
        blocks.add(new Table(List.copyOf(header), List.copyOf(rows)));
        return this;
    }
}
