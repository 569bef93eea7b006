package io.github.srsr.boot.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.srsr.boot.lookup.DefaultSrsrServiceLookup;
import io.github.srsr.boot.lookup.SrsrServiceLookup;
import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.registry.EmbeddedSrsrRegistry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The instance-set settings ({@code srsr.discovery.*}): their defaults, their environment
 * variables, their checks, and what they turn on and off in the auto-configured lookup.
 */
class SrsrDiscoverySettingsTests {

	private static final List<URI> ORDERS = List.of(URI.create("http://10.0.0.1:8080"),
			URI.create("http://10.0.0.2:8080"), URI.create("http://10.0.0.3:8080"));

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SrsrAutoConfiguration.class));

	@Test
	void defaultsAreTheDocumentedOnes() {
		this.contextRunner.run((context) -> {
			SrsrProperties.Discovery properties = context.getBean(SrsrProperties.class).getDiscovery();
			assertThat(properties.isEnabled()).isTrue();
			assertThat(properties.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(2));
			assertThat(properties.getIdleTime()).isEqualTo(Duration.ofSeconds(60));
			assertThat(properties.getNotFoundGrace()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.getCatalog().isEnabled()).isFalse();
		});
	}

	@Test
	void environmentVariablesBind() {
		String name = "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
		Map<String, Object> variables = Map.of("SRSR_DISCOVERY_ENABLED", "false", "SRSR_DISCOVERY_REFRESH_PERIOD",
				"500ms", "SRSR_DISCOVERY_IDLE_TIME", "5m", "SRSR_DISCOVERY_NOT_FOUND_GRACE", "10s",
				"SRSR_DISCOVERY_CATALOG_ENABLED", "true");
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource(name, variables)))
			.run((context) -> {
				SrsrProperties.Discovery properties = context.getBean(SrsrProperties.class).getDiscovery();
				assertThat(properties.isEnabled()).isFalse();
				assertThat(properties.getRefreshPeriod()).isEqualTo(Duration.ofMillis(500));
				assertThat(properties.getIdleTime()).isEqualTo(Duration.ofMinutes(5));
				assertThat(properties.getNotFoundGrace()).isEqualTo(Duration.ofSeconds(10));
				assertThat(properties.getCatalog().isEnabled()).isTrue();
			});
	}

	@Test
	void invalidSettingsStopStartUpNamingEveryProperty() {
		this.contextRunner
			.withPropertyValues("srsr.discovery.refresh-period=0", "srsr.discovery.idle-time=-1s",
					"srsr.discovery.not-found-grace=-5s")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				InvalidSrsrPropertiesException invalid = findCause(failure);
				assertThat(invalid.getProblems()).hasSize(3);
				assertThat(invalid.getMessage())
					.contains("srsr.discovery.refresh-period is 0, but it must be positive")
					.contains("srsr.discovery.idle-time is -1s, but it must be positive")
					.contains("srsr.discovery.not-found-grace is -5s, but it must not be negative");
				FailureAnalysis analysis = new InvalidSrsrPropertiesFailureAnalyzer().analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getAction())
					.contains("Set srsr.discovery.refresh-period (SRSR_DISCOVERY_REFRESH_PERIOD)");
			});
	}

	@Test
	void settingsAreNotCheckedWhenSamplingIsOff() {
		this.contextRunner.withPropertyValues("srsr.discovery.enabled=false", "srsr.discovery.refresh-period=0")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(SrsrServiceLookup.class));
	}

	@Test
	void theLookupKnowsEveryInstanceAndItsThreadEndsWithTheContext() {
		try (EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.builder().port(0).start()) {
			this.contextRunner
				.withPropertyValues("srsr.registry.url=" + registry.url(), "srsr.discovery.refresh-period=200ms")
				.run((context) -> {
					register(context.getBean(SrsrClient.class));
					SrsrServiceLookup lookup = context.getBean(SrsrServiceLookup.class);
					await().atMost(Duration.ofSeconds(10))
						.pollInterval(Duration.ofMillis(100))
						.until(() -> lookup.lookupAll("orders").containsAll(ORDERS));
					assertThat(refreshThreads()).isOne();
				});
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> refreshThreads() == 0);
		}
	}

	@Test
	void withSamplingOffLookupAllAnswersTheRegistrysPickAndNoThreadStarts() {
		try (EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.builder().port(0).start()) {
			this.contextRunner
				.withPropertyValues("srsr.registry.url=" + registry.url(), "srsr.discovery.enabled=false")
				.run((context) -> {
					register(context.getBean(SrsrClient.class));
					DefaultSrsrServiceLookup lookup = context.getBean(DefaultSrsrServiceLookup.class);
					assertThat(lookup.lookupAll("orders")).singleElement().isIn(ORDERS);
					assertThat(lookup.getInstanceSets()).isEmpty();
					assertThat(lookup.getInstanceSetLookups()).isZero();
					assertThat(refreshThreads()).isZero();
				});
		}
	}

	private static void register(SrsrClient client) {
		ORDERS.forEach((address) -> client.register(new ServiceRegistrationRequest("orders", address.toString(), null)));
	}

	private static long refreshThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("srsr-discovery") && thread.isAlive())
			.count();
	}

	private static InvalidSrsrPropertiesException findCause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidSrsrPropertiesException invalid) {
				return invalid;
			}
		}
		throw new AssertionError("No InvalidSrsrPropertiesException in " + failure);
	}

}
