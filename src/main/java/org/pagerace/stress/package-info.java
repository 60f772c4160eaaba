/**
 * The main job: running the JCStress suite ({@code src/jcstress}), grading its results against the expectations,
 * and writing {@code stress.json} ({@link org.pagerace.results.StressFile}), {@code junit.xml} and the verdict
 * matrix. Uses {@code check} and everything below it; not the other jobs, not {@code report}.
 */
package org.pagerace.stress;
