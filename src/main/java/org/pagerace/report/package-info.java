/**
 * The report of a run folder ({@code report.md}, {@code report.html}, {@code report.json}) and its comparison with
 * the baseline: reads the results records of {@code results}, decides which differences are regressions, renders.
 * The top floor: uses any package below it; only {@code cli} (the entry point) imports it.
 */
package org.pagerace.report;
