package io.github.srsr.benchmarks.jmh;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The starter's lookup bean ({@code io.github.srsr.boot.lookup.SrsrServiceLookup}), obtained the way an
 * application gets it: from the auto-configuration, configured by {@code srsr.lookup.cache-ttl}. It is looked up by
 * name so that the benchmarks compile and run against a starter that does not have it (yet): then
 * {@link #unavailableReason()} says why, and the suite measures {@code SrsrClient.lookup} without a cache only.
 */
public final class ServiceLookups {

	static final String TYPE_NAME = "io.github.srsr.boot.lookup.SrsrServiceLookup";

	private static final Class<?> TYPE;

	/** {@code (Object lookup, String name) -> Object}: a constant, so the JIT inlines the call. */
	private static final MethodHandle LOOKUP;

	static {
		Class<?> type = null;
		MethodHandle lookup = null;
		try {
			type = Class.forName(TYPE_NAME);
			lookup = MethodHandles.publicLookup()
				.findVirtual(type, "lookup", MethodType.methodType(Optional.class, String.class))
				.asType(MethodType.methodType(Object.class, Object.class, String.class));
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			type = null;
			lookup = null;
		}
		TYPE = type;
		LOOKUP = lookup;
	}

	private ServiceLookups() {
	}

	/**
	 * Starts a non-web application context with the starter's auto-configuration, no service name of its own (so
	 * nothing registers) and the given cache time to live, and returns the lookup bean.
	 * @param registry the registry URL
	 * @param cacheTtl the cache time to live, zero for none
	 * @return the context and the bean
	 * @throws IllegalStateException if the starter has no lookup bean
	 */
	static Started start(URI registry, Duration cacheTtl) {
		if (TYPE == null) {
			throw new IllegalStateException(TYPE_NAME + " is not on the class path");
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(LookupApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(Map.of("srsr.registry.url", registry.toString(), "srsr.lookup.cache-ttl",
					cacheTtl.toMillis() + "ms", "spring.main.banner-mode", "off", "logging.level.root", "warn"))
			.run();
		if (context.getBeanNamesForType(TYPE).length == 0) {
			context.close();
			throw new IllegalStateException("the starter's auto-configuration defines no " + TYPE_NAME + " bean");
		}
		return new Started(context, context.getBean(TYPE));
	}

	/**
	 * Whether an application gets a lookup bean from the auto-configuration.
	 * @return {@code null} when the lookup variants can be measured, otherwise why not
	 */
	public static String unavailableReason() {
		if (TYPE == null) {
			return TYPE_NAME + " is not in the starter that was built";
		}
		try (var registry = io.github.srsr.registry.EmbeddedSrsrRegistry.start()) {
			Started started = start(registry.url(), Duration.ZERO);
			started.context().close();
			return null;
		}
		catch (RuntimeException ex) {
			return ex.toString();
		}
	}

	/**
	 * Calls {@code lookup(name)} on the bean.
	 * @param lookup the bean
	 * @param name the service name
	 * @return the bean's answer
	 */
	static Object lookup(Object lookup, String name) {
		try {
			return LOOKUP.invokeExact(lookup, name);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	record Started(ConfigurableApplicationContext context, Object lookup) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class LookupApplication {

	}

}
