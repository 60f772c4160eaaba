package org.pagerace.results;

import java.util.Comparator;

/** One stress test: a (model, race, backing) in one caller era. */
public record TestKey(String model, String race, String backing, String era) implements Comparable<TestKey> {
    private static final Comparator<TestKey> ORDER = Comparator.comparing(TestKey::model)
            .thenComparing(TestKey::race).thenComparing(TestKey::backing).thenComparing(TestKey::era);

    @Override
    public int compareTo(TestKey o) {
        return ORDER.compare(this, o);
    }

    /** {@code (model, race, backing)}, the era only when it is not the modern one. */
    @Override
    public String toString() {
        return "(" + model + ", " + race + ", " + backing + ("modern".equals(era) ? "" : ", " + era) + ")";
    }
}
