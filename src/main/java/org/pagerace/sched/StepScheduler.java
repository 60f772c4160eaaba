package org.pagerace.sched;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A deterministic scheduler for the named points: the actors run on their own threads, but only one at a time,
 * and each stops at every point it passes until the controller lets it go on. A thread waiting for a lock stops at
 * a {@code WAIT_*} point and can only be stepped once the lock may be free. So a test (or the explorer) decides the
 * interleaving point by point, and the same decisions replay the same run.
 *
 * <p>A schedule is a comma-separated list of steps: {@code A:POINT} runs actor A until it stops at POINT (over any
 * other points in between), {@code A} runs A until it ends, waits for a lock another actor holds, or has taken
 * {@link #FAIRNESS} steps while another actor could run. Whatever the schedule leaves unfinished is then run to the
 * end, lowest-named actor first, switching when it blocks, or when it has taken {@link #FAIRNESS} steps in a row
 * while another actor could run (a fault retrying while a truncate is stopped half-way would otherwise spin
 * forever). {@link #trace()} is the list of steps taken, in the same form, so a trace fed back as a schedule
 * replays the run exactly.
 *
 * <p>Two ways to drive it. The controller can step actors one at a time ({@link #step}, {@link #run}): each step is
 * a round trip from the controller to the actor's thread and back. Or a {@link Chooser} decides at every stop
 * which actor goes next ({@link #runChoosing}): the stopped actor asks the chooser itself and hands control straight
 * to the next actor, or simply goes on if it is chosen again, so a step costs a call instead of two thread
 * switches; this is what the explorer uses. Both record the same {@link Step}s. Actors run on fresh threads, or on
 * the reusable threads of a {@link Threads} pool given to the constructor (starting two threads per run costs about
 * as much as a whole explored run).
 */
public final class StepScheduler implements PointHook, AutoCloseable {
    /** Consecutive steps of one actor, while another is enabled, after which {@link #finishAll()} switches. */
    public static final int FAIRNESS = 256;

    /** How long the controller waits for an actor to reach its next point before calling it hung. */
    /** How long one step may take before the run ends in {@link Timeout} (a step normally takes microseconds). */
    public static final long STEP_TIMEOUT_SECONDS = 10;

    private enum State { NEW, PARKED, BLOCKED, RUNNING, DONE }

    /**
     * Decides, under {@link #runChoosing}, which actor steps next. Called with every actor stopped: before the first
     * step and after every step, on the thread of the actor that just stopped (or on the caller's thread before the
     * first step), never concurrently.
     */
    @FunctionalInterface
    public interface Chooser {
        /**
         * The actor to step next: one of {@code enabled} (never empty), or null to abandon the run here.
         * {@code last} is the step just taken (null before the first); {@code enabled} lists the actors that can
         * step now, in name order.
         */
        String next(Step last, List<String> enabled);
    }

    /** Thrown on an actor's thread to unwind it when a run is abandoned. Never escapes the actor's thread. */
    private static final class Unwind extends Error {
        private static final long serialVersionUID = 1L;

        Unwind() {
            super("run abandoned", null, false, false);
        }
    }

    private final class Actor {
        final String name;
        final Runnable body;
        final Semaphore go = new Semaphore(0);
        volatile Thread thread;
        volatile State state = State.NEW;
        volatile Point at;
        volatile BooleanSupplier ready;
        volatile Throwable failure;

        Actor(String name, Runnable body) {
            this.name = name;
            this.body = body;
        }

        /** The actor's life on its thread: wait for the first go, run the body, report the end. */
        void live() {
            thread = Thread.currentThread();
            go.acquireUninterruptibly();
            try {
                if (!aborting) {
                    body.run();
                }
            } catch (Unwind u) {
                // abandoned: nothing to report
            } catch (Throwable t) {
                failure = t;
            } finally {
                state = State.DONE;
                at = null;
                ended(this);
            }
        }

        boolean enabled() {
            switch (state) {
                case NEW:
                case PARKED:
                    return true;
                case BLOCKED:
                    return ready.getAsBoolean();
                default:
                    return false;
            }
        }
    }

    /** One step of a run: the actor stepped, the point it stopped at (null: it finished), the events it caused. */
    public record Step(String actor, Point point, List<String> events) {
        /** The step in schedule form, {@code A:POINT} or {@code A}. */
        public String token() {
            return point == null ? actor : actor + ":" + point;
        }
    }

    private final Map<String, Actor> actors = new LinkedHashMap<>();
    private Actor[] actorArray = new Actor[0];
    private final Threads threads;
    private final Semaphore stopped = new Semaphore(0);
    private final Semaphore exited = new Semaphore(0);
    private final List<Step> trace = new ArrayList<>();
    private List<String> pendingEvents = new ArrayList<>();
    private PointHook previous;
    private boolean installed;

    /* Chooser mode: written by whichever thread holds control (hand-offs through semaphores order them). */
    private volatile Chooser chooser;
    private volatile boolean aborting;
    private Actor failed;
    private boolean deadlocked;
    private boolean abandoned;

    /** A scheduler whose actors run on fresh threads. */
    public StepScheduler() {
        this(null);
    }

    /** A scheduler whose actors run on threads of {@code threads} (null: fresh threads). */
    public StepScheduler(Threads threads) {
        this.threads = threads;
    }

    /**
     * Adds an actor; call before the first step. The order of adding is the default order ({@link #finishAll()});
     * a schedule may name the actor by its name or by its position's letter ({@code A}, {@code B}, {@code C}).
     */
    public StepScheduler actor(String name, Runnable body) {
        if (installed) {
            throw new IllegalStateException("actors must be added before the first step");
        }
        actors.put(name, new Actor(name, body));
        actorArray = actors.values().toArray(new Actor[0]);
        return this;
    }

    private void install() {
        if (!installed) {
            previous = Points.install(this);
            installed = true;
        }
    }

    // ---- PointHook: called on actor threads ----

    private Actor current() {
        Thread t = Thread.currentThread();
        for (Actor a : actorArray) {
            /* a finished actor's pooled thread may already run another actor of this run */
            if (a.thread == t && a.state != State.DONE) {
                return a;
            }
        }
        return null;
    }

    @Override
    public void at(Point point) {
        Actor a = current();
        if (a != null) {
            park(a, point, State.PARKED, null);
        }
    }

    @Override
    public void blocked(Point point, BooleanSupplier ready) {
        Actor a = current();
        if (a == null) {
            Thread.onSpinWait();
            return;
        }
        park(a, point, State.BLOCKED, ready);
    }

    @Override
    public void event(Event what, long index) {
        Actor a = current();
        if (a != null && !aborting) {
            synchronized (this) {
                pendingEvents.add(what.name().toLowerCase(java.util.Locale.ROOT) + "(" + index + ")");
            }
        }
    }

    private void park(Actor a, Point point, State state, BooleanSupplier ready) {
        if (aborting) {
            throw new Unwind();
        }
        a.at = point;
        a.ready = ready;
        a.state = state;
        if (chooser == null) {
            stopped.release();
        } else {
            Actor next = chooseAfter(record(a));
            if (next == a) {
                a.state = State.RUNNING;
                return;
            }
            handOff(next);
        }
        a.go.acquireUninterruptibly();
        if (aborting) {
            throw new Unwind();
        }
        a.state = State.RUNNING;
    }

    /** Called on an actor's thread when its body has returned (or thrown). */
    private void ended(Actor a) {
        if (aborting) {
            exited.release();
            return;
        }
        if (chooser == null) {
            stopped.release();
            return;
        }
        Step last = record(a);
        if (a.failure == null) {
            try {
                handOff(chooseAfter(last));
                return;
            } catch (RuntimeException | Error e) {
                a.failure = e;
            }
        }
        failed = a;
        stopped.release();
    }

    private Step record(Actor a) {
        List<String> events;
        synchronized (this) {
            events = pendingEvents;
            pendingEvents = new ArrayList<>();
        }
        Step s = new Step(a.name, a.at, events);
        synchronized (this) {
            trace.add(s);
        }
        return s;
    }

    /** Chooser mode: the actor to run after {@code last}, or null if the run ends (finished, deadlock, abandoned). */
    private Actor chooseAfter(Step last) {
        List<String> en = new ArrayList<>(actorArray.length);
        boolean allDone = true;
        for (Actor a : actorArray) {
            if (a.enabled()) {
                en.add(a.name);
            }
            allDone &= a.state == State.DONE;
        }
        if (en.isEmpty()) {
            deadlocked = !allDone;
            return null;
        }
        String name = chooser.next(last, en);
        if (name == null) {
            abandoned = true;
            return null;
        }
        if (!en.contains(name)) {
            throw new IllegalStateException("chooser picked " + name + ", which cannot step (enabled: " + en + ")");
        }
        return actors.get(name);
    }

    /** Gives control to {@code next}, or back to the controller if null. */
    private void handOff(Actor next) {
        if (next == null) {
            stopped.release();
            return;
        }
        boolean start = next.state == State.NEW;
        next.state = State.RUNNING;
        next.go.release();
        if (start) {
            launch(next);
        }
    }

    private void launch(Actor a) {
        if (threads != null) {
            threads.execute(a::live);
        } else {
            Thread t = new Thread(a::live, "pagerace-" + a.name);
            t.setDaemon(true);
            t.start();
        }
    }

    // ---- the controller ----

    /** The names of the actors that can take a step now. */
    public List<String> enabled() {
        install();
        List<String> names = new ArrayList<>();
        for (Actor a : actors.values()) {
            if (a.enabled()) {
                names.add(a.name);
            }
        }
        return names;
    }

    /** Whether every actor has finished. */
    public boolean finished() {
        for (Actor a : actors.values()) {
            if (a.state != State.DONE) {
                return false;
            }
        }
        return true;
    }

    /** The point actor {@code name} is stopped at (null if not started or finished). */
    public Point at(String name) {
        return actor(name).at;
    }

    /** Whether actor {@code name} is stopped waiting for a lock. */
    public boolean isBlocked(String name) {
        return actor(name).state == State.BLOCKED;
    }

    /**
     * Lets actor {@code name} run to its next point (or its end). Returns the point it stopped at, null if it
     * finished. Throws {@link IllegalStateException} if it cannot step now (finished, or waiting for a lock that is
     * held).
     */
    public Point step(String name) {
        install();
        checkUsable();
        Actor a = actor(name);
        if (!a.enabled()) {
            throw new IllegalStateException("actor " + name + " cannot step: "
                    + (a.state == State.DONE ? "finished" : "waiting at " + a.at + " for a held lock"));
        }
        handOff(a);
        await(stopped, "actor " + name + " did not reach a point in " + STEP_TIMEOUT_SECONDS + " s");
        record(a);
        if (a.failure != null) {
            Throwable t = a.failure;
            a.failure = null;
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw new IllegalStateException(t);
        }
        return a.at;
    }

    /** Steps actor {@code name} until it stops at {@code point}; throws if it finishes or blocks for good first. */
    public void runUntil(String name, Point point) {
        for (;;) {
            Point p = step(name);
            if (p == point) {
                return;
            }
            if (p == null) {
                throw new IllegalStateException("actor " + name + " finished without reaching " + point);
            }
            if (!actor(name).enabled()) {
                throw new IllegalStateException("actor " + name + " blocked at " + p + " before reaching " + point);
            }
        }
    }

    /**
     * Steps actor {@code name} until it finishes, waits for a lock another actor holds, or has taken
     * {@link #FAIRNESS} steps while another actor could run (a fault retrying against a stopped truncate).
     */
    public void runWhileEnabled(String name) {
        for (int n = 0; actor(name).enabled(); n++) {
            if (n >= FAIRNESS && enabled().size() > 1) {
                return;
            }
            step(name);
        }
    }

    /** Steps actor {@code name} to its end; throws if it blocks on a lock held by a stopped actor. */
    public void finish(String name) {
        while (actor(name).state != State.DONE) {
            step(name);
        }
    }

    /**
     * Runs everything to the end: the lowest-named enabled actor steps until it finishes or blocks. Throws
     * {@link Deadlock} if no actor can step.
     */
    public void finishAll() {
        install();
        String last = null;
        int run = 0;
        while (!finished()) {
            List<String> en = enabled();
            if (en.isEmpty()) {
                throw new Deadlock(describe());
            }
            String next = en.get(0);
            if (next.equals(last) && run >= FAIRNESS && en.size() > 1) {
                next = en.get(1);
            }
            run = next.equals(last) ? run + 1 : 1;
            last = next;
            step(next);
        }
    }

    /** Runs {@code schedule} (see the class comment), then {@link #finishAll()}. */
    public void run(String schedule) {
        for (String token : parse(schedule)) {
            int colon = token.indexOf(':');
            if (colon < 0) {
                runWhileEnabled(token);
            } else {
                runUntil(token.substring(0, colon), Point.byName(token.substring(colon + 1)));
            }
        }
        finishAll();
    }

    /**
     * Runs to the end with {@code chooser} deciding, before the first step and after every step, which enabled
     * actor steps next (it may start where earlier {@link #step}s left off). Control passes from the actor that
     * stopped straight to the chosen one; the caller waits until the run ends. Returns true when every actor has
     * finished, false if the chooser abandoned the run (returned null): the actors still stopped are then unwound
     * (an internal error thrown from their point, which runs the {@code finally} blocks on their way out) and the
     * scheduler cannot be stepped again. Throws {@link Deadlock} if no actor can step (the stopped actors are
     * unwound too), or rethrows an actor's failure.
     */
    public boolean runChoosing(Chooser chooser) {
        install();
        checkUsable();
        this.chooser = chooser;
        try {
            Actor first = chooseAfter(trace.isEmpty() ? null : trace.get(trace.size() - 1));
            if (first != null) {
                handOff(first);
                awaitProgress();
            }
        } finally {
            this.chooser = null;
        }
        if (failed != null) {
            Throwable t = failed.failure;
            failed.failure = null;
            unwindStopped();
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw new IllegalStateException(t);
        }
        if (deadlocked) {
            String why = describe();
            unwindStopped();
            throw new Deadlock(why);
        }
        if (abandoned) {
            unwindStopped();
            return false;
        }
        return true;
    }

    /** Unwinds every actor stopped at a point, and waits until their threads have left the actor bodies. */
    private void unwindStopped() {
        aborting = true;
        int n = 0;
        for (Actor a : actorArray) {
            if (a.state == State.PARKED || a.state == State.BLOCKED) {
                n++;
                a.go.release();
            }
        }
        if (n > 0) {
            try {
                if (!exited.tryAcquire(n, STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("abandoned actors did not unwind in " + STEP_TIMEOUT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private void checkUsable() {
        if (aborting) {
            throw new IllegalStateException("the run was abandoned; this scheduler cannot step again");
        }
    }

    /**
     * Waits for the end of a chooser-mode run, as long as it makes progress: {@link Timeout} only when no step was
     * taken for {@link #STEP_TIMEOUT_SECONDS} (a long run on a loaded machine is not a hang).
     */
    private void awaitProgress() {
        int seen = -1;
        for (;;) {
            try {
                if (stopped.tryAcquire(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            int now = stepCount();
            if (now == seen) {
                throw new Timeout("no step taken in " + STEP_TIMEOUT_SECONDS + " s (after " + now + " steps)");
            }
            seen = now;
        }
    }

    private int stepCount() {
        synchronized (this) {
            return trace.size();
        }
    }

    private static void await(Semaphore s, String timeoutMessage) {
        try {
            if (!s.tryAcquire(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new Timeout(timeoutMessage);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The tokens of a schedule string; throws {@link IllegalArgumentException} on an unknown point name. */
    public static List<String> parse(String schedule) {
        List<String> tokens = new ArrayList<>();
        if (schedule == null || schedule.isBlank()) {
            return tokens;
        }
        for (String raw : schedule.split(",")) {
            String t = raw.trim();
            if (t.isEmpty()) {
                continue;
            }
            int colon = t.indexOf(':');
            if (colon >= 0) {
                Point.byName(t.substring(colon + 1));
            }
            tokens.add(t);
        }
        return tokens;
    }

    /** The steps taken so far. */
    public List<Step> trace() {
        return List.copyOf(trace);
    }

    /** The number of steps taken so far. */
    public int steps() {
        return trace.size();
    }

    /** The trace as a schedule string that replays it. */
    public String schedule() {
        StringBuilder sb = new StringBuilder();
        for (Step s : trace) {
            sb.append(sb.length() == 0 ? "" : ",").append(s.token());
        }
        return sb.toString();
    }

    /**
     * The actor named {@code name}; a single capital letter names an actor by position where no actor has that
     * name ({@code A} the first added, {@code B} the second, {@code C} the third: the schedules written before
     * actors had names).
     */
    private Actor actor(String name) {
        Actor a = actors.get(name);
        if (a == null && name.length() == 1 && name.charAt(0) >= 'A' && name.charAt(0) - 'A' < actorArray.length) {
            a = actorArray[name.charAt(0) - 'A'];
        }
        if (a == null) {
            throw new IllegalArgumentException("unknown actor '" + name + "' (actors: " + actors.keySet() + ")");
        }
        return a;
    }

    private String describe() {
        StringBuilder sb = new StringBuilder("deadlock:");
        for (Actor a : actors.values()) {
            sb.append(' ').append(a.name).append(" waits at ").append(a.at);
        }
        return sb.toString();
    }

    /**
     * Removes the hook. Actors still stopped are left parked on daemon threads; they hold no lock that outlives
     * the sample they work on. With a {@link Threads} pool they are unwound instead, so that their threads go back
     * to the pool.
     */
    @Override
    public void close() {
        if (threads != null && !aborting) {
            unwindStopped();
        }
        if (installed) {
            Points.install(previous);
            installed = false;
        }
    }

    /** No actor can step, and not all have finished. */
    public static final class Deadlock extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Deadlock(String message) {
            super(message);
        }
    }

    /**
     * An actor ran for {@link #STEP_TIMEOUT_SECONDS} without reaching a point or its end (a handler that never
     * returns); its thread is left running and this scheduler cannot step again.
     */
    public static final class Timeout extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Timeout(String message) {
            super(message);
        }
    }

    /**
     * Reusable daemon threads for actors: a thread whose actor has finished waits for the next actor of any
     * scheduler built on this pool. Closing the pool ends the idle threads.
     */
    public static final class Threads implements AutoCloseable {
        private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
        private final AtomicInteger created = new AtomicInteger();
        private volatile boolean closed;

        private final class Worker extends Thread {
            final Semaphore go = new Semaphore(0);
            volatile Runnable task;

            Worker(int n) {
                super("pagerace-actor-" + n);
                setDaemon(true);
            }

            @Override
            public void run() {
                for (;;) {
                    go.acquireUninterruptibly();
                    Runnable t = task;
                    task = null;
                    if (t == null) {
                        return;
                    }
                    t.run();
                    idle.addFirst(this);
                    if (closed && idle.remove(this)) {
                        return;
                    }
                }
            }
        }

        void execute(Runnable task) {
            if (closed) {
                throw new IllegalStateException("thread pool closed");
            }
            Worker w = idle.pollFirst();
            if (w == null) {
                w = new Worker(created.incrementAndGet());
                w.start();
            }
            w.task = task;
            w.go.release();
        }

        /** How many threads the pool has started. */
        public int created() {
            return created.get();
        }

        @Override
        public void close() {
            closed = true;
            for (Worker w; (w = idle.pollFirst()) != null;) {
                w.task = null;
                w.go.release();
            }
        }
    }
}
