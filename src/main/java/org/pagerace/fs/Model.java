package org.pagerace.fs;

import java.util.function.Function;
import org.pagerace.mm.Era;

/**
 * A filesystem model the harness can race: a {@link FileSystem} class at its {@link Version}, or one of the seed
 * thread's handlers inside the 2010 generic filesystem ({@code seed2010/<handler>}). {@link Filesystems} lists and
 * resolves them; {@link #create} makes a fresh instance for one race sample.
 *
 * @param id       the model's id: {@code ext4@6.12}, {@code seed2010/nopage-locked}, or a user's class name
 * @param fs       the filesystem's name ({@code ext4}, {@code seed2010}, or the class name)
 * @param version  the version annotation (null for a user's unannotated class)
 * @param summary  one line: what the model does
 * @param spec     what {@link Filesystems#resolve} takes to find this model again: the id of a registered model,
 *                 the class name of one loaded by name (a user's class not listed in a services file)
 * @param factory  a new instance, given the era to run under (null: the version's own)
 */
public record Model(String id, String fs, Version version, String summary, String spec,
        Function<Era, FileSystem> factory) {
    /**
     * This model made with {@code bytes}-byte blocks (mkfs's block size; {@code --block-size}): every instance it
     * creates has them. The id stays the same: the block size belongs to the instance, not to the version.
     */
    public Model withBlockSize(int bytes) {
        if (!FileSystem.isBlockSize(bytes)) {
            throw new IllegalArgumentException("--block-size " + bytes + ": a power of two from 512 to the page size ("
                    + org.pagerace.mm.PageSize.PAGE_SIZE + ")");
        }
        Function<Era, FileSystem> made = factory;
        return new Model(id, fs, version, summary, spec, era -> made.apply(era).withBlockSize(bytes));
    }

    /** The block size of the instances this model creates, in bytes. */
    public int blockSize() {
        return create().blockSize();
    }

    /** A fresh filesystem instance under its own era. */
    public FileSystem create() {
        return factory.apply(null);
    }

    /** A fresh instance under {@code era} (only the seed filesystem runs under either caller). */
    public FileSystem create(Era era) {
        return factory.apply(era);
    }

    /** The first release with this version's behaviour ("" if unknown). */
    public String release() {
        return version != null ? version.release() : "";
    }

    /** The kernel files and release mirrored ("" if unknown). */
    public String mirrors() {
        return version != null ? version.mirrors() : "";
    }

    /** Whether this model takes {@code --era} (the seed thread's filesystem does; every other version has its own). */
    public boolean eraSelectable() {
        return Filesystems.SEED.equals(fs);
    }

    /** The commit as the project prints it: hash and title, with "hash unconfirmed" where it was not checked. */
    public String commit() {
        if (version == null || version.commit().isEmpty()) {
            return "";
        }
        return version.commit() + (version.hashConfirmed() ? "" : " (hash unconfirmed)") + " \"" + version.title() + "\"";
    }
}
