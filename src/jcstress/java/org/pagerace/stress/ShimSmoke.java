package org.pagerace.stress;

import static org.openjdk.jcstress.annotations.Expect.*;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.LJ_Result;
import org.pagerace.sys.MappedFile;

/*
 * Does the shim load in JCStress forks (which run with jna.noclasspath=true), and does its safe store survive a
 * real truncate racing with it? Actor 1 stores into page 1 of a real 2-page file through the safe store; actor 2
 * truncates the file to one page. A plain store would raise SIGBUS and kill the fork; the safe store must return
 * EFAULT instead, and nothing may survive the truncate.
 *
 *   java -jar target/jcstress.jar -t ShimSmoke -m sanity
 */
@JCStressTest
@Description("Safe store racing ftruncate on a real MAP_SHARED file: EFAULT, never SIGBUS.")
@Outcome(id = "STORED, 0", expect = ACCEPTABLE, desc = "The store landed, then the truncate discarded it.")
@Outcome(id = "EFAULT, 0", expect = ACCEPTABLE, desc = "The truncate came first: the safe store got EFAULT (a plain store: SIGBUS).")
@Outcome(expect = FORBIDDEN, desc = "Data survived the truncate, or the store failed otherwise.")
@State
public class ShimSmoke {
    private static final int PAGE = MappedFile.PAGE_SIZE;
    private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"));
    private static final ConcurrentLinkedQueue<MappedFile> POOL = new ConcurrentLinkedQueue<>();

    private final MappedFile file;

    public ShimSmoke() {
        MappedFile f = POOL.poll();
        if (f == null) {
            f = MappedFile.createTemp(DIR, 2L * PAGE, 2L * PAGE);
        } else {
            f.truncate(2L * PAGE);
        }
        file = f;
    }

    @Actor
    public void store(LJ_Result r) {
        r.r1 = file.tryStore(PAGE, 0x5AFE5AFEL) ? "STORED" : "EFAULT";
    }

    @Actor
    public void truncate() {
        file.truncate(PAGE);
    }

    @Arbiter
    public void check(LJ_Result r) {
        r.r2 = file.readLong(PAGE);
        POOL.add(file);
    }
}
