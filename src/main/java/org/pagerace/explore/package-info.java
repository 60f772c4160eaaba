/**
 * Deterministic exploration of every interleaving of the named points ({@link org.pagerace.sched.Point}) of a race,
 * up to a preemption bound, with a replayable trace for every bug outcome.
 *
 * <ul>
 *   <li>{@link org.pagerace.explore.Explorer} runs the two actors of a {@link org.pagerace.check.Sample} under a
 *       {@link org.pagerace.sched.StepScheduler} with a chooser, once per interleaving, on a fresh sample each time;
 *       {@link org.pagerace.explore.BoundedSearch} is the depth-first search over the choices and the preemption
 *       bound; {@link org.pagerace.explore.SpinDetector} cuts fault-retry loops short.</li>
 *   <li>{@link org.pagerace.explore.Exploration} is what one (model, race, era) reaches, with the
 *       completeness statement; {@link org.pagerace.explore.Trace} one interleaving, replayed and shortened by
 *       {@link org.pagerace.explore.Schedules}, drawn by {@link org.pagerace.explore.TracePicture}.</li>
 *   <li>{@link org.pagerace.explore.ExploreReport} writes {@code explore.json} (schema {@code pagerace-explore}
 *       v1: {@code bound}, {@code backing}, {@code spin_reduction}, {@code interleavings}, {@code seconds},
 *       {@code interleavings_per_s}, and per test {@code model}, {@code race}, {@code era}, {@code bound},
 *       {@code interleavings}, {@code complete}, {@code outcomes} (id → interleavings), {@code statement},
 *       {@code bugs} (outcome, shortest {@code schedule}, {@code full_schedule}, {@code steps},
 *       {@code preemptions}, {@code replays}, {@code command}, {@code png}, {@code timeline}, {@code trace});
 *       after a cross-check also {@code findings}, {@code blind_spots} and {@code cross_check});
 *       {@link org.pagerace.explore.StressCrossCheck} compares with a stress run's {@code stress.json}.</li>
 * </ul>
 *
 * <p>What the bound costs and finds: {@code time java -jar target/pagerace.jar explore --all --bound K --out DIR}
 * (8 conventions × 8 races × 2 eras, model backing), one series on the 2-vCPU development VM while other JVMs kept
 * its load average at 11–13, so the times are pessimistic. "explore" is the time spent running interleavings,
 * "wall" the whole command, which also starts the JVM and replays, shortens and draws the bug traces.
 * <pre>
 *   K   interleavings   explore   rate       wall     bug outcomes reachable
 *   0             256    0.17 s    1468/s     2.5 s    4: SPURIOUS_SIGBUS of zero-unlocked and sigbus × enomem
 *   1            1562    0.36 s    4391/s     7.5 s    40 (model, race, era, bug); outcome sets as at K = 2…6
 *   2            5936    1.08 s    5478/s     8.1 s    the same 40 and the same outcome sets as at K = 1
 *   3           18933    1.98 s    9575/s    10.5 s    the same
 *   4           51408    5.63 s    9132/s    14.8 s    the same
 *   5          127493    9.49 s   13430/s    18.3 s    the same
 *   6          254178   16.86 s   15074/s    25.0 s    the same
 * </pre>
 * Spin reduction ({@code --no-spin-reduction} turns it off): 5936 against 7912 interleavings at K = 2, 18933
 * against 33733 at K = 3, 51408 against 118532 at K = 4, with identical outcome sets in all 128 tests at each K.
 */
package org.pagerace.explore;
