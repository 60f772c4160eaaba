package org.pagerace.truth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pagerace.results.Json;

/**
 * A race that could not run on a filesystem because a real operation failed (e.g. a filesystem without hole
 * punching answers EOPNOTSUPP): recorded in {@code truth.json} and the table instead of ending the suite.
 */
public record RaceFailure(String fsType, String fsDir, TruthRace race, String message) {
    public ObjectNode toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("fs_type", fsType);
        n.put("fs_dir", fsDir);
        n.put("race", race.id());
        n.put("error", message);
        return n;
    }
}
