package org.pagerace.check;

import java.util.function.BooleanSupplier;
import org.pagerace.fs.FileSystem;
import org.pagerace.mm.Backing;
import org.pagerace.mm.EnvironmentException;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.KernelBug;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.StoreResult;
import org.pagerace.mm.UserAccess;
import org.pagerace.mm.VmAreaStruct;
import org.pagerace.sched.Spin;

/**
 * One race sample: a {@link #PAGES}-page file of a filesystem model, mapped shared, with page {@link #PAGE}
 * in the page cache and mapped read-only (as after a read, or after writeback), and the actors that race on it:
 * {@link #runStore()} (a user store into the page, through the fault path), {@link #runPartner()} (the
 * {@link Race}) and, in a three-actor race, {@link #runThird()}. {@link #judge()} classifies the finished sample.
 */
public final class Sample {
    /** Pages in the file. */
    public static final int PAGES = 4;
    /** The page the store goes to. */
    public static final long PAGE = 1;
    public static final long PAGE_OFFSET = PAGE << PageSize.PAGE_SHIFT;
    /** The file size at the start of a sample. */
    public static final long SIZE = (long) PAGES << PageSize.PAGE_SHIFT;
    /** What the store writes ("PAGERACE"). */
    public static final long VALUE = 0x4543415245474150L;
    /** What the {@code mkwrite} partner writes, 8 bytes further. */
    public static final long PARTNER_VALUE = 0x3254524150L;

    /** The actor that stores through the fault path ({@link #runStore()}): {@code fault} in traces and schedules. */
    public static final String FAULT = "fault";
    /** The race partner ({@link #runPartner()}): {@code partner}. */
    public static final String PARTNER = "partner";
    /** The third actor of a three-actor race ({@link #runThird()}): {@code third}. */
    public static final String THIRD = "third";

    final Race race;
    final FileSystem fs;
    /** Where the store goes: {@link Race#storeOffset()}. */
    final long storePos;
    /**
     * i_size at the start of the race when it ends inside the store's page (the EOF page's tail begins there: a
     * store into it before an extension returned is not part of the file), else {@link Long#MAX_VALUE}.
     */
    final long tailFrom;
    final Inode inode;
    final VmAreaStruct vma;
    final Folio initialFolio;

    /** partial-page: the tick at which the shrink to mid-page returned (0: not yet). */
    volatile long shrinkReturned;
    /** partial-page: the tick at which the extension back to {@link #SIZE} began (0: not yet). */
    volatile long extensionStarted;

    /**
     * {@code punch-hole} (and {@code punch-hole-read}): the folios the page cache held inside the punched range just
     * before the partner called the punch; null if no punch ran. None may still be there once the punch returned
     * ({@link Outcome#HOLE_NOT_EMPTY}).
     */
    volatile java.util.List<Folio> cachedWhenPunchBegan;

    volatile StoreResult store;
    volatile StoreResult partnerStore;
    /** In a race whose fault actor loads: whether the load ended in SIGBUS. */
    volatile boolean loadSigbus;
    volatile KernelBug bug;
    /** Whether a page was dirty when the {@code freeze} race's thaw began (set by {@link Race#FREEZE}'s third actor). */
    volatile boolean frozenDirty;
    /** {@code fsync}: the tick at which the partner's sync call began (0: it has not). */
    volatile long syncBegan;
    /**
     * {@code fsync}: what storage held of the store's page when the sync call returned ({@code BlockDevice.writtenAt}:
     * the tick of its last write to reach the disk), or -1 until it returned.
     */
    volatile long syncedAt = -1;
    /** What the model threw out of a kernel operation, other than a BUG_ON (null: nothing). */
    volatile Throwable handlerError;
    /** Whether the partner has returned (or thrown): a store still retrying after it can only livelock. */
    private volatile boolean partnerDone;
    /** Whether the store actor has returned (or thrown). */
    private volatile boolean storeDone;
    /** Whether the third actor has returned (or thrown); true from the start in a two-actor race. */
    private volatile boolean thirdDone;

    private Sample(FileSystem fs, Race race, Backing backing) {
        this.race = race;
        this.fs = fs;
        this.storePos = race.storeOffset();
        backing.reset(SIZE);
        Spin.aloneWhen(() -> true); // no actor runs yet: a delay injected here interleaves with nothing
        try {
            this.inode = fs.createInode(SIZE, backing, PAGES);
            this.vma = fs.mmap(inode, PAGES);
            if (UserAccess.load(vma, PAGE_OFFSET) != 0) {
                throw new IllegalStateException("the read fault on page " + PAGE + " gave SIGBUS");
            }
            this.initialFolio = inode.i_mapping.peek(PAGE);
            this.thirdDone = race.actors() < 3;
            race.setUp(this);
            long size = Inode.i_size_read(inode);
            this.tailFrom = size > PAGE_OFFSET && size < PAGE_OFFSET + PageSize.PAGE_SIZE ? size : Long.MAX_VALUE;
        } catch (EnvironmentException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new ModelFailure(fs.id(), "setting up a sample (before any race)", e);
        } finally {
            Spin.aloneWhen(null);
        }
    }

