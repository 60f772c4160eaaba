package org.pagerace.cli;

import java.nio.file.Path;
import org.pagerace.check.Backings;
import org.pagerace.env.EnvInfo;
import picocli.CommandLine.Option;

/** The options that say where a sample's pages live, shared by {@code run} and {@code explore}. */
final class BackingOption {
    @Option(names = "--backing", paramLabel = "KIND", description = "model (default) or file")
    String kind = Backings.MODEL;

    @Option(names = "--fs", paramLabel = "DIR", description = "directory for the file backing (default: temp dir)")
    Path fs = Path.of(System.getProperty("java.io.tmpdir"));

    /** {@code --backing}, checked: {@code model}, or {@code file} in a directory where shared mappings work. */
    String checked() {
        if (!Backings.MODEL.equals(kind) && !Backings.FILE.equals(kind)) {
            throw new IllegalArgumentException("unknown backing '" + kind + "' (valid: model, file)");
        }
        if (Backings.FILE.equals(kind)) {
            EnvInfo.checkDir(fs);
        }
        return kind;
    }

    /** The file backing's directory, or null for the model backing. */
    Path fileDir() {
        return Backings.FILE.equals(kind) ? fs : null;
    }
}
