package org.pagerace.sys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Linux's limits on a path: {@code PATH_MAX} bytes for the whole (with its NUL), {@code NAME_MAX} for one component.
 * A longer path fails every system call with {@code ENAMETOOLONG}, which Java's {@code Files.exists} reports as
 * "does not exist"; checking first lets a message say what is wrong.
 */
public final class PathLimits {
    /** {@code PATH_MAX} of {@code <linux/limits.h>}: bytes, the terminating NUL included. */
    public static final int PATH_MAX = 4096;
    /** {@code NAME_MAX} of {@code <linux/limits.h>}: bytes of one component. */
    public static final int NAME_MAX = 255;

    private PathLimits() {
    }

    /** Whether the kernel would refuse {@code path} (made absolute) with {@code ENAMETOOLONG}. */
    public static boolean tooLong(Path path) {
        String abs = path.toAbsolutePath().toString();
        if (abs.getBytes(StandardCharsets.UTF_8).length >= PATH_MAX) {
            return true;
        }
        for (Path name : path.toAbsolutePath()) {
            if (name.toString().getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
                return true;
            }
        }
        return false;
    }

    /** {@code path} for a one-line message: as is up to 120 characters, else its start, "...", and its length. */
    public static String shorten(String path) {
        return path.length() <= 120 ? path : path.substring(0, 100) + "...(" + path.length() + " characters)";
    }
}
