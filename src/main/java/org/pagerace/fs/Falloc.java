package org.pagerace.fs;

/** The {@code fallocate(2)} mode bits of {@code include/uapi/linux/falloc.h}. */
public final class Falloc {
    public static final int FALLOC_FL_KEEP_SIZE = 0x01;
    public static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    public static final int FALLOC_FL_COLLAPSE_RANGE = 0x08;
    public static final int FALLOC_FL_ZERO_RANGE = 0x10;
    public static final int FALLOC_FL_INSERT_RANGE = 0x20;

    private Falloc() {
    }
}
