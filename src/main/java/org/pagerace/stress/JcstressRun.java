package org.pagerace.stress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Runs JCStress 0.16 as a process through its documented command line ({@code org.openjdk.jcstress.Main}), in the
 * run folder (where it writes its binary results, read back with its own reader, {@link StressResults}), with its
 * console in {@code jcstress.log} and a line per finished test on our console. The sampling time of a fork comes from
 * the plan: each batch's expected seconds × {@link TimeBudget#MARGIN} × the mode's depth, shared among the JVM
 * configurations JCStress runs ({@link TimeBudget#CONFIGS}) and its forks, in {@link #ITERATIONS} iterations.
 */
public final class JcstressRun {
    /** JCStress iterations per fork. */
    public static final int ITERATIONS = 5;

    /**
     * One stride (256 samples) per JCStress epoch instead of 40. JCStress keeps an epoch's samples alive at once, so
     * a file-backed fork holds that many files: 10,240 files cost 4 s to create on ext4 (375 µs each, O_TMPFILE),
     * 256 cost 0.1 s. The per-sample rendezvous in {@code RaceState} makes the longer epochs useless anyway: JCStress
     * needs them to line its actors up, we do that per sample.
     */
    static final int STRIDE_COUNT = 1;

    private JcstressRun() {
    }

    /** How much deeper than quick a mode samples (JCStress's own presets: 1 s, 5 s, 100 s, 500 s per test). */
    public static int depth(String mode) {
        switch (mode) {
            case "sanity":
            case "quick":
                return 1;
            case "default":
                return 5;
            case "tough":
                return 100;
            case "stress":
                return 500;
            default:
                throw new IllegalArgumentException("unknown mode '" + mode + "'");
        }
    }

    /** JCStress's forks per test in {@code mode} (its presets). */
    static int forks(String mode) {
        return "tough".equals(mode) || "stress".equals(mode) ? 10 : 1;
    }

    /**
     * The {@code -time} and {@code -iters} options that give each fork of a batch of {@code batchSeconds} expected
     * sampling its time in {@code mode}; none in sanity mode (JCStress's preset: one sample pass).
     */
    public static List<String> timing(String mode, double batchSeconds) {
        if ("sanity".equals(mode)) {
            return List.of();
        }
        double perFork = batchSeconds * TimeBudget.MARGIN * depth(mode) / (TimeBudget.CONFIGS * forks(mode));
        long ms = Math.max(1, (long) Math.ceil(1000 * perFork / ITERATIONS));
        return List.of("-time", String.valueOf(ms), "-iters", String.valueOf(ITERATIONS));
    }

    /**
     * The command line: {@code java -cp CLASSPATH org.openjdk.jcstress.Main -t REGEX -m MODE ...}; {@code props} go to
     * every fork, as the only JVM arguments ({@code -jvmArgs}, the JDK's defaults) or, with {@code allConfigs}, before
     * each of JCStress's own configurations ({@code -jvmArgsPrepend}).
     */
    public static List<String> command(String classPath, String regex, String mode, Path reportDir, double batchSeconds,
            String props, boolean allConfigs) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, "org.openjdk.jcstress.Main",
                "-t", regex, "-m", mode, "-r", reportDir.toAbsolutePath().toString(),
                "-strideCount", String.valueOf(STRIDE_COUNT)));
        cmd.addAll(timing(mode, batchSeconds));
        if (allConfigs) {
            cmd.addAll(List.of("-jvmArgsPrepend", props));
        } else {
            cmd.addAll(List.of("-jvmArgs", props, "-sc", "false", "-fsm", "1"));
        }
        return cmd;
    }

    /**
     * Runs {@code cmd} in {@code dir}, appending its console to {@code log} and printing each finished test (named by
     * {@code describe}) with JCStress's ETA; returns its exit code. SIGINT or SIGTERM to this JVM stops JCStress and
     * its forks.
     */
    public static int run(List<String> cmd, Path dir, Path log, UnaryOperator<String> describe)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        Thread stop = new Thread(() -> stopTree(p), "pagerace-stop-jcstress");
        Runtime.getRuntime().addShutdownHook(stop);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                     java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND))) {
            String line;
            String lastEta = "";
            while ((line = in.readLine()) != null) {
                out.println(line);
                String l = line.trim();
                if (l.startsWith("(ETA")) {
                    lastEta = l;
                } else if (l.matches("^\\.*\\s*\\[(OK|FAILED|ERROR)\\].*")) {
                    System.out.println("  " + describe.apply(l.replaceFirst("^\\.*\\s*", "")) + "  " + lastEta);
                }
            }
        }
        int rc = p.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it stops the tree
        }
        return rc;
    }

    /**
     * Stops the JCStress JVM and its forks (SIGTERM, then SIGKILL after 10 s) and waits for them: run from a
     * shutdown hook, so that SIGINT or SIGTERM to this JVM leaves no JCStress process writing results behind it.
     */
    public static void stopTree(Process p) {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.add(p.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                h.destroyForcibly();
            } catch (InterruptedException e) {
                h.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
