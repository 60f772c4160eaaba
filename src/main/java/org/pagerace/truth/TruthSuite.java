package org.pagerace.truth;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.pagerace.check.Race;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;

/**
 * The ground-truth suite: real results (from {@code pagerace-racer}, run here or inside guests) each compared with
 * the model of its filesystem at its kernel's version, whose outcomes come through one {@link ModelOutcomes}.
 * Progress goes to {@code progress}, one line per (directory, race).
 */
public final class TruthSuite {
    private final ModelOutcomes models;
    private final PrintStream progress;

    public TruthSuite(ModelOutcomes models, PrintStream progress) {
        this.models = models;
        this.progress = progress;
    }

    /** Runs the races on this machine's kernel with {@link NativeRacer}, every race on every directory. */
    public RacerOutput race(List<Path> dirs, List<TruthRace> races, long iterations, long seed) {
        if (iterations < 1) {
            throw new IllegalArgumentException("--iterations must be at least 1");
        }
        RacerOutput out = new RacerOutput();
        NativeRacer.run(dirs, races, iterations, seed, line -> {
            Object o = out.add(line);
            if (o instanceof TruthResult r) {
                progress.printf(Locale.ROOT, "truth: %-6s %-16s %-17s %6d iterations, %6.0f/s, J %s%n", r.fsType(),
                        r.fsDir(), r.race().id(), r.iterations(), r.iterationsPerSecond(),
                        TruthTable.micros(r.delayNanos()));
            } else if (o instanceof RaceFailure f) {
                progress.printf(Locale.ROOT, "truth: %s %s: could not run: %s%n", f.fsDir(), f.race().id(),
                        f.message());
            }
        });
        return out;
    }

    /** Each result beside the outcomes of the model of its filesystem at its kernel's version. */
    public List<Comparison> compare(List<TruthResult> results) {
        List<Comparison> rows = new ArrayList<>();
        for (TruthResult r : results) {
            rows.add(compare(r));
        }
        return rows;
    }

    /**
     * {@code not applicable in ID: why} where the registry resolves {@code modelId} to a version that declares
     * {@code race} not applicable (shmem × invalidate), else empty (applicable, or no such model).
     */
    static Optional<String> notApplicable(String modelId, Race race) {
        Model m;
        try {
            m = Filesystems.resolve(modelId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (race.appliesTo(m)) {
            return Optional.empty();
        }
        return Optional.of("not applicable in " + m.id() + ": " + m.create().expectations().claim(race.id()).why());
    }

    private Comparison compare(TruthResult real) {
        String modelId = Filesystems.idOnKernel(real.fsType(), real.kernel());
        Optional<Race> race = real.race().emulated();
        if (race.isEmpty()) {
            return new Comparison(real, modelId, Optional.empty(), List.of(), "not emulated");
        }
        Optional<String> lacks = notApplicable(modelId, race.get());
        if (lacks.isPresent()) {
            return new Comparison(real, modelId, Optional.empty(), List.of(), lacks.get());
        }
        Optional<EmulatedOutcomes> emulated = models.outcomes(modelId, race.get(), real.blockSize());
        if (emulated.isEmpty()) {
            return new Comparison(real, modelId, Optional.empty(), List.of(), "no model " + modelId);
        }
        return new Comparison(real, modelId, emulated, Fidelity.compare(real, emulated.get()), "compared");
    }
}
