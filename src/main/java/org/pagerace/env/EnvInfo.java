package org.pagerace.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.pagerace.mm.PageSize;
import org.pagerace.results.BadInputException;
import org.pagerace.results.EnvFile;
import org.pagerace.results.RunFolder;
import org.pagerace.sys.MappedFile;
import org.pagerace.sys.NativeException;
import org.pagerace.sys.PathLimits;

/**
 * Facts about this machine and a directory, for {@code pagerace env} and every run's {@code env.json}: kernel
 * release, the filesystem type of the directory (as {@code /proc/mounts} names it: {@code ext4}, {@code tmpfs},
 * {@code xfs}, {@code btrfs}), JDK, CPUs, git commit, and whether shared mappings and the safe store work there.
 */
public final class EnvInfo {
    private EnvInfo() {
    }

    /** The kernel release ({@code uname -r}). */
    public static String kernel() {
        return readFirstLine(Path.of("/proc/sys/kernel/osrelease"), System.getProperty("os.version"));
    }

    /** This host's name. */
    public static String host() {
        return RunFolder.host();
    }

    /** The filesystem type of {@code dir}; throws {@link BadInputException} if it is not a directory. */
    public static String fsType(Path dir) {
        checkDir(dir);
        try {
            FileStore store = Files.getFileStore(dir);
            return store.type();
        } catch (IOException e) {
            throw new BadInputException("cannot stat " + dir + ": " + e.getMessage());
        }
    }

    /** Throws {@link BadInputException} unless {@code dir} is an existing, writable directory. */
    public static void checkDir(Path dir) {
        if (PathLimits.tooLong(dir)) {
            throw new BadInputException("--fs " + PathLimits.shorten(dir.toString()) + ": path too long (ENAMETOOLONG)");
        }
        if (!Files.exists(dir)) {
            throw new BadInputException("--fs " + dir + ": no such directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("--fs " + dir + ": not a directory");
        }
        if (!Files.isWritable(dir)) {
            throw new BadInputException("--fs " + dir + ": not writable");
        }
    }

    /**
     * Probes {@code dir}: maps a small unnamed file shared, stores through the safe store, truncates it and checks
     * that a safe store beyond EOF gives EFAULT. Returns null if all works, else why not (one line).
     */
    public static String probe(Path dir) {
        checkDir(dir);
        try (MappedFile f = MappedFile.createTemp(dir, 2L * PageSize.PAGE_SIZE, 2L * PageSize.PAGE_SIZE)) {
            if (!f.tryStore(PageSize.PAGE_SIZE, 42) || f.readLong(PageSize.PAGE_SIZE) != 42) {
                return "a store through a shared mapping did not reach the file";
            }
            f.truncate(0);
            if (f.tryStore(PageSize.PAGE_SIZE, 43)) {
                return "a safe store beyond EOF did not fail with EFAULT";
            }
            return null;
        } catch (NativeException e) {
            return e.getMessage();
        }
    }

    /** The current git commit of the working directory, or "unknown". */
    public static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]{40}")) {
                return out;
            }
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }

    /** The CPU model, from {@code /proc/cpuinfo}. */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    /** The {@code env.json} record for a run of {@code mode} with files in {@code dir}. */
    public static EnvFile document(Path dir, String mode) {
        return new EnvFile(host(), kernel(), dir.toAbsolutePath().toString(), fsType(dir),
                System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(), cpuModel(),
                gitCommit(), mode, java.time.Instant.now().toString(), null, null, null, null);
    }

    private static String readFirstLine(Path p, String fallback) {
        try {
            return Files.readAllLines(p).get(0).trim();
        } catch (IOException | IndexOutOfBoundsException e) {
            return fallback;
        }
    }
}
