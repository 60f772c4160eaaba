package org.pagerace.stress;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import org.openjdk.jcstress.JCStress;
import org.openjdk.jcstress.Options;
import org.openjdk.jcstress.TestExecutor;
import org.openjdk.jcstress.infra.TestInfo;
import org.openjdk.jcstress.infra.collectors.DiskWriteCollector;
import org.openjdk.jcstress.infra.collectors.MuxCollector;
import org.openjdk.jcstress.infra.collectors.SerializedBufferCollector;
import org.openjdk.jcstress.infra.grading.ConsoleReportPrinter;
import org.openjdk.jcstress.infra.runners.TestConfig;
import org.openjdk.jcstress.infra.runners.TestList;
import org.openjdk.jcstress.os.OSSupport;
import org.openjdk.jcstress.os.Scheduler;
import org.openjdk.jcstress.os.SchedulingClass;
import org.openjdk.jcstress.os.topology.Topology;
import org.openjdk.jcstress.vm.CompileMode;
import org.openjdk.jcstress.vm.VMSupport;

/**
 * JCStress 0.16's {@code Main}, run with exactly the JVM configuration it is given: one fork per test and
 * scheduling class instead of two.
 *
 * <p>Given {@code -jvmArgs}, JCStress still runs every test twice on a JDK that has biased locking (JDK 17): it
 * mixes {@code -XX:+UseBiasedLocking} and {@code -XX:-UseBiasedLocking} into every configuration, and no option
 * turns that off. Our tests take no monitor on their race path, and a fork costs about half a second of JVM
 * start-up besides its samples, so the default run keeps only the {@code -XX:-UseBiasedLocking} variant, which is
 * JDK 17's default. Everything else is JCStress's own code, called in the order {@code JCStress.run()} calls it
 * with split compilation off ({@code -sc false}); {@code pagerace stress --all-jvm-configs} runs JCStress's
 * {@code Main} unchanged. Takes JCStress's command line.
 */
public final class OneConfigJcstress {
    private static final String BIASED = "-XX:+UseBiasedLocking";

    private OneConfigJcstress() {
    }

    public static void main(String[] args) throws Exception {
        Options opts = new Options(args);
        if (!opts.parse()) {
            System.exit(1);
        }
        if (opts.isSplitCompilation()) {
            throw new IllegalArgumentException("OneConfigJcstress runs unified compilation only: pass -sc false");
        }
        OSSupport.init();
        VMSupport.initFlags(opts);
        VMSupport.detectAvailableVMConfigs(false, opts.getJvmArgs(), opts.getJvmArgsPrepend());
        List<VMSupport.Config> vmConfigs = VMSupport.getAvailableVMConfigs();
        vmConfigs.removeIf(c -> c.args().contains(BIASED));
        if (vmConfigs.isEmpty()) {
            System.out.println("FATAL: No JVM configurations to run with.");
            return;
        }
        System.out.println("Running with " + vmConfigs.size() + " JVM configuration(s) (the biased-locking variant"
                + " is left out): " + vmConfigs.get(0).args());

        JCStress jcstress = new JCStress(opts);
        SortedSet<String> tests = jcstress.getTests();
        Scheduler scheduler = new Scheduler(Topology.get(), opts.getCPUCount());
        Map<Integer, List<SchedulingClass>> classes = new HashMap<>();
        List<TestConfig> forks = new ArrayList<>();
        for (VMSupport.Config config : vmConfigs) {
            for (String test : tests) {
                TestInfo info = TestList.getInfo(test);
                List<SchedulingClass> scls = classes.computeIfAbsent(info.threads(),
                        a -> scheduler.scheduleClasses(a, opts.getCPUCount(), opts.affinityMode()));
                int n = opts.getForks() * (config.stress() ? opts.getForksStressMultiplier() : 1);
                for (SchedulingClass scl : scls) {
                    for (int f = 0; f < n; f++) {
                        forks.add(new TestConfig(opts, info, f, config.args(), CompileMode.UNIFIED, scl));
                    }
                }
            }
        }
        Collections.shuffle(forks);
        opts.printSettingsOn(System.out);
        if (forks.isEmpty()) {
            System.out.println("FATAL: No matching tests.");
            return;
        }

        ConsoleReportPrinter printer = new ConsoleReportPrinter(opts, new PrintWriter(System.out, true), forks.size());
        DiskWriteCollector disk = new DiskWriteCollector(opts.getResultFile());
        SerializedBufferCollector sink = new SerializedBufferCollector(MuxCollector.of(printer, disk));
        TestExecutor executor = new TestExecutor(opts.verbosity(), sink, scheduler);
        printer.setExecutor(executor);
        executor.runAll(forks);
        sink.close();
        disk.close();
        printer.printFinishLine();
        System.out.println();
        System.out.println();
        jcstress.parseResults();
    }
}
