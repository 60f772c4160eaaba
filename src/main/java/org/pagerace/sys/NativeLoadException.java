package org.pagerace.sys;

/** The native library could not be found, extracted or loaded. */
public final class NativeLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NativeLoadException(String message) {
        super(message);
    }

    public NativeLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