    /**
     * A fresh sample of filesystem {@code fs} (a new instance per sample) over {@code backing}, which is reset to
     * a sparse {@link #SIZE}-byte file.
     */
    public static Sample create(FileSystem fs, Race race, Backing backing) {
        return new Sample(fs, race, backing);
    }

    public FileSystem fs() {
        return fs;
    }

    public Race race() {
        return race;
    }

    public Inode inode() {
        return inode;
    }

    public VmAreaStruct vma() {
        return vma;
    }

    /**
     * Actor 1: the user store of {@link #VALUE} into page {@link #PAGE} at {@link Race#storeOffset()}; in a race whose
     * access is a load ({@link Race#access()}), a load from there instead (a read fault if the page is not mapped);
     * either after what the race has the fault actor do first ({@link Race#beforeStore}).
     */
    public void runStore() {
        if (race.access() == Race.Access.LOAD) {
            guarded(() -> {
                race.beforeStore(this);
                loadSigbus = UserAccess.load(vma, storePos) != 0;
            }, this::storeAlone, () -> storeDone = true);
            return;
        }
        guarded(() -> {
            race.beforeStore(this);
            store = UserAccess.store(vma, storePos, VALUE, this::storeAlone);
        }, this::storeAlone, () -> storeDone = true);
    }

    /**
     * Whether every actor but the store has returned: a store still retrying then can only livelock, and a wait in
     * the store's thread interleaves with nothing ({@link Spin}).
     */
    public boolean storeAlone() {
        return partnerDone && thirdDone;
    }

    /**
     * Whether every actor but the partner has returned: a partner's own store retrying then can only livelock
     * ({@code mkwrite}), and a wait in the partner's thread interleaves with nothing ({@link Spin}).
     */
    public boolean partnerAlone() {
        return storeDone && thirdDone;
    }

    /**
     * The actors of this sample by name, in the scheduler's default order: {@link #FAULT} (the store),
     * {@link #PARTNER}, and {@link #THIRD} if the race has three ({@link Race#actors()}).
     */
    public java.util.Map<String, Runnable> actors() {
        java.util.Map<String, Runnable> a = new java.util.LinkedHashMap<>();
        a.put(FAULT, this::runStore);
        a.put(PARTNER, this::runPartner);
        if (race.actors() > 2) {
            a.put(THIRD, this::runThird);
        }
        return a;
    }

    /** Whether the partner has finished (a third actor that waits for the partner's work uses this). */
    boolean partnerDone() {
        return partnerDone;
    }

    /** Actor 3 of a three-actor race ({@link Race#runThird}). */
    public void runThird() {
        guarded(() -> race.runThird(this), () -> storeDone && partnerDone, () -> thirdDone = true);
    }

    /** Actor 2: the race partner. */
    public void runPartner() {
        guarded(() -> race.run(this), this::partnerAlone, () -> partnerDone = true);
    }

    /**
     * Runs an actor's {@code body}: a kernel bug it hits is the sample's outcome, an environment error ends the run,
     * any other exception is the handler's error; {@code finished} then marks the actor done. The actor's waits end
     * early once {@code alone} holds ({@link Spin}).
     */
    private void guarded(Runnable body, BooleanSupplier alone, Runnable finished) {
        Spin.aloneWhen(alone);
        try {
            body.run();
        } catch (KernelBug e) {
            bug = e;
        } catch (EnvironmentException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            handlerError = e;
        } finally {
            Spin.aloneWhen(null);
            finished.run();
        }
    }

    /** What the model threw out of a kernel operation, other than a BUG_ON; null if nothing. */
    public Throwable handlerError() {
        return handlerError;
    }

    /** Classifies the finished sample. Context: every actor has returned. */
    public Outcome judge() {
        return Oracle.judge(this);
    }

    /** The store result of actor 1 (null until it ran, or if it hit a kernel bug). */
    public StoreResult store() {
        return store;
    }

    public KernelBug bug() {
        return bug;
    }

    /** Where actor 1 stores (a byte offset in the file). */
    public long storePos() {
        return storePos;
    }
}
