package org.pagerace.sys;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads {@code libpagerace.so} from the jar (resource {@code org/pagerace/sys/<platform>/libpagerace.so}) by
 * absolute path. JNA's own classpath extraction is off inside JCStress forks ({@code jna.noclasspath=true}), so we
 * extract the library ourselves into a private temporary directory, {@code dlopen} it, and delete the file and the
 * directory at once: the loaded library stays mapped, and nothing is left behind even if the JVM is killed.
 *
 * <p>{@code -Dpagerace.library=/abs/path/libpagerace.so} loads another build instead (e.g. {@code native/build}).
 */
public final class NativeLoader {
    private static final String RESOURCE = "org/pagerace/sys/" + Platform.RESOURCE_PREFIX + "/libpagerace.so";

    private static NativeLibrary library;

    private NativeLoader() {
    }

    /** The loaded library; loads it on first use. */
    public static synchronized NativeLibrary library() {
        if (library == null) {
            library = load();
        }
        return library;
    }

    private static NativeLibrary load() {
        if (!Platform.isLinux()) {
            throw new NativeLoadException("pagerace needs Linux (this is " + System.getProperty("os.name") + ")");
        }
        String override = System.getProperty("pagerace.library");
        if (override != null) {
            return NativeLibrary.getInstance(Path.of(override).toAbsolutePath().toString());
        }
        Path dir = null;
        Path file = null;
        try (InputStream in = NativeLoader.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new NativeLoadException("native library " + RESOURCE + " is not on the class path "
                        + "(build with `mvn package`, which runs native/Makefile)");
            }
            /* the pid in the name lets a later start tell a dead process's leftover from a live load (cli/StaleTempSweep) */
            dir = Files.createTempDirectory("pagerace-native-" + ProcessHandle.current().pid() + "-");
            file = dir.resolve("libpagerace.so");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return NativeLibrary.getInstance(file.toAbsolutePath().toString());
        } catch (IOException | UnsatisfiedLinkError e) {
            throw new NativeLoadException("cannot load " + RESOURCE + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(file);
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: the temp dir is private and tiny
            }
        }
    }
}
