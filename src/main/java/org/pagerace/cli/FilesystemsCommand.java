package org.pagerace.cli;

import java.util.List;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pagerace filesystems}: the filesystem models known, by filesystem, each version with the release it opens
 * and what opened it; with {@code --verbose}, also the kernel files each mirrors and its claims per race.
 */
@Command(name = "filesystems", aliases = "conventions", mixinStandardHelpOptions = true,
        description = "List the filesystems and their versions (the seed filesystem's handlers included).")
final class FilesystemsCommand implements Runnable {
    @Option(names = "--verbose", description = "also the kernel files and release each version mirrors, and its claims")
    boolean verbose;

    @Option(names = "--classpath", paramLabel = "PATH", description = "directories and jars with your own models")
    String classpath;

    @Override
    public void run() {
        org.pagerace.fs.Filesystems.useClassPath(classpath);
        List<Model> all = Filesystems.all();
        String fs = null;
        for (Model m : all) {
            if (!m.fs().equals(fs)) {
                fs = m.fs();
                System.out.println(fs);
            }
            System.out.printf("  %-30s %-8s %s%n", m.id(), m.release(), m.commit().isEmpty() ? m.summary() : m.commit());
            if (verbose) {
                System.out.printf("  %-30s          mirrors %s%n", "", m.mirrors());
                m.create().expectations().explicit().values().forEach(c -> System.out.printf(
                        "  %-30s          %s: %s (%s)%n", "", c.race(), !c.applies() ? "does not apply"
                                : c.bugs().isEmpty() ? "correct" : String.join(", ", c.bugs()), c.why()));
            }
        }
    }
}
