/**
 * Spring TestContext support for {@link io.github.srsr.registry.junit.EmbeddedSrsr @EmbeddedSrsr}: the test
 * context starts the registry, holds it as a bean and points {@code srsr.registry.url} at it.
 *
 * <p>Only loaded when Spring's test support is on the class path and used.
 */
package io.github.srsr.registry.junit.spring;
