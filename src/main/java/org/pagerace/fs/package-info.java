/**
 * Filesystems at kernel versions: each filesystem's operation tables and {@code ->page_mkwrite} handlers over an
 * emulated block map, with the kernel code each mirrors; one subpackage per filesystem ({@code ext4}, {@code seed2010}
 * for the 2010 thread's handlers). Uses {@code mm}, {@code sched}, {@code results}, {@code sys}.
 */
package org.pagerace.fs;
