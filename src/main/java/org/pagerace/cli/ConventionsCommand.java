package org.pagerace.cli;

import org.pagerace.fs.Convention;
import org.pagerace.fs.Conventions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pagerace conventions}: the page_mkwrite conventions known, with one-line descriptions. */
@Command(name = "conventions", mixinStandardHelpOptions = true, description = "List the page_mkwrite conventions.")
final class ConventionsCommand implements Runnable {
    @Option(names = "--verbose", description = "also say what kernel code each is modelled on")
    boolean verbose;

    @Override
    public void run() {
        for (Convention c : Conventions.all()) {
            System.out.printf("%-18s %s%n", c.id(), c.summary());
            if (verbose) {
                System.out.printf("%-18s   modelled on %s%n", "", c.modelledOn());
            }
        }
    }
}
