package org.pagerace.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pagerace.results.BadInputException;
import org.pagerace.sys.NativeLoadException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Main's exit codes: 2 only for usage and environment errors, 3 with a trace file for everything else. */
class ExitCodePolicyTest {
    @Command(name = "throw")
    static final class Thrower implements Callable<Integer> {
        private final RuntimeException thrown;

        Thrower(RuntimeException thrown) {
            this.thrown = thrown;
        }

        @Override
        public Integer call() {
            throw thrown;
        }
    }

    /** Runs {@code pagerace throw} whose command throws {@code e}; returns {exit code, stderr}. */
    private static String[] runThrowing(RuntimeException e) {
        CommandLine cl = Main.commandLine();
        cl.addSubcommand("throw", new Thrower(e));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("throw");
        return new String[] {String.valueOf(code), err.toString()};
    }

    @Test
    void badInputIsExit2WithOneLine() {
        String[] r = runThrowing(new BadInputException("/x/stress.json: field tests[0].samples: expected an integer"));
        assertEquals("2", r[0]);
        assertEquals("pagerace: /x/stress.json: field tests[0].samples: expected an integer", r[1].strip());
    }

    @Test
    void aNativeLibraryThatCannotLoadIsAnEnvironmentError() {
        assertEquals("2", runThrowing(new NativeLoadException("libpagerace.so: cannot open"))[0]);
    }

    @Test
    void anIllegalArgumentFromInsideTheHarnessIsAnInternalError() throws Exception {
        IllegalArgumentException deep = new IllegalArgumentException("negative i_size -1");
        deep.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("org.pagerace.mm.Inode", "i_size_write", "Inode.java", 30)});
        String[] r = runThrowing(deep);
        assertEquals("3", r[0], r[1]);
        assertInternalErrorLine(r[1], "negative i_size -1");
    }

    @Test
    void anyOtherExceptionIsExit3WithOneLineNamingATraceFile() throws Exception {
        String[] r = runThrowing(new IllegalStateException("scheduler lost an actor"));
        assertEquals("3", r[0], r[1]);
        assertInternalErrorLine(r[1], "scheduler lost an actor");
    }

    @Test
    void optionChecksAndIdLookupsAreUsageErrors() {
        IllegalArgumentException lookup = new IllegalArgumentException("unknown race 'x'");
        lookup.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("org.pagerace.check.Race", "byId", "Race.java", 125)});
        assertTrue(Main.isUsageError(lookup));
        IllegalArgumentException option = new IllegalArgumentException("--repeat must be at least 1");
        option.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("org.pagerace.cli.RunCommand", "call", "RunCommand.java", 64)});
        assertTrue(Main.isUsageError(option));
        assertFalse(Main.isUsageError(new NullPointerException()));
    }

    @Test
    void anUnknownOptionIsExit2() {
        assertEquals(2, Main.execute("report", "--no-such-option"));
    }

    private static void assertInternalErrorLine(String err, String message) throws Exception {
        assertEquals(1, err.strip().lines().count(), err);
        Matcher m = Pattern.compile("pagerace: internal error: .*" + Pattern.quote(message) + "; trace in (\\S+)")
                .matcher(err.strip());
        assertTrue(m.matches(), err);
        Path trace = Path.of(m.group(1));
        try {
            assertTrue(Files.readString(trace).contains(message), "the trace file holds the exception");
        } finally {
            Files.deleteIfExists(trace);
        }
    }
}
