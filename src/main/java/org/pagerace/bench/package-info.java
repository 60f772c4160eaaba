/**
 * The JMH post-processor ({@code pagerace bench-report}): reads {@code bench.json}, prints the fault costs with
 * their ratios, writes {@code bench-summary.json} and the PNG charts. The benchmarks themselves are in
 * {@code src/jmh}. Uses {@code check} and everything below it; not the other jobs, not {@code report}.
 */
package org.pagerace.bench;
