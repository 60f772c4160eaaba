package org.pagerace.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.fs.Filesystems;

/** The kernel x filesystem matrix of the text table: a row per kernel, a column per filesystem, sets compared. */
class TruthTableMatrixTest {
    private static Comparison row(String kernel, Map<RealOutcome, Long> real, Map<Outcome, Long> emulated) {
        TruthResult r = new TruthResult(kernel, "ext4", "/mnt/ext4", "/dev/vda rw", TruthRace.PUNCH_HOLE, 2000, real,
                Map.of(), 0, List.of(), 10.0, 1000, 500, true, -1, -1, 0);
        EmulatedOutcomes e = new EmulatedOutcomes("invalidate-lock", "a summary", "a claim", Race.PUNCH_HOLE, 10_000, emulated, 1.0, "d", 4096);
        return new Comparison(r, Filesystems.idOnKernel("ext4", kernel), Optional.of(e),
                Fidelity.compare(r, e), "compared");
    }

    @Test
    void oneRowPerKernelAndDifferingRacesNamed() {
        Map<Outcome, Long> emulated = Map.of(Outcome.OK, 6000L, Outcome.DISCARDED, 4000L);
        Comparison equal = row("6.1.0-50-amd64", Map.of(RealOutcome.PERSISTED, 1000L, RealOutcome.LOST, 1000L),
                emulated);
        Comparison differs = row("5.10.0-32-amd64", Map.of(RealOutcome.PERSISTED, 2000L), emulated);
        String[] lines = TruthTable.matrix(List.of(equal, differs)).strip().split("\n");
        assertEquals(4, lines.length, String.join("\n", lines));
        assertTrue(lines[1].matches("\\s*kernel\\s+ext4\\s*"), lines[1]);
        assertTrue(lines[2].contains("6.1.0-50-amd64") && lines[2].contains("1/1 ext4@6.1"), lines[2]);
        assertTrue(lines[3].contains("5.10.0-32-amd64") && lines[3].contains("0/1 ext4@5.10; punch-hole"), lines[3]);
    }
}
