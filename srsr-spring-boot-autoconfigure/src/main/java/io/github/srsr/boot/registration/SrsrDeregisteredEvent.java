package io.github.srsr.boot.registration;

/**
 * Published when this application left the registry: on shutdown, or when its readiness changed
 * to refusing traffic.
 */
public class SrsrDeregisteredEvent extends SrsrRegistrationEvent {

	private final String instanceId;

	private final boolean acknowledged;

	public SrsrDeregisteredEvent(Object source, String serviceName, String registryUrl, String instanceId,
			boolean acknowledged) {
		super(source, serviceName, registryUrl);
		this.instanceId = instanceId;
		this.acknowledged = acknowledged;
	}

	/**
	 * Return the id of the instance that was deregistered.
	 * @return the instance id
	 */
	public String getInstanceId() {
		return this.instanceId;
	}

	/**
	 * Return whether the registry confirmed the deregistration. When it did not (unreachable, or it
	 * had already forgotten the instance), the entry expires on the registry's timeout.
	 * @return whether the registry confirmed
	 */
	public boolean isAcknowledged() {
		return this.acknowledged;
	}

	@Override
	String describe() {
		return "deregistered " + this.instanceId + ((this.acknowledged) ? "" : " (not confirmed by the registry)");
	}

}
