package org.pagerace.mm;

/**
 * {@code struct mm_struct}, reduced to what decides the fault path: which kernel's caller code runs
 * ({@link Era}). Retries and faults are counted by {@link UserAccess}, not here.
 */
public final class MmStruct {
    public final Era era;

    public MmStruct(Era era) {
        this.era = era;
    }
}
