package org.pagerace.truth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.pagerace.env.EnvInfo;
import org.pagerace.results.Json;

/**
 * {@code truth.json}: schema {@value #SCHEMA} version {@value #VERSION}, the settings of the run, one
 * {@code results} entry per (kernel, filesystem, race) as {@link Comparison#toJson()} writes it, the races that
 * could not run ({@code failures}), and the QEMU boots the rows came from ({@code guests}; empty for a host run).
 * Version 2 added the kernel of every row, {@code kernels}, {@code guests} and the model id.
 */
public final class TruthDocument {
    public static final String SCHEMA = "pagerace-truth";
    public static final int VERSION = 3;

    private TruthDocument() {
    }

    public static ObjectNode of(List<Comparison> rows, List<RaceFailure> failures, List<GuestBoot> guests,
            long iterations, long emulatedSamples, long seed) {
        ObjectNode doc = Json.document(SCHEMA, VERSION);
        doc.put("host", EnvInfo.host());
        doc.put("kernel", EnvInfo.kernel()); // the host's; each row has its own
        doc.put("cpus", Runtime.getRuntime().availableProcessors());
        doc.put("git_commit", EnvInfo.gitCommit());
        doc.put("time_utc", java.time.Instant.now().toString());
        doc.put("iterations", iterations);
        doc.put("emulated_samples", emulatedSamples);
        doc.put("seed", seed);
        ArrayNode kernels = doc.putArray("kernels");
        rows.stream().map(c -> c.real().kernel()).distinct().forEach(kernels::add);
        ArrayNode boots = doc.putArray("guests");
        guests.forEach(g -> boots.add(g.toJson()));
        doc.put("racer", "pagerace-racer (native/truth/racer.c), on this host or inside the guests");
        doc.put("store", "process_vm_writev to self: the real write fault and page_mkwrite, "
                + "EFAULT where a plain store gets SIGBUS");
        doc.put("delay", "each side spins a uniform random delay in [0, J] after the barrier; "
                + "J = 2 x the partner's median duration, measured first on the same file");
        ArrayNode results = doc.putArray("results");
        rows.forEach(c -> results.add(c.toJson()));
        ArrayNode failed = doc.putArray("failures");
        failures.forEach(f -> failed.add(f.toJson()));
        return doc;
    }
}
