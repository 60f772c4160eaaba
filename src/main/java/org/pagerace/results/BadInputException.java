package org.pagerace.results;

/**
 * A usage or environment error: input the user gave is unusable (a bad option value, a results file that is not of
 * its schema), or the environment refused (a directory that is not writable, a full filesystem). The command line
 * prints its message as one line and exits 2; nothing else maps to exit 2.
 */
public final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
