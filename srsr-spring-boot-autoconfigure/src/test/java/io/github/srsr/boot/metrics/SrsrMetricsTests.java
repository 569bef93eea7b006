package io.github.srsr.boot.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.srsr.boot.SrsrRegistries;
import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.boot.SrsrRegistry;
import io.github.srsr.boot.autoconfigure.SrsrAutoConfiguration;
import io.github.srsr.boot.lookup.SrsrServiceLookup;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.registry.EmbeddedSrsrRegistry;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.task.TaskExecutorMetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the srsr metrics: registrations, heartbeats and registry calls, and the registered
 * gauge, recorded in a real application against the embedded registry.
 */
class SrsrMetricsTests {

	private final EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.builder().timeout(Duration.ofSeconds(30)).start();

	@AfterEach
	void stopRegistry() {
		this.registry.stop();
	}

	@Test
	void registrationHeartbeatsAndRestartAreCounted() {
		try (ConfigurableApplicationContext context = start()) {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> count(meters, "srsr.heartbeats", "success") >= 2);
			// The service's registration and its side-name marker's (healing).
			assertThat(count(meters, "srsr.registrations", "success")).isEqualTo(2);
			assertThat(meters.get("srsr.registered").gauge().value()).isEqualTo(1);
			assertThat(meters.get("srsr.registry.calls")
				.tag("registry", this.registry.url().toString())
				.tag("operation", "register")
				.tag("outcome", "success")
				.timer()
				.count()).isEqualTo(2);

			this.registry.restart();

			await().atMost(Duration.ofSeconds(5)).until(() -> count(meters, "srsr.registrations", "success") == 4);
			// Noticed by a heartbeat answered success: false, or, when the restart came between
			// heartbeats and the lookups that follow them, as a removal from lookup.
			assertThat(count(meters, "srsr.heartbeats", "forgotten")
					+ meters.get("srsr.lookup.removals").functionCounter().count()).isEqualTo(1);

			this.registry.stop();

			await().atMost(Duration.ofSeconds(5)).until(() -> count(meters, "srsr.heartbeats", "failure") >= 1);
			assertThat(meters.get("srsr.registry.calls").tag("operation", "heartbeat").tag("outcome", "error").timer().count())
				.isPositive();
		}
	}

	@Test
	void removalsFromLookupAreCounted() {
		try (ConfigurableApplicationContext context = start()) {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.lookupCandidates("orders").size() == 1);
			FunctionCounter removals = meters.get("srsr.lookup.removals")
				.tag("service", "orders")
				.tag("registry", this.registry.url().toString())
				.functionCounter();
			assertThat(removals.count()).isZero();
			// Another instance of the name leaves: srsr removes the whole name from lookup.
			SrsrClient other = context.getBean(SrsrClient.class);
			other.deregister(other.register(new ServiceRegistrationRequest("orders", "http://10.0.0.9:8080", null)));
			await().atMost(Duration.ofSeconds(5)).until(() -> removals.count() == 1);
			assertThat(this.registry.lookupCandidates("orders")).hasSize(1);
		}
	}

	@Test
	void lookupsOfTheInstanceSetsAreCounted() {
		try (ConfigurableApplicationContext context = start("--srsr.discovery.refresh-period=100ms")) {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			FunctionCounter lookups = meters.get("srsr.discovery.lookups").functionCounter();
			assertThat(lookups.count()).isZero();
			await().atMost(Duration.ofSeconds(5)).until(() -> meters.get("srsr.registered").gauge().value() == 1);
			context.getBean(SrsrServiceLookup.class).lookupAll("orders");
			double firstSample = lookups.count();
			// At least one lookup, then a refresh every 100 ms: five lookups per refresh of one instance.
			assertThat(firstSample).isGreaterThanOrEqualTo(1);
			await().atMost(Duration.ofSeconds(5)).until(() -> lookups.count() >= firstSample + 5);
		}
	}

	@Test
	void registeredGaugeFollowsDeregistration() {
		try (ConfigurableApplicationContext context = start()) {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> meters.get("srsr.registered").gauge().value() == 1);
			context.getBean(SrsrRegistration.class).deregister();
			assertThat(meters.get("srsr.registered").gauge().value()).isZero();
		}
	}

	@Test
	void withoutServiceNameThereIsNoRegisteredGaugeAndNoRegistryCall() {
		try (ConfigurableApplicationContext context = start("--srsr.service.name=")) {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(context.getBean(SrsrRegistration.class).getService()).isNull();
			await().during(Duration.ofMillis(300))
				.atMost(Duration.ofSeconds(5))
				.until(() -> meters.find("srsr.registry.calls").timer() == null);
			assertThat(meters.find("srsr.registered").gauge()).isNull();
		}
	}

	@Test
	void withoutMicrometerTheStarterWorksWithoutMeters() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SrsrAutoConfiguration.class, SrsrMetricsAutoConfiguration.class))
			.withPropertyValues("srsr.service.name=orders")
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(SrsrMeters.class);
				assertThat(context.getBean(SrsrRegistries.class).asList()).extracting(SrsrRegistry::client)
					.allSatisfy((client) -> assertThat(client).isInstanceOf(RestClientSrsrClient.class));
			});
	}

	@Test
	void withMicrometerEveryRegistrysCallsAndTheClientBeansLookupsAreMeasured() {
		EmbeddedSrsrRegistry second = EmbeddedSrsrRegistry.builder().timeout(Duration.ofSeconds(30)).start();
		try (ConfigurableApplicationContext context = start("--srsr.registry.url=" + this.registry.url() + "," + second.url())) {
			assertThat(context.getBeansOfType(SrsrMeters.class)).hasSize(1);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			for (EmbeddedSrsrRegistry registry : new EmbeddedSrsrRegistry[] { this.registry, second }) {
				await().atMost(Duration.ofSeconds(5))
					.until(() -> meters.find("srsr.registry.calls")
						.tag("registry", registry.url().toString())
						.tag("operation", "heartbeat")
						.timer() != null);
			}
			// Stop the registration's own lookups (healing), then count the bean's.
			context.getBean(SrsrRegistration.class).deregister();
			long before = lookups(meters);
			context.getBean(SrsrClient.class).lookup("orders");
			assertThat(lookups(meters)).isEqualTo(before + 1);
		}
		finally {
			second.stop();
		}
	}

	private long lookups(MeterRegistry meters) {
		Timer timer = meters.find("srsr.registry.calls")
			.tag("registry", this.registry.url().toString())
			.tag("operation", "lookup")
			.tag("outcome", "not-found")
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	/**
	 * Spring Boot's executor metrics instrument the application's executors and schedulers; the
	 * starter's own scheduler is left out, as its threads are (the {@code srsr.*} meters say how
	 * registration goes).
	 */
	@Test
	void theStartersSchedulerIsNotMeasuredAsAnApplicationExecutor() {
		try (ConfigurableApplicationContext context = application().sources(TaskExecutorMetricsConfig.class).run()) {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> count(meters, "srsr.heartbeats", "success") >= 1);
			assertThat(meters.find("executor.pool.size").tag("name", "applicationScheduler").gauge()).isNotNull();
			assertThat(meters.find("executor.pool.size").tag("name", SrsrRegistration.SCHEDULER_BEAN_NAME).gauge())
				.isNull();
			assertThat(context.getBeanNamesForType(ThreadPoolTaskScheduler.class))
				.contains(SrsrRegistration.SCHEDULER_BEAN_NAME);
		}
	}

	private ConfigurableApplicationContext start(String... args) {
		return application().run(args);
	}

	/** The application of every test: registered as {@code orders} with the embedded registry. */
	private SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(Config.class).web(WebApplicationType.NONE)
			.properties("srsr.registry.url=" + this.registry.url(), "srsr.service.name=orders",
					"srsr.heartbeat.interval=100ms", "srsr.registry.read-timeout=2s",
					"srsr.retry.initial-interval=50ms", "spring.main.banner-mode=off");
	}

	private static double count(MeterRegistry meters, String name, String outcome) {
		Counter counter = meters.find(name).tag("outcome", outcome).counter();
		return (counter != null) ? counter.count() : 0;
	}

	@ImportAutoConfiguration(TaskExecutorMetricsAutoConfiguration.class)
	static class TaskExecutorMetricsConfig {

		@Bean
		ThreadPoolTaskScheduler applicationScheduler() {
			return new ThreadPoolTaskScheduler();
		}

	}

	@SpringBootConfiguration
	@ImportAutoConfiguration({ ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
			SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
			SrsrAutoConfiguration.class,
			SrsrMetricsAutoConfiguration.class })
	static class Config {

	}

}
