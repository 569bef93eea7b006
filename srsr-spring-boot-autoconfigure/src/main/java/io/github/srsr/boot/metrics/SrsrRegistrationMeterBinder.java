package io.github.srsr.boot.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.srsr.boot.registration.SrsrRegistration;

/**
 * Binds {@code srsr.registered}, a gauge that is {@code 1} while the registry holds a registration
 * of this application and {@code 0} otherwise.
 */
public class SrsrRegistrationMeterBinder implements MeterBinder {

	private final SrsrRegistration registration;

	public SrsrRegistrationMeterBinder(SrsrRegistration registration) {
		this.registration = registration;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("srsr.registered", this.registration,
				(registration) -> (registration.getStatus().instanceId() != null) ? 1 : 0)
			.description("Whether the srsr registry holds a registration of this application")
			.tag("service", this.registration.getService().name())
			.register(registry);
	}

}
