package org.pagerace.bench;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** benchmarks.jar turns JMH's fail-on-error on unless the command line sets it. */
class BenchmarksMainTest {
    @Test
    void failOnErrorIsAddedInFront() {
        assertArrayEquals(new String[] {"-foe", "true", "KernelReferenceBenchmark.realFault", "-f", "1"},
                BenchmarksMain.withFailOnError(new String[] {"KernelReferenceBenchmark.realFault", "-f", "1"}));
    }

    @Test
    void anExplicitChoiceIsKept() {
        String[] args = {"-foe", "false", "KernelReferenceBenchmark"};
        assertArrayEquals(args, BenchmarksMain.withFailOnError(args));
    }
}
