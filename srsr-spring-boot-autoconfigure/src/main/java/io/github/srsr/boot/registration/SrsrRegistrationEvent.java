package io.github.srsr.boot.registration;

import org.springframework.context.ApplicationEvent;

/**
 * Base class of the events {@link SrsrRegistration} publishes as the registration goes through its
 * lifecycle. Listeners run on the thread that made the registry call: keep them short.
 */
public abstract class SrsrRegistrationEvent extends ApplicationEvent {

	private final String serviceName;

	private final String registryUrl;

	protected SrsrRegistrationEvent(SrsrRegistration source, String serviceName, String registryUrl) {
		super(source);
		this.serviceName = serviceName;
		this.registryUrl = registryUrl;
	}

	/**
	 * Return the registry this event is about.
	 * @return the registry URL, credentials masked
	 */
	public String getRegistryUrl() {
		return this.registryUrl;
	}

	/**
	 * Return the name this application registers under.
	 * @return the service name
	 */
	public String getServiceName() {
		return this.serviceName;
	}

	@Override
	public SrsrRegistration getSource() {
		return (SrsrRegistration) super.getSource();
	}

	/**
	 * Describe what happened in a few words, for the recent events of the status.
	 * @return the description
	 */
	abstract String describe();

}
