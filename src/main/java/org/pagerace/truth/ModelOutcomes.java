package org.pagerace.truth;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.pagerace.check.Race;

/**
 * The one seam between the fidelity comparison and the filesystem models: the emulated outcomes of the model
 * with id {@code modelId} ({@link FsModel#modelIdFor}, e.g. {@code ext4@6.1}) under an emulated race.
 * {@link #conventions} is today's: the id's filesystem names an {@link FsModel}, whose convention runs. A
 * registry of models at versions replaces it here and nowhere else.
 */
@FunctionalInterface
public interface ModelOutcomes {
    /** The emulated outcomes of model {@code modelId} under {@code race}; empty if no model has that id. */
    Optional<EmulatedOutcomes> outcomes(String modelId, Race race);

    /**
     * The model id's filesystem's {@link FsModel#convention()}, {@code samples} free-running samples with the
     * default delay injection, each (convention, race) run once and shared (ext4 and xfs have one convention).
     */
    static ModelOutcomes conventions(long samples, long seed) {
        Map<String, EmulatedOutcomes> runs = new HashMap<>();
        return (modelId, race) -> FsModel.forModelId(modelId).map(m -> runs.computeIfAbsent(
                m.convention() + "/" + race.id(), k -> EmulatedOutcomes.run(m.convention(), race, samples, seed)));
    }
}
