package org.pagerace.mm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
 */
public final class StepScheduler implements PointHook, AutoCloseable {
    /** Consecutive steps of one actor, while another is enabled, after which {@link #finishAll()} switches. */
    public static final int FAIRNESS = 256;

    /** How long the controller waits for an actor to reach its next point before calling it hung. */
    private static final long STEP_TIMEOUT_SECONDS = 30;

    private enum State { NEW, PARKED, BLOCKED, RUNNING, DONE }

    private final class Actor {
        final String name;
        final Thread thread;
        final Semaphore go = new Semaphore(0);
        volatile State state = State.NEW;
        volatile Point at;
        volatile BooleanSupplier ready;
        volatile Throwable failure;

        Actor(String name, Runnable body) {
            this.name = name;
            this.thread = new Thread(() -> {
                go.acquireUninterruptibly();
                try {
                    body.run();
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    state = State.DONE;
                    at = null;
                    stopped.release();
                }
            }, "pagerace-" + name);
            this.thread.setDaemon(true);
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
    private final Map<Thread, Actor> byThread = new LinkedHashMap<>();
    private final Semaphore stopped = new Semaphore(0);
    private final List<Step> trace = new ArrayList<>();
    private List<String> pendingEvents = new ArrayList<>();
    private PointHook previous;
    private boolean installed;

    /** Adds an actor; call before the first step. Names sort the default order ({@code A} before {@code B}). */
    public StepScheduler actor(String name, Runnable body) {
        if (installed) {
            throw new IllegalStateException("actors must be added before the first step");
        }
        Actor a = new Actor(name, body);
        actors.put(name, a);
        byThread.put(a.thread, a);
        return this;
    }

    private void install() {
        if (!installed) {
            previous = Points.install(this);
            installed = true;
        }
    }

    // ---- PointHook: called on actor threads ----

    @Override
    public void at(Point point) {
        Actor a = byThread.get(Thread.currentThread());
        if (a != null) {
            park(a, point, State.PARKED, null);
        }
    }

    @Override
    public void blocked(Point point, BooleanSupplier ready) {
        Actor a = byThread.get(Thread.currentThread());
        if (a == null) {
            Thread.onSpinWait();
            return;
        }
        park(a, point, State.BLOCKED, ready);
    }

    @Override
    public void event(Event what, long index) {
        Actor a = byThread.get(Thread.currentThread());
        if (a != null) {
            synchronized (this) {
                pendingEvents.add(what.name().toLowerCase(java.util.Locale.ROOT) + "(" + index + ")");
            }
        }
    }

    private void park(Actor a, Point point, State state, BooleanSupplier ready) {
        a.at = point;
        a.ready = ready;
        a.state = state;
        stopped.release();
        a.go.acquireUninterruptibly();
        a.state = State.RUNNING;
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
        Actor a = actor(name);
        if (!a.enabled()) {
            throw new IllegalStateException("actor " + name + " cannot step: "
                    + (a.state == State.DONE ? "finished" : "waiting at " + a.at + " for a held lock"));
        }
        if (a.state == State.NEW) {
            a.state = State.RUNNING;
            a.thread.start();
        } else {
            a.state = State.RUNNING;
        }
        a.go.release();
        try {
            if (!stopped.tryAcquire(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("actor " + name + " did not reach a point in "
                        + STEP_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        List<String> events;
        synchronized (this) {
            events = pendingEvents;
            pendingEvents = new ArrayList<>();
        }
        trace.add(new Step(name, a.at, events));
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

    /** The trace as a schedule string that replays it. */
    public String schedule() {
        StringBuilder sb = new StringBuilder();
        for (Step s : trace) {
            sb.append(sb.length() == 0 ? "" : ",").append(s.token());
        }
        return sb.toString();
    }

    private Actor actor(String name) {
        Actor a = actors.get(name);
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
     * the sample they work on.
     */
    @Override
    public void close() {
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
}
