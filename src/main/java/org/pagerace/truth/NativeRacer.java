package org.pagerace.truth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.pagerace.results.BadInputException;

/**
 * Runs {@code pagerace-racer} (native/truth/racer.c), the one implementation of the real-kernel races, the same
 * static program that {@code scripts/truth --kernel} runs inside QEMU guests, and hands each of its JSON lines
 * over as it comes. The program is the jar's resource {@code org/pagerace/sys/linux-x86-64/pagerace-racer}, copied
 * into a private temporary directory for the run and deleted after it; {@code -Dpagerace.racer=PATH} runs another
 * build instead (e.g. {@code target/native/pagerace-racer}). If the JVM is stopped meanwhile, a shutdown hook
 * kills the racer, so that nothing keeps running.
 */
public final class NativeRacer {
    static final String RESOURCE = "org/pagerace/sys/linux-x86-64/pagerace-racer";

    private NativeRacer() {
    }

    /**
     * Races every race of {@code races} on every directory of {@code dirs}, {@code iterations} each; passes each
     * output line to {@code onLine} as it is written. Exit status 2 of the racer (bad input) becomes a
     * {@link BadInputException} with its message; 0 and 1 (some race could not run: its line says why) are normal.
     */
    public static void run(List<Path> dirs, List<TruthRace> races, long iterations, long seed, Consumer<String> onLine) {
        String override = System.getProperty("pagerace.racer");
        if (override != null) {
            runProgram(Path.of(override), dirs, races, iterations, seed, onLine);
            return;
        }
        Path tmp = null;
        Path program = null;
        try (InputStream in = NativeRacer.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path (build with `mvn package`, "
                        + "which runs native/Makefile)");
            }
            tmp = Files.createTempDirectory("pagerace-racer-");
            program = tmp.resolve("pagerace-racer");
            Files.copy(in, program, StandardCopyOption.REPLACE_EXISTING);
            if (!program.toFile().setExecutable(true, true)) {
                throw new IllegalStateException("cannot make " + program + " executable");
            }
        } catch (IOException e) {
            deleteQuietly(program);
            deleteQuietly(tmp);
            throw new IllegalStateException("cannot extract " + RESOURCE + ": " + e.getMessage(), e);
        }
        try {
            runProgram(program, dirs, races, iterations, seed, onLine);
        } finally {
            deleteQuietly(program);
            deleteQuietly(tmp);
        }
    }

    private static void runProgram(Path program, List<Path> dirs, List<TruthRace> races, long iterations, long seed,
            Consumer<String> onLine) {
        List<String> cmd = new ArrayList<>(List.of(program.toString(), "--iterations", Long.toString(iterations),
                "--seed", Long.toString(seed), "--race", String.join(",", races.stream().map(TruthRace::id).toList())));
        dirs.forEach(d -> cmd.add(d.toString()));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + program + ": " + e.getMessage(), e);
        }
        Thread killer = new Thread(p::destroyForcibly, "pagerace-racer-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        StringBuilder err = new StringBuilder();
        Thread errReader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    synchronized (err) {
                        err.append(l).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process is gone; its exit status says what happened
            }
        }, "pagerace-racer-stderr");
        errReader.setDaemon(true);
        errReader.start();
        int rc;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                if (!l.isBlank()) {
                    onLine.accept(l);
                }
            }
            rc = p.waitFor();
            errReader.join(1000);
        } catch (IOException e) {
            throw new IllegalStateException("reading the output of " + program + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the racer ran", e);
        } finally {
            p.destroyForcibly();
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
        String message;
        synchronized (err) {
            message = err.toString().strip();
        }
        if (rc == 2) {
            throw new BadInputException(message.isEmpty() ? "pagerace-racer: bad input (exit 2)" : message);
        }
        if (rc != 0 && rc != 1) {
            throw new IllegalStateException("pagerace-racer exited with " + rc + (message.isEmpty() ? "" : ": " + message));
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a private temp dir; nothing else uses it
            }
        }
    }
}
