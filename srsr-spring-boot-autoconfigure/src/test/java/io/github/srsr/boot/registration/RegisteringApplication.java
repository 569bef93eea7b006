package io.github.srsr.boot.registration;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.srsr.boot.autoconfigure.SrsrAutoConfiguration;
import io.github.srsr.boot.health.SrsrHealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A small non-web Spring application with the starter, for lifecycle tests: started against a
 * registry URL with short intervals, remembering the starter's events.
 */
final class RegisteringApplication implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final List<SrsrRegistrationEvent> events;

	private RegisteringApplication(ConfigurableApplicationContext context, List<SrsrRegistrationEvent> events) {
		this.context = context;
		this.events = events;
	}

	/**
	 * Start an application named {@code orders} with a 200 ms heartbeat and 50 ms retries.
	 * @param registryUrl the registry URL
	 * @param args more command line arguments, which win over the defaults
	 * @return the running application
	 */
	static RegisteringApplication start(String registryUrl, String... args) {
		return start(new Class<?>[0], registryUrl, args);
	}

	/**
	 * Start an application named {@code orders} with a 200 ms heartbeat and 50 ms retries, whose
	 * health shows failures as {@code DOWN}.
	 * @param sources more configuration classes
	 * @param registryUrl the registry URL
	 * @param args more command line arguments, which win over the defaults
	 * @return the running application
	 */
	static RegisteringApplication start(Class<?>[] sources, String registryUrl, String... args) {
		List<SrsrRegistrationEvent> events = new CopyOnWriteArrayList<>();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Config.class).sources(sources)
			.web(WebApplicationType.NONE)
			// Defaults, overridden by any argument.
			.properties("srsr.registry.url=" + registryUrl, "srsr.service.name=orders", "srsr.heartbeat.interval=200ms",
					"srsr.retry.initial-interval=50ms", "srsr.retry.jitter=0ms", "spring.main.banner-mode=off",
					// Failures show as DOWN, not as the default UNKNOWN, to tell them apart from "not yet".
					"srsr.health.failure-status=DOWN")
			.listeners((ApplicationListener<SrsrRegistrationEvent>) events::add)
			.run(args);
		return new RegisteringApplication(context, events);
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	SrsrRegistration registration() {
		return this.context.getBean(SrsrRegistration.class);
	}

	SrsrRegistrationStatus status() {
		return registration().getStatus();
	}

	Health health() {
		return this.context.getBean("srsrHealthIndicator", HealthIndicator.class).health(true);
	}

	List<SrsrRegistrationEvent> events() {
		return this.events;
	}

	<E extends SrsrRegistrationEvent> List<E> events(Class<E> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

	@Override
	public void close() {
		this.context.close();
	}

	@SpringBootConfiguration
	@ImportAutoConfiguration({ SrsrAutoConfiguration.class, SrsrHealthContributorAutoConfiguration.class })
	static class Config {

	}

}
