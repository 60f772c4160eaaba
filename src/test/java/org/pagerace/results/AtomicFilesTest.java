package org.pagerace.results;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Write-then-rename, for files and whole folders: a failure leaves the old content whole and nothing else. */
class AtomicFilesTest {
    @TempDir
    Path tmp;

    private List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporary() throws IOException {
        Path file = tmp.resolve("report.md");
        Files.writeString(file, "old");
        BadInputException e = assertThrows(BadInputException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half".getBytes());
            throw new IOException("No space left on device");
        }));
        assertTrue(e.getMessage().startsWith("cannot write " + file), e.getMessage());
        assertEquals("old", Files.readString(file));
        assertEquals(List.of("report.md"), names(tmp));
    }

    @Test
    void anInterruptedFolderReplacementLeavesTheOldFolderWhole() throws IOException {
        Path baseline = Files.createDirectories(tmp.resolve("baseline"));
        Files.writeString(baseline.resolve("stress.json"), "old stress");
        Files.writeString(baseline.resolve("env.json"), "old env");
        assertThrows(BadInputException.class, () -> AtomicFiles.replaceFolder(baseline, dir -> {
            Files.writeString(dir.resolve("stress.json"), "new stress");
            throw new IOException("interrupted");
        }));
        assertEquals(List.of("env.json", "stress.json"), names(baseline));
        assertEquals("old stress", Files.readString(baseline.resolve("stress.json")));
        assertEquals(List.of("baseline"), names(tmp), "no temporary folder left");
    }

    @Test
    void aFolderIsReplacedWhole() throws IOException {
        Path baseline = Files.createDirectories(tmp.resolve("baseline"));
        Files.writeString(baseline.resolve("truth.json"), "old truth");
        AtomicFiles.replaceFolder(baseline, dir -> Files.writeString(dir.resolve("stress.json"), "new"));
        assertEquals(List.of("stress.json"), names(baseline));
        assertEquals(List.of("baseline"), names(tmp));
    }
}
