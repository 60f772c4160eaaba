package org.pagerace.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The state the fault benchmarks share: one filesystem model's file on one backing ({@link FaultRig}), checked quiet
 * before each iteration and closed after the trial. A subclass makes the rig in its own trial set-up.
 */
@State(Scope.Thread)
public abstract class RigState {
    @Param({"zero-unlocked", "sigbus", "nopage-locked", "unlocked-metadata", "find-or-create", "filemap",
        "invalidate-lock", "vmf-fs-error", "ext4@6.12"})
    public String model;

    @Param({"model", "file"})
    public String backing;

    /** Directory for the file backing; blank: the system temp dir. */
    @Param({""})
    public String fs;

    FaultRig rig;

    @Setup(Level.Iteration)
    public void check() {
        rig.checkQuiescent();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        rig.close();
    }
}
