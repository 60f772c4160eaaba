package org.pagerace.truth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * One row of the fidelity table: a real race on one filesystem of one kernel beside the emulated outcomes of the
 * model of that filesystem at that kernel's version ({@code modelId}, e.g. {@code ext4@6.1}), and the mismatches
 * between the two outcome sets. The emulated side is absent where the race has no emulated counterpart, no
 * model of the filesystem is as old as the kernel, or the model declares the race not applicable; {@link #status}
 * says which.
 */
public record Comparison(TruthResult real, String modelId, Optional<EmulatedOutcomes> emulated,
        List<Mismatch> mismatches, String status) {

    public Comparison {
        mismatches = List.copyOf(mismatches);
    }

    /** Whether the real and the emulated outcome sets are equal (compared rows only). */
    public boolean setsEqual() {
        return emulated.isPresent() && mismatches.isEmpty();
    }

    /** The {@code results} entry of {@code truth.json}: the real result plus {@code emulated} and {@code mismatches}. */
    public ObjectNode toJson() {
        ObjectNode n = real.toJson();
        ObjectNode e = n.putObject("emulated");
        e.put("status", status);
        e.put("model", modelId);
        emulated.ifPresent(em -> {
            e.put("convention", em.convention());
            e.put("proxy", false);
            e.put("why", em.why());
            e.put("note", em.note());
            e.put("block_size", em.blockSize());
        });
        real.race().emulated().ifPresent(r -> e.put("race", r.id()));
        emulated.ifPresent(em -> {
            e.put("era", "modern");
            e.put("backing", "model");
            e.put("delays", em.delays());
            e.put("samples", em.samples());
            ObjectNode o = e.putObject("outcomes");
            em.outcomes().forEach((k, v) -> o.put(k.id(), v));
            ObjectNode a = e.putObject("as_real");
            Fidelity.asReal(em.outcomes()).forEach(a::put);
        });
        ArrayNode list = n.putArray("mismatches");
        mismatches.forEach(m -> list.add(m.toJson()));
        return n;
    }
}
