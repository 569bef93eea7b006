package io.github.srsr.boot.registration;

import java.time.Duration;

/**
 * Published when an attempt to register this application failed. Another attempt follows after a
 * back-off, unless the application is shutting down.
 */
public class SrsrRegistrationFailedEvent extends SrsrRegistrationEvent {

	private final Throwable error;

	private final int attempt;

	private final Duration retryIn;

	public SrsrRegistrationFailedEvent(Object source, String serviceName, String registryUrl,
			Throwable error, int attempt, Duration retryIn) {
		super(source, serviceName, registryUrl);
		this.error = error;
		this.attempt = attempt;
		this.retryIn = retryIn;
	}

	/**
	 * Return why the attempt failed.
	 * @return the error
	 */
	public Throwable getError() {
		return this.error;
	}

	/**
	 * Return the number of this attempt, starting at 1 for the first attempt of a streak.
	 * @return the attempt number
	 */
	public int getAttempt() {
		return this.attempt;
	}

	/**
	 * Return the back-off before the next attempt, as {@code srsr.retry.*} and the heartbeat
	 * interval give it (with jitter). No attempt follows when the application is leaving, or
	 * with {@code srsr.fail-fast} once every attempt it allows has failed.
	 * @return the time until the next attempt
	 */
	public Duration getRetryIn() {
		return this.retryIn;
	}

	@Override
	String describe() {
		return "registration attempt " + this.attempt + " failed: " + FailureStreak.describe(this.error);
	}

}
