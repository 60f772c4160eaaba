package org.pagerace.stress;

import java.util.Locale;

/**
 * How JCStress test names encode (convention, race, backing):
 * {@code org.pagerace.stress.generated.<Convention>Tests.<Race>_<Backing>}, each part the camel case of its id.
 */
public final class SuiteNames {
    public static final String PACKAGE = "org.pagerace.stress.generated";

    private SuiteNames() {
    }

    /** {@code nopage-locked} → {@code NopageLocked}. */
    public static String className(String id) {
        StringBuilder sb = new StringBuilder();
        for (String part : id.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1).toLowerCase(Locale.ROOT));
            }
        }
        return sb.toString();
    }

    /** The JCStress name of the test of ({@code convention}, {@code race}, {@code backing}). */
    public static String testName(String convention, String race, String backing) {
        return PACKAGE + "." + className(convention) + "Tests." + className(race) + "_" + className(backing);
    }
}
