package org.pagerace.truth;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.pagerace.check.Race;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;
import org.pagerace.mm.PageSize;

/**
 * The one seam between the fidelity comparison and the filesystem models: the emulated outcomes of the model
 * with id {@code modelId} ({@link Filesystems#idOnKernel}, e.g. {@code ext4@6.1}) under an emulated race.
 * {@link #registry} resolves the id in the registry of filesystems at versions ({@code ext4@6.1} is the latest ext4
 * version not newer than 6.1).
 */
@FunctionalInterface
public interface ModelOutcomes {
    /**
     * The emulated outcomes of model {@code modelId} under {@code race}, made with blocks of {@code blockSize} bytes
     * where that is smaller than a page (0 or a page or more: the page size); empty if no model has that id.
     */
    Optional<EmulatedOutcomes> outcomes(String modelId, Race race, int blockSize);

    /**
     * The model the registry resolves {@code modelId} to, {@code samples} free-running samples with the default
     * delay injection, each (model version, race) run once and shared by the kernels it is nearest to. A
     * filesystem with no model, or none as old as the kernel, and a race the version lacks have no outcomes.
     */
    static ModelOutcomes registry(long samples, long seed) {
        Map<String, EmulatedOutcomes> runs = new HashMap<>();
        return (modelId, race, blockSize) -> {
            Model m;
            try {
                m = Filesystems.resolve(modelId);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (!race.appliesTo(m)) {
                return Optional.empty();
            }
            int bs = blockSize > 0 && blockSize < PageSize.PAGE_SIZE ? blockSize : PageSize.PAGE_SIZE;
            return Optional.of(runs.computeIfAbsent(m.id() + "/" + race.id() + "/" + bs,
                    k -> EmulatedOutcomes.run(m.spec(), race, samples, seed, bs)));
        };
    }
}
