/**
 * The {@code pagerace} command line (picocli): one subcommand per job, option parsing, and the exit-code policy of
 * {@link org.pagerace.cli.Main} (0 clean, 1 a bug or regression, 2 a usage or environment error, 3 an internal
 * error with a trace file). The entry point: may use every package.
 */
package org.pagerace.cli;
