package io.github.srsr.boot.lookup;

import java.time.Duration;

import io.github.srsr.client.SrsrRegistryUnreachableException;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Retries {@link SrsrRegistryUnreachableException} only, with an exponential back-off: what
 * {@code RetryPolicy.builder()} would build with a predicate, written out so that a lookup bean
 * that never retries loads none of the builder's machinery.
 */
final class ConnectionFailureRetryPolicy implements RetryPolicy {

	private final ExponentialBackOff backOff;

	ConnectionFailureRetryPolicy(long maxRetries, Duration initialInterval, double multiplier,
			Duration maxInterval) {
		Assert.isTrue(maxRetries >= 0, "'maxRetries' must not be negative");
		Assert.isTrue(!initialInterval.isNegative(), "'initialInterval' must not be negative");
		Assert.isTrue(multiplier >= 1, "'multiplier' must be at least 1");
		Assert.isTrue(!maxInterval.isNegative() && !maxInterval.isZero(), "'maxInterval' must be positive");
		this.backOff = new ExponentialBackOff(initialInterval.toMillis(), multiplier);
		this.backOff.setMaxInterval(maxInterval.toMillis());
		this.backOff.setMaxAttempts(maxRetries);
	}

	@Override
	public boolean shouldRetry(Throwable throwable) {
		return throwable instanceof SrsrRegistryUnreachableException;
	}

	@Override
	public Duration getTimeout() {
		return Duration.ZERO;
	}

	@Override
	public BackOff getBackOff() {
		return this.backOff;
	}

	@Override
	public String toString() {
		return "retry on connection failure, " + this.backOff;
	}

}
