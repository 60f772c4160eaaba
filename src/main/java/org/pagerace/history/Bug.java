package org.pagerace.history;

import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.mm.PageSize;

/**
 * One bug of the kernel's history ({@code HISTORY.md} in the project's notes) replayed as a pair of filesystem
 * models: the version {@link #before()} the fix, which must reach {@link #expected()} when racing
 * {@link #partner()}, and the version {@link #after()} it, which must reach no bug outcome in the same race.
 *
 * @param id            HISTORY.md's number ({@code H10}); a letter when one entry holds two fixes ({@code H1a})
 * @param fs            the filesystem the fix touched ({@code ext4}; {@code core} for the VM and generic code)
 * @param commit        the fix's hash abbreviated to 12 hex digits (fewer where only that much is known)
 * @param title         the fix's title as in the kernel's history
 * @param hashConfirmed whether the hash was found in the kernel's history; printed as "hash unconfirmed" if not
 * @param partner       the race partner
 * @param expected      the bug outcome the version before the fix reaches
 * @param before        the model id of the version before the fix ({@code ext4@9ea7df53})
 * @param after         the model id of the version after it ({@code ext4@ea3d7209})
 * @param blockSize     the block size both models are made with, in bytes (the page size unless the bug needs
 *                      blocks smaller than a page)
 */
public record Bug(String id, String fs, String commit, String title, boolean hashConfirmed, Race partner,
        Outcome expected, String before, String after, int blockSize) {
    public Bug {
        if (!expected.isBug()) {
            throw new IllegalArgumentException(id + ": " + expected + " is not a bug outcome");
        }
        if (!org.pagerace.fs.FileSystem.isBlockSize(blockSize)) {
            throw new IllegalArgumentException(id + ": block size " + blockSize);
        }
    }

    /** A bug replayed at the page size. */
    public Bug(String id, String fs, String commit, String title, boolean hashConfirmed, Race partner,
            Outcome expected, String before, String after) {
        this(id, fs, commit, title, hashConfirmed, partner, expected, before, after, PageSize.PAGE_SIZE);
    }

    /** This bug replayed with {@code bytes}-byte blocks instead. */
    public Bug withBlockSize(int bytes) {
        return new Bug(id, fs, commit, title, hashConfirmed, partner, expected, before, after, bytes);
    }

    /** Whether the bug needs blocks smaller than a page. */
    public boolean subPage() {
        return blockSize < PageSize.PAGE_SIZE;
    }

    /** How many actors the race has ({@link Race#actors()}: 2, or 3 where a third actor is needed). */
    public int actors() {
        return partner.actors();
    }

    /** {@code ea3d7209ca01 "ext4: fix races ..."}, with "(hash unconfirmed)" where it is, the title alone where no hash is known. */
    public String fix() {
        return (commit.isEmpty() ? "" : commit + " ") + "\"" + title + "\""
                + (hashConfirmed ? "" : commit.isEmpty() ? " (hash unknown)" : " (hash unconfirmed)");
    }
}
