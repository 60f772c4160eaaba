package org.pagerace.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pagerace.check.Sample;
import org.pagerace.fs.BlockMap;
import org.pagerace.fs.InodeInfo;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.Pte;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.SpinLock;
import org.pagerace.mm.VmAreaStruct;

/**
 * A snapshot of everything about a race sample that its threads share and the oracle reads: i_size, the locks, each
 * page-cache slot and pte (which folio, by identity), each such folio's flags, references, metadata and
 * preparation/cleaning ticks, the block map, the writes in flight and the file's data where the stores go. Two snapshots are equal when
 * the shared state is the same; what the threads hold in local variables is not in it.
 */
final class SampleState {
    private final Object[] values;

    private SampleState(Object[] values) {
        this.values = values;
    }

    static SampleState of(Sample s) {
        Inode inode = s.inode();
        AddressSpace mapping = inode.i_mapping;
        VmAreaStruct vma = s.vma();
        BlockMap blocks = BlockMap.of(inode);
        List<Object> v = new ArrayList<>(96);
        v.add(Inode.i_size_read(inode));
        v.add(RwSemaphore.rwsem_is_locked(inode.i_rwsem));
        v.add(RwSemaphore.rwsem_is_locked(mapping.invalidate_lock));
        v.add(RwSemaphore.rwsem_is_locked(mapping.i_mmap_rwsem));
        v.add(SpinLock.spin_is_locked(vma.ptl));
        for (RwSemaphore lock : InodeInfo.of(inode).locks()) {
            v.add(RwSemaphore.rwsem_is_locked(lock));
        }
        v.add(blocks.unbackedDirty());
        v.add(blocks.unbackedWrites());
        v.add(blocks.lastDiscard());
        v.add(blocks.enomemArmed());
        v.add(inode.s_bdev.pending());
        v.add(inode.s_bdev.unstableWrites());
        v.add(blocks.extensionReturned());
        for (int i = 0; i < mapping.maxPages(); i++) {
            for (int b = 0; b < blocks.blocksPerPage(); b++) {
                long pos = ((long) i << PageSize.PAGE_SHIFT) + (long) b * blocks.blockSize();
                v.add(blocks.blockStateAt(pos));
                v.add(blocks.holeDiscardedAt(pos) > 0);
            }
            Folio f = mapping.peek(i);
            v.add(f);
            addFolio(v, f);
            Pte pte = i < vma.pages() ? vma.ptep_get(i) : null;
            v.add(pte);
            if (pte != null && pte.folio() != f) {
                addFolio(v, pte.folio());
            }
        }
        v.add(inode.backing().size());
        v.add(inode.backing().read(Sample.PAGE_OFFSET));
        v.add(inode.backing().read(Sample.PAGE_OFFSET + Long.BYTES));
        v.add(inode.backing().read(s.storePos()));
        return new SampleState(v.toArray());
    }

    private static void addFolio(List<Object> v, Folio f) {
        if (f == null) {
            return;
        }
        v.add(f.mapping != null);
        v.add(Folio.folio_test_locked(f));
        v.add(Folio.folio_test_dirty(f));
        v.add(Folio.folio_test_uptodate(f));
        v.add(Folio.folio_test_writeback(f));
        v.add(f.priv);
        v.add(Folio.folio_ref_count(f));
        v.add(Folio.folio_mapcount(f));
        v.add(f.mkwriteSeq);
        v.add(f.cleanSeq);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampleState && Arrays.equals(values, ((SampleState) o).values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }
}
