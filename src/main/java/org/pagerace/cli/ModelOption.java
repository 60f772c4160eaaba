package org.pagerace.cli;

import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;
import org.pagerace.mm.Era;
import picocli.CommandLine.Option;

/**
 * The options that name one filesystem model, shared by {@code run} and {@code explore}: {@code --fs-model}, the
 * seed filesystem's {@code --era}, and {@code --classpath} for a user's classes.
 */
final class ModelOption {
    @Option(names = {"--fs-model", "--convention"}, paramLabel = "MODEL",
            description = "filesystem model: fs@version (ext4@6.12, ext4@pre-ea3d7209, xfs@5.10), a seed handler "
                    + "(seed2010/nopage-locked or nopage-locked), or the class name of your own")
    String spec;

    @Option(names = "--era", paramLabel = "ERA",
            description = "the caller of the seed filesystem's handlers: modern (default) or 2.6.37")
    String era;

    @Option(names = "--classpath", paramLabel = "PATH",
            description = "directories and jars with your own models (also PAGERACE_CLASSPATH)")
    String classpath;

    /** The model named, after {@code --classpath} is in effect. */
    Model model() {
        Filesystems.useClassPath(classpath);
        return Filesystems.resolve(spec);
    }

    /** The era to run {@code m} under: {@code --era} for the seed filesystem, the version's own otherwise. */
    Era era(Model m) {
        if (era == null) {
            return m.create().era();
        }
        Era e = Era.byId(era);
        if (!m.eraSelectable() && e != m.create().era()) {
            throw new IllegalArgumentException("--era: " + m.id() + " runs under the " + m.create().era().id()
                    + " caller; only seed2010's handlers take --era");
        }
        return e;
    }
}
