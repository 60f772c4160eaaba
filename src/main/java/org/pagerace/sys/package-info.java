/**
 * The floor of everything: the JNA binding of the C shim {@code libpagerace.so} (C names, as
 * {@code native/include/pagerace.h} declares them), its loader, errno names, and {@link org.pagerace.sys.MappedFile},
 * a real {@code MAP_SHARED} mapping of a file. Uses nothing of pagerace.
 */
package org.pagerace.sys;
