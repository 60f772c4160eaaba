package org.pagerace.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pagerace.results.BenchSummaryFile;

/**
 * Who else used the CPUs while the benchmarks ran, from {@value #FILE} as {@link BenchRun} writes it ({@link
 * #snapshot}): the
 * {@code cpu} line of {@code /proc/stat} before and after the run ({@code before}, {@code after}), the CPU seconds
 * of the benchmark processes themselves ({@code benchmarks USER SYS}: the user and system CPU seconds of this
 * process's finished children, the JMH process tree, from {@code /proc/self/stat}), {@code clk_tck}, {@code cpus} (the {@code cpuN} lines of {@code /proc/stat}), and the load averages ({@code load_before}, {@code load_after}, for information).
 *
 * <p>A load average cannot say this: the pressure benchmarks keep both CPUs busy themselves, so an idle machine
 * shows a load of 2 after them. Instead, the CPU time spent in user and system mode on all CPUs during the run,
 * less what the benchmark processes used, is what other processes (and kernel threads) took: {@link #otherShare()},
 * as a share of the CPUs' capacity over the run. {@link #stealShare()} is the time the hypervisor gave the VM's
 * CPUs to someone else ({@code steal}), a noisy neighbour the guest cannot see otherwise.
 *
 * @param seconds    the run's length (elapsed jiffies of all CPUs / CPUs / {@code clk_tck})
 * @param cpus       the CPUs {@code /proc/stat} accounts for
 * @param benchmarks CPU seconds of the benchmark processes
 * @param busy       CPU seconds of all CPUs in user, nice, system, irq and softirq mode
 * @param steal      CPU seconds stolen by the hypervisor
 */
public record HostCpu(double seconds, int cpus, double benchmarks, double busy, double steal, String loadBefore,
        String loadAfter) {
    /** The file in a run folder. */
    public static final String FILE = "host-cpu.txt";

    /** Above this share of the CPUs' capacity, other work or steal is worth a warning. */
    static final double WARN_SHARE = 0.05;

    /* the fields of a /proc/stat cpu line, in jiffies (proc(5)) */
    private static final int USER = 0;
    private static final int NICE = 1;
    private static final int SYSTEM = 2;
    private static final int IRQ = 5;
    private static final int SOFTIRQ = 6;
    private static final int STEAL = 7;
    private static final int GUEST = 8;
    private static final int GUEST_NICE = 9;

    /**
     * The lines of {@value #FILE} that describe the machine now: before the run ({@code clk_tck}, {@code cpus},
     * {@code load_before}, {@code before}), or after it ({@code benchmarks}, {@code after}, {@code load_after}).
     */
    static String snapshot(boolean after) throws IOException {
        List<String> stat = Files.readAllLines(Path.of("/proc/stat"));
        String cpu = stat.stream().filter(l -> l.startsWith("cpu ")).findFirst().orElse("cpu").substring(3).trim();
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        if (!after) {
            long cpus = stat.stream().filter(l -> l.matches("cpu[0-9]+ .*")).count();
            return "clk_tck " + CLK_TCK + "\ncpus " + cpus + "\nload_before " + load + "\nbefore " + cpu + "\n";
        }
        String self = Files.readString(Path.of("/proc/self/stat"));
        String[] f = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+");
        /* proc(5): fields 16 and 17, cutime and cstime, are the 14th and 15th after the command name */
        return String.format(Locale.ROOT, "benchmarks %.2f %.2f%nafter %s%nload_after %s%n",
                Long.parseLong(f[13]) / (double) CLK_TCK, Long.parseLong(f[14]) / (double) CLK_TCK, cpu, load);
    }

    /** The kernel's clock ticks per second, in which /proc reports CPU time ({@code getconf CLK_TCK}; 100 if unknown). */
    private static final long CLK_TCK = clockTicks();

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
            return p.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** Reads {@code file}; null if it is absent or not complete (an interrupted run). */
    public static HostCpu read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Map<String, String[]> lines = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2) {
                    lines.put(f[0], java.util.Arrays.copyOfRange(f, 1, f.length));
                }
            }
        } catch (IOException e) {
            return null;
        }
        try {
            long[] before = jiffies(lines.get("before"));
            long[] after = jiffies(lines.get("after"));
            String[] bench = lines.get("benchmarks");
            double tck = Double.parseDouble(lines.get("clk_tck")[0]);
            long[] d = new long[before.length];
            long total = 0;
            for (int i = 0; i < d.length; i++) {
                d[i] = after[i] - before[i];
                if (i != GUEST && i != GUEST_NICE) { /* guest time is already counted in user and nice */
                    total += d[i];
                }
            }
            if (total <= 0) {
                return null;
            }
            long busy = d[USER] + d[NICE] + d[SYSTEM] + d[IRQ] + d[SOFTIRQ];
            int cpus = Integer.parseInt(lines.get("cpus")[0]);
            return new HostCpu(total / tck / cpus, cpus, Double.parseDouble(bench[0]) + Double.parseDouble(bench[1]),
                    busy / tck, d[STEAL] / tck, String.join(" ", lines.getOrDefault("load_before", new String[0])),
                    String.join(" ", lines.getOrDefault("load_after", new String[0])));
        } catch (RuntimeException e) { /* a missing line or field: an interrupted or hand-edited file */
            return null;
        }
    }

    /** The ten counters of a {@code cpu} line (its first field, the name, dropped if present). */
    private static long[] jiffies(String[] fields) {
        int skip = fields[0].equals("cpu") ? 1 : 0;
        long[] j = new long[10];
        for (int i = 0; i < j.length && i + skip < fields.length; i++) {
            j[i] = Long.parseLong(fields[i + skip]);
        }
        return j;
    }

    /** CPU time others took, as a share of all CPUs over the run (0 when the benchmarks account for it all). */
    public double otherShare() {
        return Math.max(0, busy - benchmarks) / (seconds * cpus);
    }

    /** CPU time the hypervisor stole, as a share of all CPUs over the run. */
    public double stealShare() {
        return steal / (seconds * cpus);
    }

    /** The warnings this calls for: none on a machine the benchmarks had to themselves. */
    public List<String> warnings() {
        List<String> w = new java.util.ArrayList<>();
        if (otherShare() > WARN_SHARE) {
            w.add(String.format(Locale.ROOT, "other processes used %.0f %% of the %d CPUs during the run (%.0f of "
                    + "%.0f CPU seconds were not the benchmarks'): expect wide error bars and inflated times",
                    100 * otherShare(), cpus, Math.max(0, busy - benchmarks), seconds * cpus));
        }
        if (stealShare() > WARN_SHARE) {
            w.add(String.format(Locale.ROOT, "the hypervisor stole %.0f %% of the CPUs' time during the run: the "
                    + "host was shared; expect wide error bars and inflated times", 100 * stealShare()));
        }
        return w;
    }

    /** The {@code host_cpu} object of {@code bench-summary.json}. */
    /** The {@code host_cpu} of bench-summary.json. */
    public BenchSummaryFile.HostCpu share() {
        return new BenchSummaryFile.HostCpu(seconds, cpus, benchmarks, busy, steal, otherShare(), stealShare(),
                loadBefore, loadAfter);
    }
}
