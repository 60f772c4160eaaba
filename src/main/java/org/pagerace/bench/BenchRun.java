package org.pagerace.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.pagerace.env.EnvInfo;
import org.pagerace.fs.Filesystems;
import org.pagerace.results.AtomicFiles;
import org.pagerace.results.BadInputException;
import org.pagerace.results.JmhResult;
import org.pagerace.results.RunFolder;

/**
 * A benchmark run ({@code pagerace bench}, what {@code scripts/bench} runs): JMH ({@code benchmarks.jar}) as a child
 * process with JSON output into a run folder, its console copied to {@code bench.log}, {@code /proc/stat} sampled
 * before and after ({@value HostCpu#FILE}), then {@link BenchReport}. The child is stopped with this JVM (SIGINT,
 * SIGTERM), so nothing is left running.
 */
public final class BenchRun {
    /** JMH's settings for {@code --quick}: everything runs once, briefly, with fewer parameters. */
    static final List<String> QUICK = List.of("-f", "1", "-wi", "1", "-i", "3", "-w", "300ms", "-r", "300ms",
            "-p", "gapUs=off,20,0", "-p", "partner=truncate", "-p", "method=msync,uffd");

    private BenchRun() {
    }

    /**
     * Runs the benchmarks of {@code benchmarksJar} into {@code out} (a new folder under {@code results/runs} if null),
     * real files in {@code fs} (the system temp dir if null), with {@code jmhArgs} after ours; {@code userClasspath}
     * (null: none) reaches JMH and its forks as {@code PAGERACE_CLASSPATH}, which leaves each benchmark's own
     * {@code @Fork(jvmArgsAppend)} alone (a {@code -jvmArgsAppend} on the command line would replace it). Throws
     * {@link BadInputException} for a bad directory, {@link IllegalStateException} if JMH fails.
     */
    public static void run(boolean quick, Path out, Path fs, List<String> jmhArgs, String userClasspath, Path results,
            Path benchmarksJar, PrintStream console) throws IOException, InterruptedException {
        if (fs != null) {
            EnvInfo.checkDir(fs);
        }
        if (!Files.isRegularFile(benchmarksJar)) {
            throw new BadInputException(benchmarksJar + ": no such file (build with mvn package)");
        }
        RunFolder run = RunFolder.create(out, results);
        String mode = quick ? "bench-quick" : "bench";
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", benchmarksJar.toString(), "-rf", "json", "-rff", run.file(JmhResult.FILE).toString()));
        if (quick) {
            cmd.addAll(QUICK);
        }
        if (fs != null) {
            cmd.addAll(List.of("-p", "fs=" + fs.toAbsolutePath()));
        }
        cmd.addAll(jmhArgs);
        console.printf("pagerace bench: %s into %s (real files in %s)%n", mode, run.dir(),
                fs == null ? "the system temp dir" : fs);
        long start = System.nanoTime();
        String before = HostCpu.snapshot(false);
        int rc = runTeed(cmd, userClasspath, run.file("bench.log"), console);
        AtomicFiles.writeString(run.file(HostCpu.FILE), before + HostCpu.snapshot(true));
        if (rc != 0) {
            throw new IllegalStateException("JMH exited " + rc + "; its output is in " + run.file("bench.log"));
        }
        BenchReport.run(run, fs != null ? fs : Path.of(System.getProperty("java.io.tmpdir")), mode, console);
        console.printf("pagerace bench: done in %d s: %s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), run.dir());
    }

    /** Runs {@code cmd}, copying its output to {@code console} and {@code log}; stops it if this JVM stops first. */
    private static int runTeed(List<String> cmd, String userClasspath, Path log, PrintStream console)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (userClasspath != null) {
            pb.environment().put(Filesystems.CLASSPATH_ENV, userClasspath);
        }
        Process p = pb.start();
        Thread stop = new Thread(() -> {
            p.destroy();
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            p.destroyForcibly();
        });
        Runtime.getRuntime().addShutdownHook(stop);
        try (InputStream in = p.getInputStream(); OutputStream file = Files.newOutputStream(log)) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0;) {
                console.write(buf, 0, n);
                console.flush();
                file.write(buf, 0, n);
            }
        }
        int rc = p.waitFor();
        Runtime.getRuntime().removeShutdownHook(stop);
        return rc;
    }
}
