package org.pagerace.truth;

import java.time.Instant;
import java.util.List;
import org.pagerace.env.EnvInfo;
import org.pagerace.results.TruthFile;

/**
 * {@code truth.json} ({@link TruthFile}) of a run: its settings, one {@code results} entry per (kernel,
 * filesystem, race) as {@link Comparison#entry()} makes it, the races that could not run and the QEMU boots the
 * rows came from.
 */
public final class TruthDocument {
    private TruthDocument() {
    }

    public static TruthFile of(List<Comparison> rows, List<RaceFailure> failures, List<TruthFile.Guest> guests,
            long iterations, long emulatedSamples, long seed) {
        return new TruthFile(EnvInfo.host(), EnvInfo.kernel(), Runtime.getRuntime().availableProcessors(),
                EnvInfo.gitCommit(), Instant.now().toString(), iterations, emulatedSamples, seed,
                rows.stream().map(c -> c.real().kernel()).distinct().toList(), guests,
                "pagerace-racer (native/truth/racer.c), on this host or inside the guests",
                "process_vm_writev to self: the real write fault and page_mkwrite, EFAULT where a plain store gets "
                        + "SIGBUS",
                "each side spins a uniform random delay in [0, J] after the barrier; J = 2 x the partner's median "
                        + "duration, measured first on the same file",
                rows.stream().map(Comparison::entry).toList(), failures.stream().map(RaceFailure::entry).toList());
    }
}
