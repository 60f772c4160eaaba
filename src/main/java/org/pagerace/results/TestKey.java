package org.pagerace.results;

import java.util.Comparator;

/**
 * One stress test: a (model, race, backing) in one caller era, at the filesystem's block size in bytes (the page
 * size but for the history pairs below a page).
 */
public record TestKey(String model, String race, String backing, String era, int blockSize)
        implements Comparable<TestKey> {
    /**
     * The block size of a test at page-sized blocks: the emulation's page ({@code mm.PageSize.PAGE_SIZE}, on a floor
     * above this one; {@code TestKeyTest} holds the two equal). A v2 {@code stress.json}, which has no block size,
     * ran every test at it.
     */
    public static final int PAGE_BLOCKS = 4096;
    private static final Comparator<TestKey> ORDER = Comparator.comparing(TestKey::model)
            .thenComparing(TestKey::race).thenComparing(TestKey::backing).thenComparing(TestKey::era)
            .thenComparingInt(TestKey::blockSize);

    @Override
    public int compareTo(TestKey o) {
        return ORDER.compare(this, o);
    }

    /** {@code (model, race, backing)}, the era only when it is not the modern one, the block size below a page. */
    @Override
    public String toString() {
        return "(" + model + ", " + race + ", " + backing + ("modern".equals(era) ? "" : ", " + era)
                + (blockSize < PAGE_BLOCKS ? ", " + blockSize + "-byte blocks" : "") + ")";
    }
}
