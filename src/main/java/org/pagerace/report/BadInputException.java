package org.pagerace.report;

/** Input the user gave us is unusable: a one-line message, exit code 2. */
public final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }
}
