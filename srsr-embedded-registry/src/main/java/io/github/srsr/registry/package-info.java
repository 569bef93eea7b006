/**
 * An in-memory srsr registry that answers every request exactly like the real srsr server (Go, Gin), defects
 * included, for tests and for running without a srsr install.
 *
 * <p>Start one with {@link io.github.srsr.registry.EmbeddedSrsrRegistry#start()} or
 * {@link io.github.srsr.registry.EmbeddedSrsrRegistry#builder()}; run it from the command line with
 * {@link io.github.srsr.registry.EmbeddedSrsrRegistryMain}. JUnit and Spring test support lives in
 * {@code io.github.srsr.registry.junit}; this package loads neither JUnit nor Spring classes.
 */
package io.github.srsr.registry;
