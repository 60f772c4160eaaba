package org.pagerace.mm;

/**
 * {@code WARN_ON_ONCE} ({@code include/asm-generic/bug.h}): the kernel prints a warning with a backtrace and goes
 * on. A warning is a bug (the code found a state its author ruled out), not a crash. pagerace records the first one
 * on the inode whose path fired it ({@link Inode#warning()}), and the oracle reports the sample as
 * {@code KERNEL_WARN}.
 */
public final class KernelWarn {
    private KernelWarn() {
    }

    /**
     * {@code WARN_ON_ONCE(condition)} on a path of {@code inode}: records {@code what} if {@code condition} holds.
     * Return: {@code condition}, as the macro does.
     */
    public static boolean WARN_ON_ONCE(Inode inode, boolean condition, String what) {
        if (condition) {
            inode.warn("WARN_ON_ONCE: " + what);
        }
        return condition;
    }
}
