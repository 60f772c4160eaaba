package org.pagerace.sched;

import java.util.function.BooleanSupplier;

/**
 * What happens at the named points when they are on: nothing, a random delay (stress), or a switch of thread
 * (the deterministic scheduler). Installed with {@link Points#install}.
 */
public interface PointHook {
    /** The calling thread passes {@code point}. */
    void at(Point point);

    /**
     * The calling thread cannot proceed at wait point {@code point} until {@code ready} holds ({@code ready} has no
     * side effects). Called in a loop by the waiting thread; the default spins politely.
     */
    default void blocked(Point point, BooleanSupplier ready) {
        Thread.onSpinWait();
    }

    /** Whether to inject a failure at injection point {@code point}. */
    default boolean inject(Point point) {
        return false;
    }

    /** A kernel-level state change, for traces: {@code what} happened to the page at {@code index}. */
    default void event(Event what, long index) {
    }
}
