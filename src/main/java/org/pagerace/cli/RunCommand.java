package org.pagerace.cli;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.pagerace.check.Backings;
import org.pagerace.check.Grading;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.RaceRunner;
import org.pagerace.check.Sample;
import org.pagerace.check.TraceFormat;
import org.pagerace.fs.Model;
import org.pagerace.mm.Backing;
import org.pagerace.mm.Era;
import org.pagerace.sched.DelayInjection;
import org.pagerace.sched.StepScheduler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pagerace run}: one race, deterministically (the store to its end, then the partner, then a third actor if
 * the race has one; or the interleaving {@code --schedule} gives) with its timeline; or {@code --repeat N}
 * free-running races with delay injection and their histogram.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one race (or a given interleaving) and print it, or --repeat N races and their outcomes.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    ModelOption modelOption;

    @Option(names = "--race", required = true, paramLabel = "ID", description = "race partner id")
    String race;

    @Mixin
    BackingOption backingOption;

    @Option(names = "--schedule", paramLabel = "STEPS",
            description = "interleaving: comma-separated ACTOR:POINT (run the actor until POINT) or ACTOR (until it "
                    + "ends or blocks); actors fault, partner, third (or A, B, C)")
    String schedule;

    @Option(names = "--repeat", paramLabel = "N", description = "run N free-running races with delay injection")
    Long repeat;

    @Option(names = "--seed", paramLabel = "N", description = "delay-injection seed (default 1)")
    long seed = 1;

    @Option(names = "--no-delays", description = "with --repeat: no delay injection")
    boolean noDelays;

    @Override
    public Integer call() {
        Model m = modelOption.model();
        Race r = Race.byId(race);
        Era e = modelOption.era(m);
        if (!r.appliesTo(m)) {
            throw new IllegalArgumentException(m.id() + " × " + r.id() + ": " + r.whyNotApplicable(m)
                    + " (the race does not apply to this version)");
        }
        StepScheduler.parse(schedule);
        if (repeat != null && schedule != null) {
            throw new IllegalArgumentException("--schedule runs one race deterministically; --repeat runs free-running "
                    + "races with delay injection: give one of them");
        }
        if (repeat != null && repeat < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1");
        }
        String backing = backingOption.checked();
        Backing b = Backings.create(backing, backingOption.fs);
        if (repeat != null) {
            return repeat(m, r, e, b);
        }
        try {
            Sample s = Sample.create(m.create(e), r, b);
            Outcome o = null;
            String why = null;
            try (StepScheduler sched = new StepScheduler()) {
                s.actors().forEach(sched::actor);
                try {
                    sched.run(schedule);
                } catch (StepScheduler.Deadlock d) {
                    o = Outcome.DEADLOCK;
                    why = d.getMessage();
                } catch (StepScheduler.Timeout t) {
                    o = Outcome.TIMEOUT;
                    why = t.getMessage();
                }
                System.out.print(TraceFormat.columns(sched.trace(), r.actorNames(),
                        r.lanes(r.access().name().toLowerCase(java.util.Locale.ROOT) + " (" + m.id() + ", " + e.id()
                                + ")")));
                System.out.println();
                System.out.println("schedule: " + sched.schedule());
            }
            if (o == null) {
                o = s.judge();
            }
            System.out.println("outcome:  " + o.id() + " — " + o.consequence());
            if (why != null) {
                System.out.println("          " + why);
            }
            if (s.handlerError() != null) {
                System.out.println("          " + m.id() + " threw " + s.handlerError() + " at "
                        + firstFrame(s.handlerError()));
            }
            return undeclared(m, r, Set.of(o));
        } finally {
            b.close();
        }
    }

    /** Where {@code t} was thrown, as "Class.method:line". */
    static String firstFrame(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        return st.length == 0 ? "?" : st[0].getClassName() + "." + st[0].getMethodName() + ":" + st[0].getLineNumber();
    }

    private int repeat(Model m, Race r, Era e, Backing b) {
        DelayInjection delays = noDelays ? null : DelayInjection.defaults(seed);
        long t0 = System.nanoTime();
        Map<Outcome, Long> histogram;
        long samples;
        String stall;
        try (RaceRunner runner = new RaceRunner(m, r, e, b)) {
            histogram = runner.run(repeat, delays);
            samples = runner.samples();
            stall = runner.stall();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s × %s, %s era, %s backing, %d samples in %.2f s (%.0f/s), %s%n", m.id(), r.id(),
                e.id(), backingOption.kind, samples, seconds, samples / seconds, delays == null ? "no delays" : delays);
        for (Map.Entry<Outcome, Long> en : histogram.entrySet()) {
            Outcome o = en.getKey();
            System.out.printf("  %-17s %10d  %6.2f%%  %s%n", o.id(), en.getValue(), 100.0 * en.getValue() / samples,
                    o.isBug() ? "BUG: " + o.consequence() : "");
        }
        if (stall != null) {
            System.out.println("stopped by the watchdog (" + RaceRunner.WATCHDOG.toSeconds() + " s per sample): "
                    + stall);
            System.out.println("its shortest trace: pagerace explore --fs-model " + m.spec() + " --race "
                    + r.id());
            return 1;
        }
        return undeclared(m, r, histogram.keySet());
    }

    private static int undeclared(Model m, Race r, Set<Outcome> seen) {
        return Grading.exitCode(List.of(new Grading.Reached(m, r, seen)), System.out);
    }
}
