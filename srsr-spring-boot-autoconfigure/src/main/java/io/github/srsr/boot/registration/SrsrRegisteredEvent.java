package io.github.srsr.boot.registration;

/**
 * Published when the registry accepted a registration of this application, the first one or a
 * re-registration after the registry forgot the instance.
 */
public class SrsrRegisteredEvent extends SrsrRegistrationEvent {

	private final String instanceId;

	private final String address;

	private final int attempts;

	private final boolean reRegistration;

	public SrsrRegisteredEvent(SrsrRegistration source, String serviceName, String registryUrl, String instanceId,
			String address, int attempts, boolean reRegistration) {
		super(source, serviceName, registryUrl);
		this.instanceId = instanceId;
		this.address = address;
		this.attempts = attempts;
		this.reRegistration = reRegistration;
	}

	/**
	 * Return the instance id the registry assigned.
	 * @return the instance id
	 */
	public String getInstanceId() {
		return this.instanceId;
	}

	/**
	 * Return a description of the address that was registered, as sent to the registry.
	 * @return the registered address
	 */
	public String getAddress() {
		return this.address;
	}

	/**
	 * Return how many attempts this registration took, counting the successful one.
	 * @return the number of attempts
	 */
	public int getAttempts() {
		return this.attempts;
	}

	/**
	 * Return whether this application had been registered before and registered again.
	 * @return whether this is a re-registration
	 */
	public boolean isReRegistration() {
		return this.reRegistration;
	}

	@Override
	String describe() {
		return ((this.reRegistration) ? "re-registered as " : "registered as ") + this.instanceId + " at " + this.address;
	}

}
