package io.github.srsr.boot.cloud;

import io.github.srsr.boot.registration.SrsrRegisteredEvent;

import org.springframework.cloud.client.discovery.event.InstanceRegisteredEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.ApplicationListener;
import org.springframework.util.Assert;

/**
 * Publishes Spring Cloud's {@link InstanceRegisteredEvent} whenever srsr accepts a registration of
 * this application ({@link SrsrRegisteredEvent}), as Spring Cloud's own service registrations do,
 * so that listeners such as the discovery health indicators know the instance is registered. The
 * event's configuration is the {@link SrsrCloudRegistration}.
 */
class SrsrInstanceRegisteredEventPublisher
		implements ApplicationListener<SrsrRegisteredEvent>, ApplicationEventPublisherAware {

	private final SrsrCloudRegistration registration;

	private ApplicationEventPublisher publisher = (event) -> {
	};

	/**
	 * Create a publisher.
	 * @param registration the registration to name in the events
	 */
	public SrsrInstanceRegisteredEventPublisher(SrsrCloudRegistration registration) {
		Assert.notNull(registration, "'registration' must not be null");
		this.registration = registration;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher applicationEventPublisher) {
		this.publisher = applicationEventPublisher;
	}

	@Override
	public void onApplicationEvent(SrsrRegisteredEvent event) {
		if (event.getSource() == this.registration.getRegistration()) {
			this.publisher.publishEvent(new InstanceRegisteredEvent<>(this, this.registration));
		}
	}

}
