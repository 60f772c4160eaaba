package org.pagerace.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pagerace.env.EnvInfo;
import org.pagerace.results.BadInputException;
import org.pagerace.results.EnvFile;
import org.pagerace.results.RunFolder;
import org.pagerace.results.TruthFile;
import org.pagerace.truth.Comparison;
import org.pagerace.truth.ModelOutcomes;
import org.pagerace.truth.RacerOutput;
import org.pagerace.truth.TruthDocument;
import org.pagerace.truth.TruthRace;
import org.pagerace.truth.TruthSuite;
import org.pagerace.truth.TruthTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pagerace truth}: the real-kernel ground truth. Runs {@code pagerace-racer} (a safe store against truncate,
 * hole punch, msync and page-cache drops on real files) in each {@code --fs} directory, or reads the racer lines
 * that {@code scripts/truth --kernel} brought back from QEMU guests ({@code --import}); compares each outcome set
 * with the model of the filesystem at the row's kernel version, writes {@code truth.json} (and {@code env.json} if
 * absent) to the run folder and prints the table. Exits 1 if a race could not run on some filesystem or a guest
 * did not finish; mismatches and timing anomalies are findings, reported, not failures.
 */
@Command(name = "truth", mixinStandardHelpOptions = true,
        description = "Run the races on the real kernel (real files, real faults) and compare with the emulation.")
final class TruthCommand implements Callable<Integer> {
    static final Path SHM = Path.of("/dev/shm");

    @Option(names = "--fs", paramLabel = "DIR",
            description = "directory on the filesystem to test, repeatable (default: the system temp dir and /dev/shm)")
    List<Path> fs = new ArrayList<>();

    @Option(names = "--iterations", paramLabel = "N", description = "iterations per (fs, race) (default ${DEFAULT-VALUE})")
    long iterations = 2000;

    @Option(names = "--emulated-samples", paramLabel = "N",
            description = "emulated samples per (convention, race) (default ${DEFAULT-VALUE})")
    long emulatedSamples = 10_000;

    @Option(names = "--race", paramLabel = "ID", split = ",",
            description = "races to run (default all: truncate-down, truncate-down-up, punch-hole, partial-page, "
                    + "msync, invalidate)")
    List<String> race = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "run folder (default results/runs/<UTC>-<host>/)")
    Path out;

    @Option(names = "--import", paramLabel = "FILE",
            description = "racer JSON lines to compare instead of racing here (scripts/truth --kernel writes them), "
                    + "repeatable")
    List<Path> imports = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", description = "seed of the random delays, real and emulated (default 1)")
    long seed = 1;

    @Override
    public Integer call() {
        List<TruthRace> races = new ArrayList<>();
        for (String id : race.isEmpty() ? TruthRace.ids() : race) {
            races.add(TruthRace.byId(id.trim()));
        }
        if (!imports.isEmpty() && !fs.isEmpty()) {
            throw new BadInputException("--import and --fs exclude each other");
        }
        if (iterations < 1) {
            throw new BadInputException("--iterations must be at least 1");
        }
        if (emulatedSamples < 1) {
            throw new BadInputException("--emulated-samples must be at least 1");
        }
        TruthSuite suite = new TruthSuite(ModelOutcomes.registry(emulatedSamples, seed), System.err);
        List<Path> dirs = new ArrayList<>(fs);
        RacerOutput real = new RacerOutput();
        if (imports.isEmpty()) {
            if (dirs.isEmpty()) {
                dirs.add(Path.of(System.getProperty("java.io.tmpdir")));
                if (Files.isDirectory(SHM)) {
                    dirs.add(SHM);
                }
            }
            for (Path d : dirs) {
                String problem = EnvInfo.probe(d);
                if (problem != null) {
                    throw new BadInputException("--fs " + d + ": " + problem);
                }
            }
            real = suite.race(dirs, races, iterations, seed);
        }
        for (Path f : imports) {
            real.addAll(RacerOutput.read(f));
        }
        RunFolder folder = RunFolder.create(out, Path.of("results"));
        List<Comparison> rows = suite.compare(real.results());
        folder.write(TruthDocument.of(rows, real.failures(), real.guests(), iterations, emulatedSamples, seed));
        if (!Files.exists(folder.file(EnvFile.SCHEMA.fileName()))) {
            folder.write(EnvInfo.document(dirs.isEmpty() ? Path.of(System.getProperty(
                    "java.io.tmpdir")) : dirs.get(0), "truth"));
        }
        System.out.print(TruthTable.render(rows, real.failures(), real.guests()));
        System.out.println();
        System.out.println("wrote " + folder.file(TruthFile.SCHEMA.fileName()));
        boolean guestsFinished = real.guests().stream().allMatch(g -> g.racerExit() == 0 || g.racerExit() == 1);
        return real.failures().isEmpty() && guestsFinished ? 0 : 1;
    }
}
