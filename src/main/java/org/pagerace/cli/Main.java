package org.pagerace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pagerace.check.ModelFailure;
import org.pagerace.mm.EnvironmentException;
import org.pagerace.results.BadInputException;
import org.pagerace.sys.NativeLoadException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code pagerace} command line: one entry, one subcommand per tool. Exit codes: 0 clean; 1 a bug, a failed
 * grading or a regression found; 2 a usage or environment error (one line); 3 an internal error (one line naming a
 * file with the stack trace).
 */
@Command(name = "pagerace", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Stress tests of the Linux page_mkwrite protocol against truncate, hole punch, invalidation "
                + "and writeback, on an emulation of the kernel's fault path over real mapped files.",
        subcommands = {
            EnvCommand.class,
            FilesystemsCommand.class,
            RacesCommand.class,
            RunCommand.class,
            StressCommand.class,
            ExploreCommand.class,
            HistoryCommand.class,
            TruthCommand.class,
            BenchRunCommand.class,
            BenchCommand.class,
            ReportCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {
    /** Exit code for usage and environment errors. */
    public static final int USAGE = 2;
    /** Exit code for an internal error (a bug in pagerace): one line naming a trace file. */
    public static final int INTERNAL = 3;
    /** The methods that look up a name the user typed (a model, a race, a point, an era). */
    static final java.util.Set<String> LOOKUPS = java.util.Set.of("byId", "byName", "resolve", "valueOf");
    /** Where the trace of an internal error goes. */
    static final Path TRACE_DIR = Path.of(System.getProperty("java.io.tmpdir"));

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    public static void main(String[] args) {
        StaleTempSweep.atStartAndExit(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
        System.exit(execute(args));
    }

    /** Runs the command line {@code args}; returns the exit code. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The command line with its exit-code policy, before it runs. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("pagerace: " + ex.getMessage() + " (see --help)");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (isUsageError(ex)) {
                err.println("pagerace: " + ex.getMessage());
                return USAGE;
            }
            err.println("pagerace: internal error: " + ex + "; " + writeTrace(ex, TRACE_DIR));
            return INTERNAL;
        });
        return cl;
    }

    /**
     * Whether {@code e} is a usage or environment error (exit 2): a {@link BadInputException}, a native library that
     * cannot load, or, until every id option is typed, an {@link IllegalArgumentException} thrown where an option is
     * checked: in a command of this package, or by a lookup of a name the user typed ({@link #LOOKUPS}).
     * Any other exception is an internal error (exit 3).
     */
    static boolean isUsageError(Throwable e) {
        if (e instanceof BadInputException || e instanceof NativeLoadException || e instanceof EnvironmentException
                || e instanceof ModelFailure) {
            return true;
        }
        if (!(e instanceof IllegalArgumentException) || e.getStackTrace().length == 0) {
            return false;
        }
        StackTraceElement top = e.getStackTrace()[0];
        return top.getClassName().startsWith(Main.class.getPackageName() + ".")
                || LOOKUPS.contains(top.getMethodName());
    }

    /**
     * Writes {@code e}'s stack trace to a new file in {@code dir}; returns "trace in FILE", or why it could not be
     * written (the trace then goes to stderr, so it is never lost).
     */
    static String writeTrace(Throwable e, Path dir) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        try {
            Path file = Files.createTempFile(dir, "pagerace-internal-error-", ".txt");
            Files.writeString(file, trace.toString());
            return "trace in " + file;
        } catch (IOException | RuntimeException io) {
            System.err.print(trace);
            return "trace above (not written to " + dir + ": " + io.getMessage() + ")";
        }
    }
}
