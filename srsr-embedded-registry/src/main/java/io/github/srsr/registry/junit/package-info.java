/**
 * JUnit Jupiter support: {@link io.github.srsr.registry.junit.EmbeddedSrsr @EmbeddedSrsr} starts an
 * {@link io.github.srsr.registry.EmbeddedSrsrRegistry} for a test class and injects it into parameters.
 *
 * <p>In a Spring test (a class run by Spring's {@code SpringExtension}) the registry is started by the Spring
 * test context instead, see {@code io.github.srsr.registry.junit.spring}.
 */
package io.github.srsr.registry.junit;
