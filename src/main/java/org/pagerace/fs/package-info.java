/**
 * The {@code ->page_mkwrite} conventions, each a filesystem's handler over an emulated block map, with the kernel
 * code it mirrors. Uses {@code mm}, {@code sched}, {@code results}, {@code sys}.
 */
package org.pagerace.fs;
