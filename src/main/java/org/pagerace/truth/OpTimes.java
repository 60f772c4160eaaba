package org.pagerace.truth;

/**
 * The monotonic-clock stamps ({@code System.nanoTime}, which is {@code CLOCK_MONOTONIC} on Linux, the clock the
 * shim's {@code pagerace_now_ns} reads) that the race partner takes around its operations in one iteration:
 * before the first, after the first, before the second, after the last. For a partner with one operation the
 * middle two equal {@link #end}. Written by the partner's thread, read by the store's thread after the barrier.
 */
public final class OpTimes {
    long start;
    long firstDone;
    long secondStart;
    long end;
    private boolean twoOps;

    /** Stamps the start of the first operation. */
    void begin() {
        start = System.nanoTime();
    }

    /** Stamps the end of the only operation. */
    void endSingle() {
        end = System.nanoTime();
        firstDone = end;
        secondStart = end;
        twoOps = false;
    }

    /** Stamps the end of the first of two operations. */
    void firstDone() {
        firstDone = System.nanoTime();
    }

    /** Stamps the start of the second of two operations. */
    void secondStart() {
        secondStart = System.nanoTime();
    }

    /** Stamps the end of the second of two operations. */
    void endSecond() {
        end = System.nanoTime();
        twoOps = true;
    }

    public boolean twoOps() {
        return twoOps;
    }

    /** Nanoseconds from the start of the first operation to the end of the last. */
    public long duration() {
        return end - start;
    }
}
