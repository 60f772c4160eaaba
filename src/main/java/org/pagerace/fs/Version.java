package org.pagerace.fs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.pagerace.mm.Era;

/**
 * Names the filesystem version a {@link FileSystem} class models. A version is a range of kernel releases opened by
 * the commit that changed the behaviour raced here: {@code ext4@ea3d7209} is ext4 from that commit on, until the
 * next version of ext4. A version that mirrors a release as a whole (the one whose sources were read) is named by
 * the release, e.g. {@code ext4@6.12}.
 *
 * <p>A version class extends its neighbour (the version before or after it) and overrides exactly the kernel
 * functions its commit changed, listed in {@link #changes()}; {@code FsVersionsTest} holds every class to that.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Version {
    /** The filesystem's name, as in {@code /proc/filesystems} ({@code ext4}, {@code xfs}, {@code tmpfs} is {@code shmem}). */
    String fs();

    /** The version's name: the commit's abbreviated hash (8 hex digits), or a release ({@code 2.6.37}, {@code 6.12}). */
    String id();

    /** The first mainline release with this behaviour, e.g. {@code 4.5}. */
    String release();

    /** The commit that opened this version, abbreviated to 12 hex digits; empty for a release. */
    String commit() default "";

    /** The commit's title, as in the kernel's history. */
    String title() default "";

    /** Whether the commit hash was checked against the kernel's history; printed as "hash unconfirmed" if not. */
    boolean hashConfirmed() default true;

    /** The kernel functions this version changes relative to the class it extends (kernel spelling). */
    String[] changes() default {};

    /** The kernel files and release this version mirrors, e.g. {@code Linux 6.12 fs/ext4/inode.c, fs/ext4/file.c}. */
    String mirrors();

    /** Which kernel's fault path (the caller of {@code ->page_mkwrite}) this version runs under. */
    Era era() default Era.MODERN;
}
