package org.pagerace.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pagerace.report.EnvInfo;
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
        var env = EnvInfo.document(fs, "env");
        String problem = EnvInfo.probe(fs);
        env.put("shared_mappings", problem == null);
        env.put("safe_store", problem == null);
        if (problem != null) {
            env.put("problem", problem);
        }
        if (json) {
            System.out.println(env.toPrettyString());
        } else {
            System.out.printf("kernel:          %s%n", env.get("kernel").asText());
            System.out.printf("fs:              %s (%s)%n", env.get("fs_type").asText(), env.get("fs_dir").asText());
            System.out.printf("jdk:             %s (%s)%n", env.get("jdk").asText(), env.get("jvm").asText());
            System.out.printf("cpus:            %d (%s)%n", env.get("cpus").asInt(), env.get("cpu_model").asText());
            System.out.printf("git commit:      %s%n", env.get("git_commit").asText());
            System.out.printf("shared mappings: %s%n", problem == null ? "yes" : "no: " + problem);
            System.out.printf("safe store:      %s%n", problem == null ? "yes (EFAULT beyond EOF, no SIGBUS)" : "no");
        }
        return problem == null ? 0 : 1;
    }
}
