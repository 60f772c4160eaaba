package org.pagerace.results;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The one way results reach the disk: into a hidden temporary sibling ({@code .NAME.tmp}), then renamed over the
 * target, so that no reader ever sees half a file and a failure (a full filesystem) leaves the old file and no
 * temporary behind. A folder is replaced the same way, whole ({@link #replaceFolder}).
 */
public final class AtomicFiles {
    /** Writes a file's content to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Fills a new folder. */
    @FunctionalInterface
    public interface FolderContent {
        void fill(Path dir) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code file} through a temporary sibling and a rename. Throws {@link BadInputException} naming the file
     * and the cause (an environment error: no space, no permission) after removing the temporary.
     */
    public static void write(Path file, Content content) {
        Path tmp = temporary(file);
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            move(tmp, file);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new BadInputException("cannot write " + file + ": " + reason(e), e);
        }
    }

    /** {@link #write} of UTF-8 text. */
    public static void writeString(Path file, String text) {
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Replaces the folder {@code target} as a whole: {@code content} fills a hidden sibling folder, which is then
     * renamed into place (the old folder first moved aside, then deleted). If filling fails or the process is
     * interrupted meanwhile (SIGINT, SIGTERM), the old folder is left whole and the sibling is removed. Throws
     * {@link BadInputException} naming the folder and the cause.
     */
    public static void replaceFolder(Path target, FolderContent content) {
        Path parent = target.toAbsolutePath().getParent();
        Path tmp = parent.resolve("." + target.getFileName() + ".tmp");
        Path old = parent.resolve("." + target.getFileName() + ".old");
        Thread cleanup = new Thread(() -> deleteTree(tmp));
        try {
            deleteTree(tmp);
            deleteTree(old);
            Runtime.getRuntime().addShutdownHook(cleanup);
            Files.createDirectories(tmp);
            content.fill(tmp);
            if (Files.exists(target)) {
                move(target, old);
            }
            move(tmp, target);
            deleteTree(old);
        } catch (IOException e) {
            deleteTree(tmp);
            if (!Files.exists(target) && Files.exists(old)) {
                try {
                    move(old, target);
                } catch (IOException restore) {
                    e.addSuppressed(restore);
                }
            }
            throw new BadInputException("cannot replace " + target + ": " + reason(e), e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or will run: nothing to undo
            }
        }
    }

    /** The hidden temporary sibling {@link #write} uses for {@code file}. */
    public static Path temporary(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".tmp");
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The cause in words: the OS's reason for a file system error ("No space left on device"), else the message. */
    static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.split("\n")[0];
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: the write already failed, and that is what is reported
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException ignored) {
            // best effort, as above
        }
    }
}
