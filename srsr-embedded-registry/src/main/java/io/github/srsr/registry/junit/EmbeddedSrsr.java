package io.github.srsr.registry.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import io.github.srsr.registry.EmbeddedSrsrRegistry;

/**
 * Starts one {@link EmbeddedSrsrRegistry} for the annotated test class, in the spirit of Spring Kafka's
 * {@code @EmbeddedKafka}.
 *
 * <p>In a plain JUnit test, {@link EmbeddedSrsrExtension} starts it before all tests of the class, stops it
 * after them, and injects it into every constructor, lifecycle or test method parameter of type
 * {@link EmbeddedSrsrRegistry}. {@code @Nested} classes share the registry of their enclosing class unless they
 * carry their own annotation.
 *
 * <p>In a Spring test ({@code @SpringBootTest}, {@code @SpringJUnitConfig}, ...), the Spring test context starts
 * it while it is prepared, registers it as a bean (stopped when the context closes) and sets the property
 * {@code srsr.registry.url} to its {@link EmbeddedSrsrRegistry#url() url}, ahead of every other property
 * source; each test class gets its own context and registry. Parameters of type {@link EmbeddedSrsrRegistry}
 * then receive that bean: no second registry is started.
 *
 * <pre>{@code
 * @EmbeddedSrsr(timeout = "500ms")
 * class MyServiceTests {
 *
 *     @Test
 *     void registers(EmbeddedSrsrRegistry registry) {
 *         // ... point the service at registry.url(), then assert on registry.instances()
 *     }
 *
 * }
 * }</pre>
 */
@Target({ ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EmbeddedSrsrExtension.class)
public @interface EmbeddedSrsr {

	/**
	 * The port to listen on, on the loopback address; 0 (the default) picks a free one.
	 * @return the port
	 */
	int port() default 0;

	/**
	 * How long an instance stays registered without a heartbeat: a number with a unit ({@code ms}, {@code s},
	 * {@code m}, {@code h}), e.g. {@code "300ms"} or {@code "30s"}, an ISO-8601 duration such as {@code "PT30S"},
	 * or a bare number of seconds. Defaults to srsr's 30 seconds.
	 * @return the timeout
	 */
	String timeout() default "30s";

}
