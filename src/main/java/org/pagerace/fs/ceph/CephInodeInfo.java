package org.pagerace.fs.ceph;

import org.pagerace.fs.InodeInfo;

/**
 * {@code struct ceph_inode_info}, as far as the model needs it: the object the OSD orders a read of the file's
 * object against a zero op on it by (the OSD applies the ops on one object one at a time, so a read sees the object
 * wholly before or wholly after it was zeroed). No locks of ceph's own take part in the races: the caps
 * ({@code ceph_get_caps}) are always granted here.
 */
final class CephInodeInfo extends InodeInfo {
    /** pagerace: the OSD's one-at-a-time order of ops on the file's object (a read, a zero). */
    final Object osdObject = new Object();

    CephInodeInfo(int maxPages) {
        super(maxPages);
    }

    /** The ceph inode info of {@code inode}. */
    static CephInodeInfo ceph(org.pagerace.mm.Inode inode) {
        return (CephInodeInfo) inode.i_private;
    }
}
