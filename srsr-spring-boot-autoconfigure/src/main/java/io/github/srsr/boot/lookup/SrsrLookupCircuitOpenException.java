package io.github.srsr.boot.lookup;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.github.srsr.client.SrsrClientException;

/**
 * Thrown instead of asking the registry while lookups fail fast: the registry failed several
 * lookups in a row, so callers are answered at once until a cool-down has elapsed; then one lookup
 * is let through to test the registry. The cause is the last failure of the registry.
 */
public class SrsrLookupCircuitOpenException extends SrsrClientException {

	private final Instant retryAt;

	public SrsrLookupCircuitOpenException(String message, @Nullable Throwable lastFailure, Instant retryAt) {
		super(message, lastFailure);
		this.retryAt = retryAt;
	}

	/**
	 * Return when the next lookup is let through to the registry.
	 * @return the end of the cool-down
	 */
	public Instant getRetryAt() {
		return this.retryAt;
	}

}
