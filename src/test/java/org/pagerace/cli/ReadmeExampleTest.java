package org.pagerace.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "your own filesystem" example is a test: the class is taken from README.md itself (so the two cannot
 * drift), compiled with {@code javax.tools} into a directory outside the project, and run through {@code run},
 * {@code explore} and a sanity-mode {@code stress} with {@code --classpath}, each giving the verdict the README
 * states: LOST_WRITE against punch-hole, declared, so the stress run passes.
 */
class ReadmeExampleTest {
    private static final Pattern EXAMPLE = Pattern.compile(
            "<!-- readme-example: ([\\w.]+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    static Path classes;
    private static String className;

    @BeforeAll
    static void compileTheReadmeExample() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        Matcher m = EXAMPLE.matcher(readme);
        assertTrue(m.find(), "README.md has no <!-- readme-example: CLASS --> java block");
        className = m.group(1);
        Path src = classes.resolve("src").resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, m.group(2));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, err, "-cp", System.getProperty("java.class.path"), "-d",
                classes.toString(), src.toString());
        assertEquals(0, rc, "the README's example does not compile: " + err);
    }

    @Test
    void runFindsTheDeclaredLostWrite() {
        String out = capture(() -> assertEquals(0, Main.execute("run", "--fs-model", className, "--classpath",
                classes.toString(), "--race", "punch-hole", "--repeat", "3000")));
        assertTrue(out.contains("myfs@1 × punch-hole") && out.contains("LOST_WRITE"), out);
    }

    @Test
    void exploreReachesItWithAReplayableTrace() {
        String out = capture(() -> assertEquals(0, Main.execute("explore", "--fs-model", className, "--classpath",
                classes.toString(), "--race", "punch-hole")));
        assertTrue(out.contains("BUG LOST_WRITE"), out);
        assertTrue(out.contains("replay:  pagerace run --fs-model " + className + " --race punch-hole --classpath "), out);
    }

    @Test
    void aSanityStressRunGradesItByItsOwnClaims(@TempDir Path run) throws IOException {
        String out = capture(() -> assertEquals(0, Main.execute("stress", "--mode", "sanity", "--fs-model", className,
                "--classpath", classes.toString(), "--race", "punch-hole,truncate-down", "--backing", "model",
                "--out", run.resolve("run").toString())));
        String stress = Files.readString(run.resolve("run/stress.json"));
        assertTrue(stress.contains("\"model\" : \"myfs@1\""), stress);
        assertTrue(stress.contains("\"expected_bugs\" : [ \"LOST_WRITE\" ]"), stress);
        assertTrue(out.contains("2 passed, 0 failed"), out);
        for (String line : List.of(Files.readString(run.resolve("run/junit.xml")).split("\n"))) {
            if (line.contains("<testcase")) {
                assertTrue(line.contains("pagerace.myfs@1"), line);
            }
        }
    }

    private static String capture(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
