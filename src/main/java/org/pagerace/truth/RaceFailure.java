package org.pagerace.truth;

import org.pagerace.results.TruthFile;

/**
 * A race that could not run on a filesystem because a real operation failed (e.g. a filesystem without hole
 * punching answers EOPNOTSUPP, a full one ENOSPC): an environment error, recorded in {@code truth.json} and the
 * table instead of outcomes, never as one. {@code errno} is the error's name (null for a harness fault: the file
 * did not reset to the state each iteration starts from).
 */
public record RaceFailure(String kernel, String fsType, String fsDir, TruthRace race, String message, String errno,
        boolean harnessFault) {
    /** This failure as an entry of {@code failures} in {@code truth.json}. */
    public TruthFile.Failure entry() {
        return new TruthFile.Failure(kernel, fsType, fsDir, race.id(), message, errno, harnessFault);
    }
}
