/**
 * The kernel mirror: the write-fault path and its partners (truncate, hole punch, invalidation, writeback) in the
 * kernel's own names, the 6.x caller and the 2.6.37 one ({@code src/site/markdown/kernel-map.md} maps each method
 * to its kernel function). Page data lives in a model array or a real mapped file ({@code sys}). Uses
 * {@code sched} (its named points), {@code results} and {@code sys}.
 */
package org.pagerace.mm;
