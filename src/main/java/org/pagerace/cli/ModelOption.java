package org.pagerace.cli;

import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;
import org.pagerace.mm.Era;
import org.pagerace.mm.PageSize;
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

    @Option(names = "--block-size", paramLabel = "BYTES",
            description = "the filesystem's block size (mkfs): 1024, 2048 or the page size (default)")
    Integer blockSize;

    /** The model named, after {@code --classpath} is in effect, with {@code --block-size}. */
    Model model() {
        Filesystems.useClassPath(classpath);
        return blockSized(Filesystems.resolve(spec));
    }

    /** {@code m} made with {@code --block-size} (unchanged without it). */
    Model blockSized(Model m) {
        if (blockSize == null) {
            return m;
        }
        return m.withBlockSize(checkBlockSize(blockSize));
    }

    /** {@code bytes} if it is 1024, 2048 or the page size; a usage error otherwise. */
    static int checkBlockSize(int bytes) {
        if (bytes != 1024 && bytes != 2048 && bytes != PageSize.PAGE_SIZE) {
            throw new IllegalArgumentException("--block-size " + bytes + ": 1024, 2048 or the page size ("
                    + PageSize.PAGE_SIZE + ")");
        }
        return bytes;
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
