package org.pagerace.truth;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.pagerace.check.Race;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;

/**
 * The one seam between the fidelity comparison and the filesystem models: the emulated outcomes of the model
 * with id {@code modelId} ({@link FsModel#modelIdFor}, e.g. {@code ext4@6.1}) under an emulated race.
 * {@link #registry} resolves the id in the registry of filesystems at versions ({@code ext4@6.1} is the latest ext4
 * version not newer than 6.1); {@link #conventions} is the older proxy, one seed convention per filesystem type,
 * used only where no model of that filesystem exists.
 */
@FunctionalInterface
public interface ModelOutcomes {
    /** The emulated outcomes of model {@code modelId} under {@code race}; empty if no model has that id. */
    Optional<EmulatedOutcomes> outcomes(String modelId, Race race);

    /**
     * The model the registry resolves {@code modelId} to, {@code samples} free-running samples with the default
     * delay injection, each (model version, race) run once and shared by the kernels it is nearest to; a
     * filesystem with no model falls back to {@link #conventions}. A race the version lacks has no outcomes.
     */
    static ModelOutcomes registry(long samples, long seed) {
        Map<String, EmulatedOutcomes> runs = new HashMap<>();
        ModelOutcomes proxy = conventions(samples, seed);
        return (modelId, race) -> {
            Model m;
            try {
                m = Filesystems.resolve(modelId);
            } catch (IllegalArgumentException e) {
                return proxy.outcomes(modelId, race);
            }
            if (!race.appliesTo(m)) {
                return Optional.empty();
            }
            return Optional.of(runs.computeIfAbsent(m.id() + "/" + race.id(),
                    k -> EmulatedOutcomes.run(m.spec(), race, samples, seed)));
        };
    }

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
