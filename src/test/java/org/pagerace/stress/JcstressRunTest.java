package org.pagerace.stress;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JCStress command line: its own Main, documented options only, and the fork time the plan asks for. */
class JcstressRunTest {
    @Test
    void aQuickRunSharesTheBatchTimeAmongConfigurationsAndIterations() {
        List<String> t = JcstressRun.timing("quick", 12);
        long ms = Long.parseLong(t.get(1));
        double perFork = ms * JcstressRun.ITERATIONS / 1000.0;
        assertEquals(12 * TimeBudget.MARGIN / TimeBudget.CONFIGS, perFork, 0.01);
        assertEquals(List.of("-iters", "5"), t.subList(2, 4));
        assertEquals(5 * ms, Long.parseLong(JcstressRun.timing("default", 12).get(1)), 1);
        assertEquals(List.of(), JcstressRun.timing("sanity", 12), "sanity keeps JCStress's preset");
    }

    @Test
    void theCommandIsJcstressMainWithItsDocumentedOptions() {
        List<String> cmd = JcstressRun.command("cp.jar", "Slot_00[01]$", "quick", Path.of("/tmp/r"), 10, "-Da=b", false);
        assertEquals("org.openjdk.jcstress.Main", cmd.get(3));
        for (String option : List.of("-t", "-m", "-r", "-strideCount", "-time", "-iters", "-jvmArgs", "-sc", "-fsm")) {
            assertTrue(cmd.contains(option), option + " in " + cmd);
        }
        assertEquals("-Da=b", cmd.get(cmd.indexOf("-jvmArgs") + 1));
        List<String> all = JcstressRun.command("cp.jar", "x", "quick", Path.of("/tmp/r"), 10, "-Da=b", true);
        assertEquals("-Da=b", all.get(all.indexOf("-jvmArgsPrepend") + 1));
        assertFalse(all.contains("-jvmArgs"));
    }
}
