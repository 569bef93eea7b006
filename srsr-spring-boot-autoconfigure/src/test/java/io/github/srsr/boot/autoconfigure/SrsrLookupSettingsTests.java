package io.github.srsr.boot.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.srsr.boot.lookup.SrsrServiceLookup;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lookup settings ({@code srsr.lookup.*}): their defaults, their environment variables, and
 * their checks, made with every other srsr setting.
 */
class SrsrLookupSettingsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SrsrAutoConfiguration.class));

	@Test
	void defaultsAreTheDocumentedOnes() {
		this.contextRunner.run((context) -> {
			SrsrProperties.Lookup properties = context.getBean(SrsrProperties.class).getLookup();
			assertThat(properties.getCacheTtl()).isZero();
			assertThat(properties.getCacheMaxSize()).isEqualTo(256);
			assertThat(properties.getRetry().getMaxRetries()).isEqualTo(2);
			assertThat(properties.getRetry().getInitialInterval()).isEqualTo(Duration.ofMillis(100));
			assertThat(properties.getRetry().getMultiplier()).isEqualTo(2.0);
			assertThat(properties.getRetry().getMaxInterval()).isEqualTo(Duration.ofSeconds(1));
			assertThat(properties.getCircuitBreaker().isEnabled()).isTrue();
			assertThat(properties.getCircuitBreaker().getFailureThreshold()).isEqualTo(5);
			assertThat(properties.getCircuitBreaker().getCoolDown()).isEqualTo(Duration.ofSeconds(10));
		});
	}

	@Test
	void environmentVariablesBind() {
		String name = "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
		Map<String, Object> variables = Map.of("SRSR_LOOKUP_CACHE_TTL", "5s", "SRSR_LOOKUP_CACHE_MAX_SIZE", "10",
				"SRSR_LOOKUP_RETRY_MAX_RETRIES", "4", "SRSR_LOOKUP_RETRY_INITIAL_INTERVAL", "50ms",
				"SRSR_LOOKUP_RETRY_MULTIPLIER", "1.5", "SRSR_LOOKUP_RETRY_MAX_INTERVAL", "2s",
				"SRSR_LOOKUP_CIRCUIT_BREAKER_ENABLED", "false", "SRSR_LOOKUP_CIRCUIT_BREAKER_FAILURE_THRESHOLD", "7",
				"SRSR_LOOKUP_CIRCUIT_BREAKER_COOL_DOWN", "30s");
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource(name, variables)))
			.run((context) -> {
				SrsrProperties.Lookup properties = context.getBean(SrsrProperties.class).getLookup();
				assertThat(properties.getCacheTtl()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.getCacheMaxSize()).isEqualTo(10);
				assertThat(properties.getRetry().getMaxRetries()).isEqualTo(4);
				assertThat(properties.getRetry().getInitialInterval()).isEqualTo(Duration.ofMillis(50));
				assertThat(properties.getRetry().getMultiplier()).isEqualTo(1.5);
				assertThat(properties.getRetry().getMaxInterval()).isEqualTo(Duration.ofSeconds(2));
				assertThat(properties.getCircuitBreaker().isEnabled()).isFalse();
				assertThat(properties.getCircuitBreaker().getFailureThreshold()).isEqualTo(7);
				assertThat(properties.getCircuitBreaker().getCoolDown()).isEqualTo(Duration.ofSeconds(30));
			});
	}


	@Test
	void invalidSettingsStopStartUpNamingEveryProperty() {
		this.contextRunner
			.withPropertyValues("srsr.lookup.cache-ttl=-1s", "srsr.lookup.cache-max-size=0",
					"srsr.lookup.retry.max-retries=-1", "srsr.lookup.retry.initial-interval=-5ms",
					"srsr.lookup.retry.multiplier=0.5", "srsr.lookup.retry.max-interval=0",
					"srsr.lookup.circuit-breaker.failure-threshold=0", "srsr.lookup.circuit-breaker.cool-down=0")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				InvalidSrsrPropertiesException invalid = findCause(failure);
				assertThat(invalid.getProblems()).hasSize(8);
				assertThat(invalid.getMessage()).contains("srsr.lookup.cache-ttl is -1s, but it must not be negative")
					.contains("srsr.lookup.cache-max-size is 0, but it must be at least 1")
					.contains("srsr.lookup.retry.max-retries is -1")
					.contains("srsr.lookup.retry.initial-interval")
					.contains("srsr.lookup.retry.multiplier is 0.5")
					.contains("srsr.lookup.retry.max-interval is 0, but it must be positive")
					.contains("srsr.lookup.circuit-breaker.failure-threshold is 0")
					.contains("srsr.lookup.circuit-breaker.cool-down is 0");
				FailureAnalysis analysis = new InvalidSrsrPropertiesFailureAnalyzer().analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getAction()).contains("Set srsr.lookup.cache-max-size (SRSR_LOOKUP_CACHE_MAX_SIZE)")
					.contains("srsr.lookup.circuit-breaker.enabled=false");
			});
	}

	@Test
	void circuitBreakerSettingsAreNotCheckedWhenItIsOff() {
		this.contextRunner
			.withPropertyValues("srsr.lookup.circuit-breaker.enabled=false",
					"srsr.lookup.circuit-breaker.failure-threshold=0")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(SrsrServiceLookup.class));
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
