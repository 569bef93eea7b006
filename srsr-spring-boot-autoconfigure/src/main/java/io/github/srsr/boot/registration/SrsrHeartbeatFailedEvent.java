package io.github.srsr.boot.registration;

/**
 * Published when a heartbeat could not be delivered: the Spring form of srsrpy's
 * {@code heartbeat_error_handler}. Heartbeats go on at the configured interval.
 */
public class SrsrHeartbeatFailedEvent extends SrsrRegistrationEvent {

	private final String instanceId;

	private final Throwable error;

	private final int consecutiveFailures;

	public SrsrHeartbeatFailedEvent(Object source, String serviceName, String registryUrl,
			String instanceId, Throwable error, int consecutiveFailures) {
		super(source, serviceName, registryUrl);
		this.instanceId = instanceId;
		this.error = error;
		this.consecutiveFailures = consecutiveFailures;
	}

	/**
	 * Return the id of the instance the heartbeat was for.
	 * @return the instance id
	 */
	public String getInstanceId() {
		return this.instanceId;
	}

	/**
	 * Return why the heartbeat failed.
	 * @return the error
	 */
	public Throwable getError() {
		return this.error;
	}

	/**
	 * Return how many heartbeats in a row have failed, this one included.
	 * @return the number of consecutive failures
	 */
	public int getConsecutiveFailures() {
		return this.consecutiveFailures;
	}

	@Override
	String describe() {
		return "heartbeat failed: " + FailureStreak.describe(this.error);
	}

}
