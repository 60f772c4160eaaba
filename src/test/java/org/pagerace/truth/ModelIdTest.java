package org.pagerace.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.pagerace.fs.Filesystems;

/** The model id of a (filesystem, kernel release), and the model the registry resolves it to. */
class ModelIdTest {
    @Test
    void idIsTheModelNameAtTheKernelsMajorMinor() {
        assertEquals("ext4@5.10", Filesystems.idOnKernel("ext4", "5.10.0-32-amd64"));
        assertEquals("xfs@6.12", Filesystems.idOnKernel("xfs", "6.12.95+deb12-amd64"));
        assertEquals("shmem@7.2", Filesystems.idOnKernel("tmpfs", "7.2.13+deb14-amd64"), "tmpfs is the kernel's shmem");
        assertEquals("vfat@6.1", Filesystems.idOnKernel("vfat", "6.1.0-50-amd64"));
    }

    @Test
    void anIdNamesTheModelOfItsFilesystemInTheRegistry() {
        assertEquals("btrfs@5.12", Filesystems.resolve("btrfs@6.1").id());
        assertEquals("shmem@6.12", Filesystems.resolve(Filesystems.idOnKernel("tmpfs", "6.18.44-fc-v657")).id());
        assertThrows(IllegalArgumentException.class, () -> Filesystems.resolve("vfat@6.1"));
    }
}
