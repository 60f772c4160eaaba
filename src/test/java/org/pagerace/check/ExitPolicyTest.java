package org.pagerace.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;

/**
 * The exit code {@code run} and {@code explore} share ({@link Grading#exitCode}): 0 when every bug outcome reached
 * is one the model declares for the race, 1 with a {@code FAIL:} line naming each pair that reached one it does not.
 */
class ExitPolicyTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int exitCode(Grading.Reached... reached) {
        return Grading.exitCode(List.of(reached), new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @Test
    void correctOutcomesAndDeclaredBugsAreClean() {
        Model sigbus = Filesystems.resolve("sigbus");
        assertTrue(Grading.knownBugs(sigbus, Race.PUNCH_HOLE).contains(Outcome.SPURIOUS_SIGBUS));
        assertEquals(0, exitCode(new Grading.Reached(sigbus, Race.PUNCH_HOLE,
                List.of(Outcome.OK, Outcome.SIGBUS, Outcome.SPURIOUS_SIGBUS))));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUndeclaredBugFailsNamingThePairAndTheOutcome() {
        Model sigbus = Filesystems.resolve("sigbus");
        Set<Outcome> known = Grading.knownBugs(sigbus, Race.PUNCH_HOLE);
        Outcome undeclared = Arrays.stream(Outcome.values()).filter(o -> o.isBug() && !known.contains(o)).findFirst()
                .orElseThrow();
        Model clean = Filesystems.resolve("invalidate-lock");
        assertEquals(1, exitCode(new Grading.Reached(clean, Race.PUNCH_HOLE, List.of(Outcome.OK)),
                new Grading.Reached(sigbus, Race.PUNCH_HOLE, List.of(Outcome.SPURIOUS_SIGBUS, undeclared))));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, printed.lines().count(), printed);
        assertTrue(printed.startsWith("FAIL: " + sigbus.id() + " × punch-hole does not declare " + undeclared.id()
                + " (it declares "), printed);
    }
}
