package io.github.srsr.boot.registration;

/**
 * Published when the registry accepted a registration of this application: the first one, a
 * re-registration after the registry forgot the instance, or one after the registry had removed
 * the instance from lookup (srsr's name-wide removal, see {@link #isAfterLookupRemoval()}).
 */
public class SrsrRegisteredEvent extends SrsrRegistrationEvent {

	private final String instanceId;

	private final String address;

	private final int attempts;

	private final boolean reRegistration;

	private final boolean afterLookupRemoval;

	/**
	 * Create an event.
	 * @param source the registration
	 * @param serviceName the service name
	 * @param registryUrl the registry URL, credentials masked
	 * @param instanceId the instance id the registry assigned
	 * @param address the address registered, as sent
	 * @param attempts the attempts it took
	 * @param reRegistration whether the application had been registered before
	 * @param afterLookupRemoval whether it registered again because the registry had removed it
	 * from lookup
	 */
	public SrsrRegisteredEvent(Object source, String serviceName, String registryUrl, String instanceId,
			String address, int attempts, boolean reRegistration, boolean afterLookupRemoval) {
		super(source, serviceName, registryUrl);
		this.instanceId = instanceId;
		this.address = address;
		this.attempts = attempts;
		this.reRegistration = reRegistration;
		this.afterLookupRemoval = afterLookupRemoval;
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

	/**
	 * Return whether the application registered again because the registry had removed it from
	 * lookup while its heartbeats still succeeded (srsr's name-wide removal: another instance of
	 * the name left or expired). The ids held before are kept alive with heartbeats until the
	 * application leaves, as their expiry would remove the name again; they are released instead
	 * when the registry showed the name's list empty, or once 16 ids are held.
	 * @return whether this registration healed a removal from lookup
	 */
	public boolean isAfterLookupRemoval() {
		return this.afterLookupRemoval;
	}

	@Override
	String describe() {
		if (this.afterLookupRemoval) {
			return "removed from lookup; registered again as " + this.instanceId + " at " + this.address;
		}
		return ((this.reRegistration) ? "re-registered as " : "registered as ") + this.instanceId + " at " + this.address;
	}

}
