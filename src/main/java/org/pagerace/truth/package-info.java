/**
 * The real-kernel suite: the same races on real files through the real write fault, classified, and compared with
 * the convention that models each filesystem ({@code truth.json}). Uses {@code check} and everything below it; not
 * the other jobs, not {@code report}.
 */
package org.pagerace.truth;
