package org.pagerace.check;

import java.nio.file.Path;
import org.pagerace.mm.Backing;
import org.pagerace.mm.FileBacking;
import org.pagerace.mm.ModelBacking;

/** Makes the backing of a race sample: {@code model} (Java memory) or {@code file} (a real file in a directory). */
public final class Backings {
    public static final String MODEL = "model";
    public static final String FILE = "file";

    private Backings() {
    }

    /** A backing of kind {@code kind} for one sample's file; {@code dir} is where a file backing lives. */
    public static Backing create(String kind, Path dir) {
        switch (kind) {
            case MODEL:
                return new ModelBacking(Sample.SIZE, Sample.SIZE);
            case FILE:
                return FileBacking.create(dir, Sample.SIZE, Sample.SIZE);
            default:
                throw new IllegalArgumentException("unknown backing '" + kind + "' (valid: model, file)");
        }
    }
}
