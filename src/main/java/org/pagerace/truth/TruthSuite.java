package org.pagerace.truth;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.pagerace.check.Race;
import org.pagerace.env.EnvInfo;
import org.pagerace.sys.NativeException;

/**
 * The ground-truth suite: every chosen race on every chosen directory on the real kernel, each compared with the
 * emulation of the convention that models the directory's filesystem. Emulated runs are shared between
 * filesystems modelled by the same convention (ext4 and xfs). Progress goes to {@code progress}, one line per run.
 * A race whose real operations fail on a filesystem is recorded as a {@link RaceFailure} and the suite goes on.
 */
public final class TruthSuite {
    private final List<Path> dirs;
    private final List<TruthRace> races;
    private final long iterations;
    private final long emulatedSamples;
    private final long seed;
    private final PrintStream progress;
    private final Map<String, EmulatedOutcomes> emulatedRuns = new HashMap<>();
    private final List<RaceFailure> failures = new ArrayList<>();

    public TruthSuite(List<Path> dirs, List<TruthRace> races, long iterations, long emulatedSamples, long seed,
            PrintStream progress) {
        if (iterations < 1) {
            throw new IllegalArgumentException("--iterations must be at least 1");
        }
        if (emulatedSamples < 1) {
            throw new IllegalArgumentException("--emulated-samples must be at least 1");
        }
        this.dirs = List.copyOf(dirs);
        this.races = List.copyOf(races);
        this.iterations = iterations;
        this.emulatedSamples = emulatedSamples;
        this.seed = seed;
        this.progress = progress;
    }

    public List<Comparison> run() {
        List<Comparison> rows = new ArrayList<>();
        for (Path dir : dirs) {
            for (TruthRace race : races) {
                TruthResult real;
                try {
                    real = new TruthRacer(dir, race, seed).run(iterations);
                } catch (NativeException e) {
                    failures.add(new RaceFailure(EnvInfo.fsType(dir), dir.toString(), race, e.getMessage()));
                    progress.printf(Locale.ROOT, "truth: %s %s: failed: %s%n", dir, race.id(), e.getMessage());
                    continue;
                }
                progress.printf(Locale.ROOT, "truth: %-6s %-16s %-17s %6d iterations, %6.0f/s, J %s%n",
                        real.fsType(), dir, race.id(), real.iterations(), real.iterationsPerSecond(),
                        TruthTable.micros(real.delayNanos()));
                rows.add(compare(real));
            }
        }
        return rows;
    }

    /** The races that could not run, after {@link #run()}. */
    public List<RaceFailure> failures() {
        return List.copyOf(failures);
    }

    private Comparison compare(TruthResult real) {
        Optional<FsModel> model = FsModel.forFsType(real.fsType());
        Optional<Race> race = real.race().emulated();
        if (race.isEmpty()) {
            return new Comparison(real, model, Optional.empty(), List.of(), "not emulated");
        }
        if (model.isEmpty()) {
            return new Comparison(real, model, Optional.empty(), List.of(),
                    "no convention models fs type " + real.fsType());
        }
        EmulatedOutcomes emulated = emulatedRuns.computeIfAbsent(model.get().convention() + "/" + race.get().id(),
                k -> EmulatedOutcomes.run(model.get().convention(), race.get(), emulatedSamples, seed));
        return new Comparison(real, model, Optional.of(emulated), Fidelity.compare(real, emulated, model.get()),
                "compared");
    }
}
