package org.pagerace.check;

/**
 * A filesystem model failed where no race was running yet (setting up a sample: creating the inode, the read fault
 * that maps the page), so there is no sample to judge: the command ends with one line naming the model.
 */
public final class ModelFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelFailure(String model, String where, Throwable cause) {
        super("filesystem model " + model + " failed " + where + ": " + cause, cause);
    }
}
