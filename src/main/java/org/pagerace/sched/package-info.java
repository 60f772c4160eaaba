/**
 * The harness's control of a race: the named points where an actor may be stopped or delayed
 * ({@link org.pagerace.sched.Point}, {@link org.pagerace.sched.Points}), the events recorded there, the
 * deterministic {@link org.pagerace.sched.StepScheduler} and the random {@link org.pagerace.sched.DelayInjection}.
 * Not kernel code. Uses {@code results}; used by {@code mm} and everything above it.
 */
package org.pagerace.sched;
