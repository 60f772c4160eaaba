package org.pagerace.mm;

/** {@code enum fault_flag} of {@code include/linux/mm_types.h} (6.x); the 2.6.37 values of WRITE and MKWRITE agree. */
public final class FaultFlag {
    public static final int FAULT_FLAG_WRITE = 1 << 0;
    public static final int FAULT_FLAG_MKWRITE = 1 << 1;
    public static final int FAULT_FLAG_ALLOW_RETRY = 1 << 2;
    public static final int FAULT_FLAG_RETRY_NOWAIT = 1 << 3;
    public static final int FAULT_FLAG_KILLABLE = 1 << 4;
    public static final int FAULT_FLAG_TRIED = 1 << 5;
    public static final int FAULT_FLAG_USER = 1 << 6;
    public static final int FAULT_FLAG_REMOTE = 1 << 7;
    public static final int FAULT_FLAG_INSTRUCTION = 1 << 8;
    public static final int FAULT_FLAG_INTERRUPTIBLE = 1 << 9;
    public static final int FAULT_FLAG_UNSHARE = 1 << 10;
    public static final int FAULT_FLAG_ORIG_PTE_VALID = 1 << 11;
    public static final int FAULT_FLAG_VMA_LOCK = 1 << 12;

    private FaultFlag() {
    }
}
