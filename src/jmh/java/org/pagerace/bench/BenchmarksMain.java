package org.pagerace.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The main class of {@code target/benchmarks.jar}: JMH's own {@code org.openjdk.jmh.Main}, with fail-on-error on
 * unless the command line says {@code -foe false}. JMH's default goes on after a benchmark that threw (a full
 * filesystem under {@code realFault}, say) and exits 0, so a run that measured nothing would look like a success;
 * with {@code -foe true} JMH stops at the first such benchmark, prints its exception, and exits 1.
 */
public final class BenchmarksMain {
    private BenchmarksMain() {
    }

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(withFailOnError(args));
    }

    /** {@code args} with {@code -foe true} in front, unless they already set {@code -foe}. */
    static String[] withFailOnError(String[] args) {
        if (Arrays.asList(args).contains("-foe")) {
            return args;
        }
        List<String> all = new ArrayList<>(List.of("-foe", "true"));
        all.addAll(Arrays.asList(args));
        return all.toArray(new String[0]);
    }
}
