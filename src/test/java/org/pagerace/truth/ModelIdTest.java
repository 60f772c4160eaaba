package org.pagerace.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The model id of a (filesystem, kernel release), and the model an id names today. */
class ModelIdTest {
    @Test
    void idIsTheModelNameAtTheKernelsMajorMinor() {
        assertEquals("ext4@5.10", FsModel.modelIdFor("ext4", "5.10.0-32-amd64"));
        assertEquals("xfs@6.12", FsModel.modelIdFor("xfs", "6.12.95+deb12-amd64"));
        assertEquals("shmem@7.2", FsModel.modelIdFor("tmpfs", "7.2.13+deb14-amd64"), "tmpfs is the kernel's shmem");
        assertEquals("vfat@6.1", FsModel.modelIdFor("vfat", "6.1.0-50-amd64"));
    }

    @Test
    void anIdNamesTheModelOfItsFilesystem() {
        assertEquals(Optional.of(FsModel.BTRFS), FsModel.forModelId("btrfs@5.10"));
        assertEquals(Optional.of(FsModel.TMPFS), FsModel.forModelId("shmem@6.18"));
        assertTrue(FsModel.forModelId("vfat@6.1").isEmpty());
    }
}
