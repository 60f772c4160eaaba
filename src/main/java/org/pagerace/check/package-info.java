/**
 * One race and its verdict: the race partners, a sample (the store and its partner on one fresh file), the oracle
 * that classifies the sample's end state into an outcome, and the expectations (which conventions are known to show
 * which bug against which race). Uses {@code fs}, {@code env}, {@code mm}, {@code sched}, {@code results},
 * {@code sys}.
 */
package org.pagerace.check;
