package org.pagerace.truth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pagerace.results.Json;

/**
 * A race that could not run on a filesystem because a real operation failed (e.g. a filesystem without hole
 * punching answers EOPNOTSUPP, a full one ENOSPC): an environment error, recorded in {@code truth.json} and the
 * table instead of outcomes, never as one. {@code errno} is the error's name (null for a harness fault: the file
 * did not reset to the state each iteration starts from).
 */
public record RaceFailure(String kernel, String fsType, String fsDir, TruthRace race, String message, String errno,
        boolean harnessFault) {
    public ObjectNode toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("kernel", kernel);
        n.put("fs_type", fsType);
        n.put("fs_dir", fsDir);
        n.put("race", race.id());
        n.put("error", message);
        n.put("errno", errno);
        n.put("harness_fault", harnessFault);
        return n;
    }
}
