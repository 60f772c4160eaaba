package org.pagerace.sys;

/** A shim call returned {@code -errno}; the message names the operation and the file. */
public final class NativeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    public NativeException(String operation, String path, int errno) {
        super(operation + " " + PathLimits.shorten(path) + ": " + Errno.describe(errno));
        this.errno = errno;
    }

    /** The positive errno. */
    public int errno() {
        return errno;
    }
}
