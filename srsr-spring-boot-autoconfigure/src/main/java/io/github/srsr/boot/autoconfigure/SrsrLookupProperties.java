package io.github.srsr.boot.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of srsr lookups: how {@link io.github.srsr.boot.lookup.SrsrServiceLookup}
 * caches answers, retries and fails fast while the registry is down.
 */
@ConfigurationProperties("srsr.lookup")
public class SrsrLookupProperties {

	/**
	 * How long a found address is reused for the same service name before the registry is asked
	 * again; 0 turns caching off. While cached, every caller of the name goes to the same instance
	 * instead of one the registry picks at random per lookup.
	 */
	private Duration cacheTtl = Duration.ofMillis(0);

	/**
	 * Most service names whose addresses are cached at once; the least recently used name is
	 * dropped first.
	 */
	private int cacheMaxSize = 256;

	private final Retry retry = new Retry();

	private final CircuitBreaker circuitBreaker = new CircuitBreaker();

	public Duration getCacheTtl() {
		return this.cacheTtl;
	}

	public void setCacheTtl(Duration cacheTtl) {
		this.cacheTtl = cacheTtl;
	}

	public int getCacheMaxSize() {
		return this.cacheMaxSize;
	}

	public void setCacheMaxSize(int cacheMaxSize) {
		this.cacheMaxSize = cacheMaxSize;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	/**
	 * How a lookup is retried when the registry cannot be reached (connection refused or reset,
	 * timeouts); a registry that answered, even with an error, is not asked again.
	 */
	public static class Retry {

		/**
		 * How many times a lookup is retried after a connection failure; 0 never retries.
		 */
		private int maxRetries = 2;

		/**
		 * Time before the first retry of a lookup.
		 */
		private Duration initialInterval = Duration.ofMillis(100);

		/**
		 * Factor by which the time between retries of a lookup grows.
		 */
		private double multiplier = 2.0;

		/**
		 * Longest time between retries of a lookup.
		 */
		private Duration maxInterval = Duration.ofSeconds(1);

		public int getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
		}

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

	}

	/**
	 * How lookups fail fast while the registry is down: after failure-threshold lookups in a row
	 * failed (after their retries), lookups fail at once for the cool-down, then one lookup tests
	 * the registry.
	 */
	public static class CircuitBreaker {

		/**
		 * Whether lookups fail fast after repeated registry failures.
		 */
		private boolean enabled = true;

		/**
		 * How many lookups in a row must fail because the registry is down (unreachable, or an
		 * error status of 500 or more) before lookups fail fast.
		 */
		private int failureThreshold = 5;

		/**
		 * How long lookups fail fast before one lookup is let through to test the registry.
		 */
		private Duration coolDown = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getFailureThreshold() {
			return this.failureThreshold;
		}

		public void setFailureThreshold(int failureThreshold) {
			this.failureThreshold = failureThreshold;
		}

		public Duration getCoolDown() {
			return this.coolDown;
		}

		public void setCoolDown(Duration coolDown) {
			this.coolDown = coolDown;
		}

	}

}
