package org.pagerace.stress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.pagerace.mm.EnvironmentException;

/**
 * The environment errors of a stress run's JCStress forks: a slot that meets one fails as a JCStress ERROR (its
 * exception leaves the actor), and records the one line here, in the file {@code -Dpagerace.envErrors} names, so
 * that {@code pagerace stress} ends with that line (exit 2) instead of grading the slots.
 */
public final class EnvironmentErrors {
    /** The system property naming the file (absolute) the forks append to. */
    public static final String PROPERTY = "pagerace.envErrors";
    /** The file's name in the run folder. */
    public static final String FILE = "environment-errors.txt";

    private EnvironmentErrors() {
    }

    /** Records {@code e}'s line (best effort: the file may be on the full filesystem itself); returns {@code e}. */
    public static EnvironmentException record(EnvironmentException e) {
        String file = System.getProperty(PROPERTY);
        if (file != null) {
            try {
                Files.writeString(Path.of(file), e.getMessage() + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException | RuntimeException ignored) {
                // the JCStress ERROR and its log still say it
            }
        }
        return e;
    }

    /** The first line recorded in {@code file}, or null if none. */
    public static String first(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? null : lines.get(0);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
