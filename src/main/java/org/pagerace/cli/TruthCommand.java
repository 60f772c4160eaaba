package org.pagerace.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pagerace.env.EnvInfo;
import org.pagerace.results.BadInputException;
import org.pagerace.results.RunFolder;
import org.pagerace.truth.Comparison;
import org.pagerace.truth.TruthDocument;
import org.pagerace.truth.TruthRace;
import org.pagerace.truth.TruthSuite;
import org.pagerace.truth.TruthTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pagerace truth}: the real-kernel ground truth. Races a safe store against truncate, hole punch, msync and
 * page-cache drops on real files in each {@code --fs} directory, compares each outcome set with the emulation of
 * the convention that models the filesystem, writes {@code truth.json} (and {@code env.json} if absent) to the
 * run folder and prints the table. Exits 1 if a race could not run on some filesystem; mismatches and timing
 * anomalies are findings, reported, not failures.
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

    @Option(names = "--seed", paramLabel = "N", description = "seed of the random delays, real and emulated (default 1)")
    long seed = 1;

    @Override
    public Integer call() {
        List<TruthRace> races = new ArrayList<>();
        for (String id : race.isEmpty() ? TruthRace.ids() : race) {
            races.add(TruthRace.byId(id.trim()));
        }
        List<Path> dirs = new ArrayList<>(fs);
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
        TruthSuite suite = new TruthSuite(dirs, races, iterations, emulatedSamples, seed, System.err);
        RunFolder folder = RunFolder.create(out, Path.of("results"));
        List<Comparison> rows = suite.run();
        folder.writeJson("truth.json", TruthDocument.of(rows, suite.failures(), iterations, emulatedSamples, seed));
        if (!Files.exists(folder.file("env.json"))) {
            folder.writeJson("env.json", EnvInfo.document(dirs.get(0), "truth"));
        }
        System.out.print(TruthTable.render(rows, suite.failures()));
        System.out.println();
        System.out.println("wrote " + folder.file("truth.json"));
        return suite.failures().isEmpty() ? 0 : 1;
    }
}
