package io.github.srsr.boot.lookup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Counts the lookups of one registry that failed because the registry is down. After
 * {@code failureThreshold} in a row the circuit opens: lookups of that registry fail fast for
 * {@code coolDown}. Then it is half-open: one lookup is let through while the others keep failing
 * fast; its success closes the circuit, its failure opens it for another cool-down. Thread-safe.
 * <p>
 * While the circuit is closed and no failure is being counted, which is every lookup of a registry
 * that answers, asking for permission and recording an answer are volatile reads only: no lock
 * is taken and nothing is written, so that threads looking up at once do not contend here. Every
 * change of state is made under the lock.
 */
final class LookupCircuitBreaker {

	private static final Log logger = LogFactory.getLog(LookupCircuitBreaker.class);

	private final String registryName;

	private final int failureThreshold;

	private final Duration coolDown;

	private final Clock clock;

	/** Written under the lock only; read without it by the fast paths. */
	private volatile State state = State.CLOSED;

	/** Written under the lock only; read without it by the fast path of {@link #onAnswered()}. */
	private volatile int consecutiveFailures;

	private @Nullable Instant openUntil;

	private @Nullable Throwable lastFailure;

	LookupCircuitBreaker(String registryName, int failureThreshold, Duration coolDown, Clock clock) {
		Assert.isTrue(failureThreshold > 0, "'failureThreshold' must be positive");
		Assert.isTrue(!coolDown.isNegative() && !coolDown.isZero(), "'coolDown' must be positive");
		this.registryName = registryName;
		this.failureThreshold = failureThreshold;
		this.coolDown = coolDown;
		this.clock = clock;
	}

	/**
	 * Ask whether a lookup may go to the registry.
	 * @param serviceName the name about to be looked up, for the message
	 * @throws SrsrLookupCircuitOpenException if the circuit is open, or half-open with its trial
	 * lookup in flight
	 */
	void acquirePermission(String serviceName) {
		if (this.state == State.CLOSED) {
			return;
		}
		acquirePermissionWhileNotClosed(serviceName);
	}

	private synchronized void acquirePermissionWhileNotClosed(String serviceName) {
		if (this.state == State.CLOSED) {
			return;
		}
		Instant now = this.clock.instant();
		if (this.state == State.OPEN && this.openUntil != null && !now.isBefore(this.openUntil)) {
			this.state = State.HALF_OPEN;
			return;
		}
		Instant retryAt = (this.state == State.OPEN && this.openUntil != null) ? this.openUntil : now;
		String next = (this.state == State.HALF_OPEN) ? "one lookup is testing the registry right now"
				: "the next lookup after " + retryAt + " tests the registry again";
		String last = (this.lastFailure != null) ? " (last: " + this.lastFailure.getMessage() + ")" : "";
		throw new SrsrLookupCircuitOpenException("srsr lookup of '" + serviceName + "' not attempted: srsr registry "
				+ this.registryName + " failed " + this.consecutiveFailures + " lookups in a row" + last
				+ ", so lookups fail fast; " + next, this.lastFailure, retryAt);
	}

	/**
	 * Record a lookup the registry answered, or one that failed for a reason other than the
	 * registry being down.
	 */
	void onAnswered() {
		// Nothing to reset: the circuit is closed and no failure counted since the last answer.
		// A failure recorded concurrently is then simply ordered after this answer.
		if (this.consecutiveFailures == 0 && this.state == State.CLOSED) {
			return;
		}
		reset();
	}

	private synchronized void reset() {
		if (this.state != State.CLOSED) {
			logger.info("srsr registry " + this.registryName + " answers lookups again after "
					+ this.consecutiveFailures + " failed lookups in a row; lookups no longer fail fast");
		}
		this.state = State.CLOSED;
		this.consecutiveFailures = 0;
		this.openUntil = null;
		this.lastFailure = null;
	}

	/**
	 * Record a lookup that failed because the registry is down.
	 * @param failure the failure
	 */
	synchronized void onRegistryFailure(Throwable failure) {
		this.consecutiveFailures = this.consecutiveFailures + 1;
		this.lastFailure = failure;
		if (this.state == State.HALF_OPEN || this.consecutiveFailures >= this.failureThreshold) {
			boolean opening = this.state == State.CLOSED;
			this.state = State.OPEN;
			this.openUntil = this.clock.instant().plus(this.coolDown);
			if (opening) {
				logger.warn("srsr registry " + this.registryName + " failed " + this.consecutiveFailures
						+ " lookups in a row (last: " + failure.getMessage() + "); its lookups fail fast for "
						+ this.coolDown.toMillis() + " ms, then one lookup tests the registry");
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("srsr registry " + this.registryName + " still fails lookups; its lookups fail fast "
						+ "for another " + this.coolDown.toMillis() + " ms");
			}
		}
	}

	enum State {

		CLOSED, OPEN, HALF_OPEN

	}

}
