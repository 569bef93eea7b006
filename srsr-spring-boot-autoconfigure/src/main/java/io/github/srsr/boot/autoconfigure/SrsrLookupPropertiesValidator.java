package io.github.srsr.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

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
		PropertyChecks.notNegative("srsr.lookup.cache-ttl", "SRSR_LOOKUP_CACHE_TTL", properties.getCacheTtl(),
				"0 to turn caching off or a positive duration such as 5s", problems);
		PropertyChecks.atLeast("srsr.lookup.cache-max-size", "SRSR_LOOKUP_CACHE_MAX_SIZE", properties.getCacheMaxSize(), 1,
				"the most service names to cache, such as 256", problems);
		SrsrLookupProperties.Retry retry = properties.getRetry();
		PropertyChecks.atLeast("srsr.lookup.retry.max-retries", "SRSR_LOOKUP_RETRY_MAX_RETRIES", retry.getMaxRetries(), 0,
				"0 to never retry or the number of retries, such as 2", problems);
		PropertyChecks.notNegative("srsr.lookup.retry.initial-interval", "SRSR_LOOKUP_RETRY_INITIAL_INTERVAL",
				retry.getInitialInterval(), "0 or a positive duration such as 100ms", problems);
		PropertyChecks.multiplier("srsr.lookup.retry.multiplier", "SRSR_LOOKUP_RETRY_MULTIPLIER", retry.getMultiplier(),
				problems);
		PropertyChecks.positive("srsr.lookup.retry.max-interval", "SRSR_LOOKUP_RETRY_MAX_INTERVAL", retry.getMaxInterval(),
				problems);
		SrsrLookupProperties.CircuitBreaker circuitBreaker = properties.getCircuitBreaker();
		if (circuitBreaker.isEnabled()) {
			PropertyChecks.atLeast("srsr.lookup.circuit-breaker.failure-threshold",
					"SRSR_LOOKUP_CIRCUIT_BREAKER_FAILURE_THRESHOLD", circuitBreaker.getFailureThreshold(), 1,
					"the number of failed lookups in a row after which lookups fail fast, such as 5, or set "
							+ "srsr.lookup.circuit-breaker.enabled=false",
					problems);
			PropertyChecks.positive("srsr.lookup.circuit-breaker.cool-down", "SRSR_LOOKUP_CIRCUIT_BREAKER_COOL_DOWN",
					circuitBreaker.getCoolDown(), problems);
		}
		if (!problems.isEmpty()) {
			throw new InvalidSrsrPropertiesException(problems);
		}
	}

}
