/**
 * Facts about the machine and a directory that every run records ({@code env.json}, {@link
 * org.pagerace.results.EnvFile}): kernel, host, filesystem type, JDK, CPUs, git commit, and the probe that a
 * directory can host shared mappings and the safe store. Uses {@code results}, {@code mm} (the page size) and
 * {@code sys} (the probe maps a file); used by the jobs ({@code stress}, {@code bench}, {@code truth},
 * {@code explore}) and {@code cli}.
 */
package org.pagerace.env;
