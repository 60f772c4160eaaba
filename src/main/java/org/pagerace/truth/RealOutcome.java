package org.pagerace.truth;

/**
 * What one real-kernel race sample is classified as, from what the store returned and what the file holds at the
 * store's offset once both sides are done ({@code classify} in native/truth/racer.c, which uses these names). The safe store cannot raise SIGBUS, so {@link #EFAULT} stands for it.
 */
public enum RealOutcome {
    PERSISTED("The store landed and the file holds its value afterwards."),
    LOST("The store landed but the file reads back zeros: a truncate or punch covered it (or, if nothing could "
            + "have, the write was lost)."),
    EFAULT("The store failed with EFAULT: the page was beyond EOF, where a plain store gets SIGBUS."),
    TAIL_KEPT("The store landed beyond EOF inside the last partial page, and after the file was extended again "
            + "its value reads back (the stale tail became file data)."),
    TAIL_ZEROED("The store landed beyond EOF inside the last partial page, and after the file was extended again "
            + "it reads back as zeros (the tail was zeroed)."),
    UNEXPECTED_DATA("The file holds neither the stored value nor zeros at the store's offset: a harness or "
            + "kernel fault.");

    private final String meaning;

    RealOutcome(String meaning) {
        this.meaning = meaning;
    }

    /** One sentence: what the sample showed. */
    public String meaning() {
        return meaning;
    }

    /** The id used in {@code truth.json} (the enum name). */
    public String id() {
        return name();
    }
}
