package org.pagerace.cli;

import java.io.PrintWriter;
import org.pagerace.check.ModelFailure;
import org.pagerace.mm.EnvironmentException;
import org.pagerace.report.BadInputException;
import org.pagerace.sys.NativeLoadException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pagerace} command line: one entry, one subcommand per tool. Usage errors and bad input print one line
 * and exit 2; a failed check exits 1.
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
            BenchCommand.class,
            ReportCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {
    /** Exit code for usage errors and bad input. */
    public static final int USAGE = 2;

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
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("pagerace: " + ex.getMessage() + " (see --help)");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof BadInputException || ex instanceof IllegalArgumentException
                    || ex instanceof NativeLoadException || ex instanceof EnvironmentException
                    || ex instanceof ModelFailure) {
                err.println("pagerace: " + ex.getMessage());
                return USAGE;
            }
            throw ex;
        });
        return cl.execute(args);
    }
}
