package org.pagerace.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pagerace.env.EnvInfo;
import org.pagerace.results.EnvFile;
import org.pagerace.results.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pagerace env}: the facts a run records, and whether a directory can host the file backing. */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = "Print kernel, filesystem of --fs, JDK, CPUs, and whether shared mappings and the safe store work there.")
final class EnvCommand implements Callable<Integer> {
    @Option(names = "--fs", paramLabel = "DIR", description = "directory to probe (default: the system temp dir)")
    Path fs = Path.of(System.getProperty("java.io.tmpdir"));

    @Option(names = "--json", description = "print env.json instead of text")
    boolean json;

    @Override
    public Integer call() {
        String problem = EnvInfo.probe(fs);
        EnvFile env = EnvInfo.document(fs, "env").withProbe(problem);
        if (json) {
            System.out.println(Json.tree(env).toPrettyString());
        } else {
            System.out.printf("kernel:          %s%n", env.kernel());
            System.out.printf("fs:              %s (%s)%n", env.fsType(), env.fsDir());
            System.out.printf("jdk:             %s (%s)%n", env.jdk(), env.jvm());
            System.out.printf("cpus:            %d (%s)%n", env.cpus(), env.cpuModel());
            System.out.printf("git commit:      %s%n", env.gitCommit());
            System.out.printf("shared mappings: %s%n", problem == null ? "yes" : "no: " + problem);
            System.out.printf("safe store:      %s%n", problem == null ? "yes (EFAULT beyond EOF, no SIGBUS)" : "no");
        }
        return problem == null ? 0 : 1;
    }
}
