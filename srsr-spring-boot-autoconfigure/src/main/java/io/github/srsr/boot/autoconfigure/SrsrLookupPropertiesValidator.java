package io.github.srsr.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.autoconfigure.InvalidSrsrPropertiesException.Problem;

/**
 * Checks {@link SrsrLookupProperties} at start-up, so that a mistake stops the application with a
 * clear message instead of surfacing at the first lookup.
 */
final class SrsrLookupPropertiesValidator {

	private SrsrLookupPropertiesValidator() {
	}

	/**
	 * Validate all lookup settings at once, so that every problem is reported together.
	 * @param properties the settings
	 * @throws InvalidSrsrPropertiesException if any setting is invalid
	 */
	static void validate(SrsrLookupProperties properties) {
		List<Problem> problems = new ArrayList<>();
		checkNotNegative("srsr.lookup.cache-ttl", "SRSR_LOOKUP_CACHE_TTL", properties.getCacheTtl(),
				"0 to turn caching off or a positive duration such as 5s", problems);
		checkAtLeast("srsr.lookup.cache-max-size", "SRSR_LOOKUP_CACHE_MAX_SIZE", properties.getCacheMaxSize(), 1,
				"the most service names to cache, such as 256", problems);
		SrsrLookupProperties.Retry retry = properties.getRetry();
		checkAtLeast("srsr.lookup.retry.max-retries", "SRSR_LOOKUP_RETRY_MAX_RETRIES", retry.getMaxRetries(), 0,
				"0 to never retry or the number of retries, such as 2", problems);
		checkNotNegative("srsr.lookup.retry.initial-interval", "SRSR_LOOKUP_RETRY_INITIAL_INTERVAL",
				retry.getInitialInterval(), "0 or a positive duration such as 100ms", problems);
		if (retry.getMultiplier() < 1) {
			problems.add(new Problem(
					"srsr.lookup.retry.multiplier is " + retry.getMultiplier() + ", but it must be at least 1.",
					"Set srsr.lookup.retry.multiplier (SRSR_LOOKUP_RETRY_MULTIPLIER) to 1 for a fixed interval or "
							+ "more for growing intervals."));
		}
		checkPositive("srsr.lookup.retry.max-interval", "SRSR_LOOKUP_RETRY_MAX_INTERVAL", retry.getMaxInterval(),
				problems);
		SrsrLookupProperties.CircuitBreaker circuitBreaker = properties.getCircuitBreaker();
		if (circuitBreaker.isEnabled()) {
			checkAtLeast("srsr.lookup.circuit-breaker.failure-threshold",
					"SRSR_LOOKUP_CIRCUIT_BREAKER_FAILURE_THRESHOLD", circuitBreaker.getFailureThreshold(), 1,
					"the number of failed lookups in a row after which lookups fail fast, such as 5, or set "
							+ "srsr.lookup.circuit-breaker.enabled=false",
					problems);
			checkPositive("srsr.lookup.circuit-breaker.cool-down", "SRSR_LOOKUP_CIRCUIT_BREAKER_COOL_DOWN",
					circuitBreaker.getCoolDown(), problems);
		}
		if (!problems.isEmpty()) {
			throw new InvalidSrsrPropertiesException(problems);
		}
	}

	private static void checkPositive(String property, String variable, @Nullable Duration value,
			List<Problem> problems) {
		if (value == null || value.isZero() || value.isNegative()) {
			problems.add(new Problem(property + " is " + value + ", but it must be positive.",
					"Set " + property + " (" + variable + ") to a positive duration, such as 500ms or 5s."));
		}
	}

	private static void checkNotNegative(String property, String variable, @Nullable Duration value, String hint,
			List<Problem> problems) {
		if (value == null || value.isNegative()) {
			problems.add(new Problem(property + " is " + value + ", but it must not be negative.",
					"Set " + property + " (" + variable + ") to " + hint + "."));
		}
	}

	private static void checkAtLeast(String property, String variable, int value, int minimum, String hint,
			List<Problem> problems) {
		if (value < minimum) {
			problems.add(new Problem(property + " is " + value + ", but it must be at least " + minimum + ".",
					"Set " + property + " (" + variable + ") to " + hint + "."));
		}
	}

}
