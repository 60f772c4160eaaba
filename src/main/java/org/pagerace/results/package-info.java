/**
 * Results files and run folders, one typed record per file with its schema name and version in one place
 * ({@link org.pagerace.results.Schema}): {@code env.json} ({@link org.pagerace.results.EnvFile}),
 * {@code stress.json} ({@link org.pagerace.results.StressFile}), {@code bench.json} (JMH's own format, {@link
 * org.pagerace.results.JmhResult}), {@code bench-summary.json} ({@link org.pagerace.results.BenchSummaryFile}),
 * {@code report.json} ({@link org.pagerace.results.ReportFile}), {@code explore.json} ({@link
 * org.pagerace.results.ExploreFile}), {@code truth.json} ({@link org.pagerace.results.TruthFile}), {@code
 * history.json} ({@link org.pagerace.results.HistoryFile}), {@code plan.json} ({@link
 * org.pagerace.results.PlanFile}) and {@code junit.xml} ({@link
 * org.pagerace.results.JunitXml}); each written by its tool and read by the report through that one type.
 * {@link org.pagerace.results.Json} reads them strictly (every
 * count a non-negative JSON integer, one line naming file and field otherwise), {@link
 * org.pagerace.results.AtomicFiles} is the one write-then-rename, {@link org.pagerace.results.RunFolder} names run
 * folders, and {@link org.pagerace.results.BadInputException} is the one usage or environment error (exit 2).
 * Uses only Jackson and the JDK; used by every package above {@code sys}.
 */
package org.pagerace.results;
