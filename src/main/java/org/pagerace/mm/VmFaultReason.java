package org.pagerace.mm;

/**
 * {@code vm_fault_t} bits: {@code enum vm_fault_reason} of {@code include/linux/mm_types.h} (6.x), whose values
 * are also those of the 2.6.37 {@code #define}s in {@code include/linux/mm.h} for every bit both eras have.
 * The code relies on OR'd masks, so these are plain {@code int} bits, as in the kernel.
 */
public final class VmFaultReason {
    public static final int VM_FAULT_OOM = 0x000001;
    public static final int VM_FAULT_SIGBUS = 0x000002;
    public static final int VM_FAULT_MAJOR = 0x000004;
    /** 2.6.37 only ("special case for get_user_pages"); removed in 6.x. */
    public static final int VM_FAULT_WRITE = 0x000008;
    public static final int VM_FAULT_HWPOISON = 0x000010;
    public static final int VM_FAULT_HWPOISON_LARGE = 0x000020;
    /** 6.x only. */
    public static final int VM_FAULT_SIGSEGV = 0x000040;
    /** "->fault installed the pte, not return page"; to a page_mkwrite caller: do nothing, the fault restarts. */
    public static final int VM_FAULT_NOPAGE = 0x000100;
    /** "->fault locked the returned page". */
    public static final int VM_FAULT_LOCKED = 0x000200;
    /** "->fault blocked, must retry". */
    public static final int VM_FAULT_RETRY = 0x000400;
    public static final int VM_FAULT_FALLBACK = 0x000800;
    public static final int VM_FAULT_DONE_COW = 0x001000;
    public static final int VM_FAULT_NEEDDSYNC = 0x002000;
    public static final int VM_FAULT_COMPLETED = 0x004000;

    /** 6.x {@code VM_FAULT_ERROR}; 2.6.37 lacks SIGSEGV and FALLBACK, which nothing here returns. */
    public static final int VM_FAULT_ERROR = VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV
            | VM_FAULT_HWPOISON | VM_FAULT_HWPOISON_LARGE | VM_FAULT_FALLBACK;

    private static final int[] BITS = {
        VM_FAULT_OOM, VM_FAULT_SIGBUS, VM_FAULT_MAJOR, VM_FAULT_WRITE, VM_FAULT_HWPOISON,
        VM_FAULT_HWPOISON_LARGE, VM_FAULT_SIGSEGV, VM_FAULT_NOPAGE, VM_FAULT_LOCKED, VM_FAULT_RETRY,
        VM_FAULT_FALLBACK, VM_FAULT_DONE_COW, VM_FAULT_NEEDDSYNC, VM_FAULT_COMPLETED,
    };
    /** The short names of {@code VM_FAULT_RESULT_TRACE}. */
    private static final String[] NAMES = {
        "OOM", "SIGBUS", "MAJOR", "WRITE", "HWPOISON", "HWPOISON_LARGE", "SIGSEGV", "NOPAGE", "LOCKED", "RETRY",
        "FALLBACK", "DONE_COW", "NEEDDSYNC", "COMPLETED",
    };

    private VmFaultReason() {
    }

    /**
     * {@code vmf_fs_error(err)} (include/linux/mm.h, 6.x; {@code block_page_mkwrite_return} before 6.6): 0 →
     * LOCKED, -EFAULT or -EAGAIN → NOPAGE (the page was truncated: retry), -ENOMEM → OOM, anything else → SIGBUS.
     */
    public static int vmf_fs_error(int err) {
        if (err == 0) {
            return VM_FAULT_LOCKED;
        }
        if (err == -14 /* -EFAULT */ || err == -11 /* -EAGAIN */) {
            return VM_FAULT_NOPAGE;
        }
        if (err == -12 /* -ENOMEM */) {
            return VM_FAULT_OOM;
        }
        return VM_FAULT_SIGBUS;
    }

    /** {@code ret} as the trace names joined by {@code |}, e.g. {@code "LOCKED|MAJOR"}; {@code "0"} for none. */
    public static String toString(int ret) {
        if (ret == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        int rest = ret;
        for (int i = 0; i < BITS.length; i++) {
            if ((ret & BITS[i]) != 0) {
                sb.append(sb.length() == 0 ? "" : "|").append(NAMES[i]);
                rest &= ~BITS[i];
            }
        }
        if (rest != 0) {
            sb.append(sb.length() == 0 ? "" : "|").append("0x").append(Integer.toHexString(rest));
        }
        return sb.toString();
    }
}
