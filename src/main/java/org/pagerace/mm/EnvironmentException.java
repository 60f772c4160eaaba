package org.pagerace.mm;

import java.nio.file.Path;

/**
 * The environment refused what a sample needs: the file backing's directory is full (ENOSPC), read-only (EROFS),
 * failing (EIO), or its filesystem cannot do an operation (EOPNOTSUPP: no hole punch on ramfs, no {@code O_TMPFILE}
 * on /proc). Never a sample's outcome: the sample is not graded, and the command ends with this one line and exit 2.
 */
public final class EnvironmentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@code cause} (one line, e.g. "no space left on device (ENOSPC)") while doing {@code what} in {@code dir}. */
    public EnvironmentException(Path dir, String what, String cause) {
        super("the file backing in " + dir + ": " + what + ": " + cause
                + " (an environment error, not an outcome: nothing was graded)");
    }
}
