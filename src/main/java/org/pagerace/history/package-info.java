/**
 * The kernel's own history of page_mkwrite bugs, replayed: {@link org.pagerace.history.HistoryTable} lists each
 * fixed bug as a pair of filesystem models (before and after the fix), {@link org.pagerace.history.Replay} explores
 * and free-runs both. Uses {@code check}, {@code explore}, {@code fs} and {@code sched}; used by {@code cli}.
 */
package org.pagerace.history;
