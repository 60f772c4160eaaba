package org.pagerace.sys;

/**
 * The errno values the shim returns (negated) that the Java side tells apart, with their names, so a failed
 * call can be reported as {@code "ftruncate /tmp/x: EINVAL (Invalid argument)"}.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int ENOTDIR = 20;
    public static final int EINVAL = 22;
    public static final int EFBIG = 27;
    public static final int ENOSPC = 28;
    public static final int EROFS = 30;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOSYS = 38;
    public static final int EOPNOTSUPP = 95;
    public static final int EDQUOT = 122;

    private Errno() {
    }

    /** The symbolic name of errno {@code e} (positive), or {@code "errno N"}. */
    public static String name(int e) {
        switch (e) {
            case EPERM: return "EPERM";
            case ENOENT: return "ENOENT";
            case EIO: return "EIO";
            case EBADF: return "EBADF";
            case EAGAIN: return "EAGAIN";
            case ENOMEM: return "ENOMEM";
            case EACCES: return "EACCES";
            case EFAULT: return "EFAULT";
            case EBUSY: return "EBUSY";
            case EEXIST: return "EEXIST";
            case ENODEV: return "ENODEV";
            case ENOTDIR: return "ENOTDIR";
            case EINVAL: return "EINVAL";
            case EFBIG: return "EFBIG";
            case ENOSPC: return "ENOSPC";
            case EROFS: return "EROFS";
            case ENAMETOOLONG: return "ENAMETOOLONG";
            case ENOSYS: return "ENOSYS";
            case EOPNOTSUPP: return "EOPNOTSUPP";
            case EDQUOT: return "EDQUOT";
            default: return "errno " + e;
        }
    }

    /** A short description of errno {@code e} (positive), e.g. {@code "EROFS (read-only file system)"}. */
    public static String describe(int e) {
        switch (e) {
            case ENOENT: return "ENOENT (no such file or directory)";
            case EACCES: return "EACCES (permission denied)";
            case EFAULT: return "EFAULT (bad address: beyond EOF)";
            case EINVAL: return "EINVAL (invalid argument)";
            case ENOSPC: return "ENOSPC (no space left on device)";
            case EROFS: return "EROFS (read-only file system)";
            case ENODEV: return "ENODEV (no shared mappings on this filesystem)";
            case ENOTDIR: return "ENOTDIR (not a directory)";
            case EOPNOTSUPP: return "EOPNOTSUPP (operation not supported)";
            case ENOSYS: return "ENOSYS (not implemented by this kernel)";
            case ENAMETOOLONG: return "ENAMETOOLONG (path too long)";
            case EDQUOT: return "EDQUOT (disk quota exceeded)";
            case EIO: return "EIO (input/output error)";
            default: return name(e);
        }
    }
}
