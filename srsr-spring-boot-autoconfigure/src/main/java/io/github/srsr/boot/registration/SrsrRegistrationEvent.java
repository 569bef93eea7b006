package io.github.srsr.boot.registration;

import org.springframework.context.ApplicationEvent;
import org.springframework.util.Assert;

/**
 * Base class of the events {@link SrsrRegistration} publishes as the registration goes through its
 * lifecycle. Listeners run on the thread that made the registry call: keep them short.
 * <p>
 * The source of every event is the {@link SrsrRegistration} that published it, as
 * {@link #getSource()} returns it. The events' constructors take the source as an {@code Object},
 * as {@link ApplicationEvent}'s does, and this class checks its type.
 */
public abstract class SrsrRegistrationEvent extends ApplicationEvent {

	private final String serviceName;

	private final String registryUrl;

	/**
	 * Create an event.
	 * @param source the {@link SrsrRegistration} that publishes the event
	 * @param serviceName the service name
	 * @param registryUrl the registry URL, credentials masked
	 */
	protected SrsrRegistrationEvent(Object source, String serviceName, String registryUrl) {
		super(source);
		Assert.isInstanceOf(SrsrRegistration.class, source);
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
