package org.pagerace.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who else used the CPUs during a benchmark run, from {@code host-cpu.txt} files with round jiffies (CLK_TCK 100,
 * 2 CPUs, 100 s: 20,000 jiffies in all).
 */
class HostCpuTest {
    @TempDir
    Path tmp;

    private HostCpu read(String benchmarks, String after) throws IOException {
        Path f = Files.writeString(tmp.resolve(HostCpu.FILE), String.join("\n",
                "clk_tck 100", "cpus 2", "load_before 0.10 0.20 0.30 1/80 100",
                "before 1000 0 500 8000 10 0 5 0 0 0", "benchmarks " + benchmarks, "after " + after,
                "load_after 2.05 1.90 1.20 3/80 200", ""));
        return HostCpu.read(f);
    }

    @Test
    void benchmarksThatUsedEveryBusyJiffyLeaveNothingToOthers() throws IOException {
        /* 15,000 busy jiffies (user 12,000 + system 2,995 + softirq 5) and 5,000 idle = 100 s on 2 CPUs */
        HostCpu cpu = read("120.00 30.00", "cpu 13000 0 3495 13000 10 0 10 0 0 0");
        assertEquals(100.0, cpu.seconds(), 1e-9);
        assertEquals(150.0, cpu.busy(), 1e-9);
        assertEquals(0.0, cpu.otherShare(), 1e-9);
        assertTrue(cpu.warnings().isEmpty(), "a load average of 2.05 after the run is the benchmarks' own");
    }

    @Test
    void otherProcessesAndStealAreWarnedAbout() throws IOException {
        /* 19,000 busy jiffies, the benchmarks 150 s of them: others 40 s of 200; steal 1,000 of 20,000 jiffies */
        HostCpu cpu = read("120.00 30.00", "cpu 17000 0 3495 8000 10 0 10 1000 0 0");
        assertEquals(0.2, cpu.otherShare(), 1e-9);
        assertEquals(0.05, cpu.stealShare(), 1e-9, "5 % steal: at the threshold, not above it");
        assertEquals(1, cpu.warnings().size(), cpu.warnings().toString());
        assertTrue(cpu.warnings().get(0).contains("other processes used 20 %"), cpu.warnings().get(0));

        HostCpu stolen = read("120.00 30.00", "cpu 13000 0 3495 11000 10 0 10 2000 0 0");
        assertEquals(0.1, stolen.stealShare(), 1e-9);
        assertTrue(stolen.warnings().stream().anyMatch(w -> w.contains("stole 10 %")), stolen.warnings().toString());
    }

    @Test
    void anInterruptedRecordIsNoRecord() throws IOException {
        Path f = Files.writeString(tmp.resolve(HostCpu.FILE), "clk_tck 100\ncpus 2\nbefore 1 2 3 4 5 6 7 8 0 0\n");
        assertNull(HostCpu.read(f));
        assertNull(HostCpu.read(tmp.resolve("absent.txt")));
    }

    @Test
    void aSnapshotBeforeAndAfterReadsBack(@TempDir Path dir) throws Exception {
        String before = HostCpu.snapshot(false);
        long until = System.nanoTime() + 50_000_000L;
        while (System.nanoTime() < until) {
            Thread.onSpinWait(); /* let some jiffies pass */
        }
        Path file = dir.resolve(HostCpu.FILE);
        Files.writeString(file, before + HostCpu.snapshot(true));
        HostCpu cpu = HostCpu.read(file);
        assertNotNull(cpu, Files.readString(file));
        assertTrue(cpu.cpus() > 0, cpu.toString());
        assertTrue(cpu.seconds() > 0 && cpu.benchmarks() >= 0, cpu.toString());
    }
}
