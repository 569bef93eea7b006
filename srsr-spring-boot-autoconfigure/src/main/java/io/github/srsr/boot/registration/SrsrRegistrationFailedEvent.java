package io.github.srsr.boot.registration;

/**
 * Published when an attempt to register this application failed. Another attempt follows after a
 * back-off, unless the application is shutting down.
 */
public class SrsrRegistrationFailedEvent extends SrsrRegistrationEvent {

	private final Throwable error;

	private final int attempt;

	public SrsrRegistrationFailedEvent(SrsrRegistration source, String serviceName, String registryUrl,
			Throwable error, int attempt) {
		super(source, serviceName, registryUrl);
		this.error = error;
		this.attempt = attempt;
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

	@Override
	String describe() {
		return "registration attempt " + this.attempt + " failed: " + FailureStreak.describe(this.error);
	}

}
