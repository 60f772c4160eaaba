package org.pagerace.stress;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the JCStress suite's tests are named: a fixed family of slots, {@code org.pagerace.stress.Slots.Slot_NNN},
 * each running what the {@link RunPlan} puts in it.
 */
public final class SuiteNames {
    /** The class holding the slots. */
    public static final String SLOTS_CLASS = "org.pagerace.stress.Slots";
    /** How many slots the suite has (the largest plan it can run in one go). */
    public static final int SLOTS = 1280;

    private SuiteNames() {
    }

    /** The JCStress name of slot {@code slot}. */
    public static String testName(int slot) {
        return SLOTS_CLASS + "." + slotClass(slot);
    }

    /** The nested class name of slot {@code slot}: {@code Slot_007}. */
    public static String slotClass(int slot) {
        return String.format(Locale.ROOT, "Slot_%03d", slot);
    }

    /** The slot a JCStress test name names, or -1. */
    public static int slotOf(String testName) {
        String prefix = SLOTS_CLASS + ".Slot_";
        if (!testName.startsWith(prefix)) {
            return -1;
        }
        try {
            return Integer.parseInt(testName.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A {@code -t} regexp that selects exactly {@code slots}. */
    public static String regex(List<Integer> slots) {
        return "\\Q" + SLOTS_CLASS + ".\\E(" + slots.stream().map(SuiteNames::slotClass)
                .collect(Collectors.joining("|")) + ")$";
    }
}
