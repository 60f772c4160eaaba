package org.pagerace.cli;

import org.pagerace.check.Race;
import picocli.CommandLine.Command;

/** {@code pagerace races}: the race partners, with one-line descriptions. */
@Command(name = "races", mixinStandardHelpOptions = true, description = "List the race partners.")
final class RacesCommand implements Runnable {
    @Override
    public void run() {
        for (Race r : Race.values()) {
            System.out.printf("%-20s %s%s%n", r.id(), r.summary(), r.actors() > 2 ? " [" + r.actors() + " actors; "
                    + r.suiteRuns() + "]" : "");
        }
    }
}
