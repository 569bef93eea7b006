package io.github.srsr.boot.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.srsr.boot.SrsrRegistries;
import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.boot.SrsrRegistry;
import io.github.srsr.client.ServiceRegistrationRequest;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that srsrpy's environment variables bind unchanged, through a real
 * {@link SystemEnvironmentPropertySource} as the operating system's environment would.
 */
@ExtendWith(OutputCaptureExtension.class)
class SrsrPropertiesEnvironmentBindingTests {

	@Test
	void srsrpyEnvironmentVariablesBind() {
		runWithEnvironment(Map.of("SRSR_REGISTRY_URL", "http://registry.internal:4214", "SRSR_SERVICE_NAME", "orders",
				"SRSR_SERVICE_ADDRESS", "http://10.0.0.5", "SRSR_SERVICE_PORT", "3000", "SRSR_HEARTBEAT_INTERVAL", "20"))
			.run((context) -> {
				SrsrProperties properties = context.getBean(SrsrProperties.class);
				assertThat(properties.getRegistry().getUrl()).containsExactly("http://registry.internal:4214");
				assertThat(properties.getService().getName()).isEqualTo("orders");
				assertThat(properties.getService().getAddress()).isEqualTo("http://10.0.0.5");
				assertThat(properties.getService().getPort()).isEqualTo(3000);
				assertThat(properties.getHeartbeat().getInterval()).isEqualTo(Duration.ofSeconds(20));
				assertThat(context.getBean(SrsrRegistration.class).getService())
					.isEqualTo(new ServiceRegistrationRequest("orders", "http://10.0.0.5", 3000));
			});
	}

	@Test
	void bareHeartbeatIntervalIsSecondsForTheScheduledHeartbeatToo() {
		runWithEnvironment(Map.of("SRSR_SERVICE_NAME", "orders", "SRSR_HEARTBEAT_INTERVAL", "20")).run((context) -> {
			assertThat(context.getBean(SrsrProperties.class).getHeartbeat().getInterval())
				.isEqualTo(Duration.ofSeconds(20));
			// The heartbeat the registration scheduled when it started: its first run 20 s away.
			ScheduledThreadPoolExecutor executor = context
				.getBean(SrsrRegistration.SCHEDULER_BEAN_NAME, ThreadPoolTaskScheduler.class)
				.getScheduledThreadPoolExecutor();
			assertThat(executor.getQueue()).singleElement()
				.satisfies((heartbeat) -> assertThat(((Delayed) heartbeat).getDelay(TimeUnit.MILLISECONDS))
					.isBetween(Duration.ofSeconds(19).toMillis(), Duration.ofSeconds(20).toMillis()));
		});
	}

	@Test
	void registryUrlVariableTakesACommaSeparatedList() {
		runWithEnvironment(Map.of("SRSR_SERVICE_NAME", "orders", "SRSR_REGISTRY_URL", "http://r1:4214,http://r2:4214"))
			.run((context) -> {
				assertThat(context.getBean(SrsrProperties.class).getRegistry().getUrl()).containsExactly("http://r1:4214",
						"http://r2:4214");
				assertThat(context.getBean(SrsrRegistries.class).asList()).extracting(SrsrRegistry::name)
					.containsExactly("http://r1:4214", "http://r2:4214");
			});
	}

	@Test
	void heartbeatIntervalAcceptsDurationsWithUnits() {
		runWithEnvironment(Map.of("SRSR_SERVICE_NAME", "orders", "SRSR_HEARTBEAT_INTERVAL", "500ms"))
			.run((context) -> assertThat(context.getBean(SrsrProperties.class).getHeartbeat().getInterval())
				.isEqualTo(Duration.ofMillis(500)));
	}

	@Test
	void aHeartbeatIntervalVariableWithAFractionIsExplainedWithTheDurationItMeans() {
		runWithEnvironment(Map.of("SRSR_SERVICE_NAME", "orders", "SRSR_HEARTBEAT_INTERVAL", "0.5")).run((context) -> {
			FailureAnalysis analysis = new InvalidSrsrDurationFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).startsWith("srsr.heartbeat.interval is '0.5'")
				.contains("a bare number means whole seconds here");
			assertThat(analysis.getAction())
				.startsWith("Set srsr.heartbeat.interval (SRSR_HEARTBEAT_INTERVAL) to 500ms, which is what '0.5' means");
		});
	}

	@Test
	void aTimeoutVariableWithAFractionIsExplainedInItsOwnUnit() {
		runWithEnvironment(Map.of("SRSR_SERVICE_NAME", "orders", "SRSR_REGISTRY_CONNECT_TIMEOUT", "1.5s"))
			.run((context) -> {
				FailureAnalysis analysis = new InvalidSrsrDurationFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).startsWith("srsr.registry.connect-timeout is '1.5s'")
					.contains("a bare number means whole milliseconds here");
				assertThat(analysis.getAction()).startsWith(
						"Set srsr.registry.connect-timeout (SRSR_REGISTRY_CONNECT_TIMEOUT) to 1500ms, which is what "
								+ "'1.5s' means");
			});
	}

	@Test
	void aHeartbeatIntervalAtOrAboveSrsrsDefaultTimeoutIsWarnedOfOnce(CapturedOutput output) {
		runWithEnvironment(Map.of("SRSR_SERVICE_NAME", "orders", "SRSR_HEARTBEAT_INTERVAL", "45"))
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).containsOnlyOnce("srsr.heartbeat.interval (SRSR_HEARTBEAT_INTERVAL) is 45")
			.contains("srsr.heartbeat.interval (SRSR_HEARTBEAT_INTERVAL) is 45, at least srsr's default timeout of "
					+ "30 s: a registry started without -t drops this instance between two heartbeats")
			.contains("or ignore this if every registry runs with -t 68 or more");
	}

	@Test
	void aHeartbeatIntervalCloseToSrsrsDefaultTimeoutIsWarnedOf(CapturedOutput output) {
		runWithEnvironment(Map.of("SRSR_SERVICE_NAME", "orders", "SRSR_HEARTBEAT_INTERVAL", "25s"))
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("srsr.heartbeat.interval (SRSR_HEARTBEAT_INTERVAL) is 25s, close to srsr's "
				+ "default timeout of 30 s").contains("-t 38 or more");
	}

	@Test
	void theDefaultHeartbeatIntervalIsNotWarnedOf(CapturedOutput output) {
		runWithEnvironment(Map.of("SRSR_SERVICE_NAME", "orders", "SRSR_HEARTBEAT_INTERVAL", "20"))
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("srsr.heartbeat.interval (SRSR_HEARTBEAT_INTERVAL) is");
	}

	@Test
	void timeoutVariablesBind() {
		runWithEnvironment(Map.of("SRSR_SERVICE_NAME", "orders", "SRSR_REGISTRY_CONNECT_TIMEOUT", "1s",
				"SRSR_REGISTRY_READ_TIMEOUT", "3s", "SRSR_ENABLED", "true"))
			.run((context) -> {
				SrsrProperties properties = context.getBean(SrsrProperties.class);
				assertThat(properties.getRegistry().getConnectTimeout()).isEqualTo(Duration.ofSeconds(1));
				assertThat(properties.getRegistry().getReadTimeout()).isEqualTo(Duration.ofSeconds(3));
			});
	}

	@Test
	void enabledVariableTurnsTheStarterOff() {
		runWithEnvironment(Map.of("SRSR_SERVICE_NAME", "orders", "SRSR_ENABLED", "false"))
			.run((context) -> assertThat(context).doesNotHaveBean(SrsrRegistration.class));
	}

	private ApplicationContextRunner runWithEnvironment(Map<String, Object> variables) {
		// Spring Boot treats a SystemEnvironmentPropertySource named "*-systemEnvironment" exactly like
		// the process environment: SRSR_SERVICE_NAME maps to srsr.service.name.
		String name = "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SrsrAutoConfiguration.class))
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource(name, variables)));
	}

}
