package io.github.srsr.boot.metrics;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.lookup.DefaultSrsrServiceLookup;
import io.github.srsr.boot.lookup.SrsrServiceLookup;
import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.ServiceRegistrationRequest;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The srsr meters: {@code srsr.registered}, a gauge that is {@code 1} while a registry holds a
 * registration of this application (none while the registration is inactive for want of a
 * service name), and, from the observations of the starter's registry calls
 * ({@value RestClientSrsrClient#OBSERVATION_NAME}, whose timer Micrometer records),
 * {@code srsr.registrations} and {@code srsr.heartbeats}, counted by outcome per registry;
 * {@code srsr.discovery.lookups}, the lookups the instance sets have made.
 */
final class SrsrMeters implements MeterBinder, ObservationHandler<Observation.Context> {

	private final ObjectProvider<SrsrRegistration> registration;

	private final ObjectProvider<SrsrServiceLookup> lookup;

	private volatile @Nullable MeterRegistry meterRegistry;

	SrsrMeters(ObjectProvider<SrsrRegistration> registration, ObjectProvider<SrsrServiceLookup> lookup) {
		this.registration = registration;
		this.lookup = lookup;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.meterRegistry = registry;
		if (this.lookup.getIfUnique() instanceof DefaultSrsrServiceLookup lookup) {
			FunctionCounter.builder("srsr.discovery.lookups", lookup, DefaultSrsrServiceLookup::getInstanceSetLookups)
				.description("Lookups made to learn and refresh the instance sets of the service names in use")
				.register(registry);
		}
		SrsrRegistration registration = this.registration.getIfUnique();
		ServiceRegistrationRequest service = (registration != null) ? registration.getService() : null;
		// Without a service name the registration is inactive and there is nothing to gauge.
		if (registration != null && service != null) {
			Gauge.builder("srsr.registered", registration, (registered) -> (registered.getStatus().instanceId() != null) ? 1 : 0)
				.description("Whether the srsr registry holds a registration of this application")
				.tag("service", service.name())
				.register(registry);
			for (int i = 0; i < registration.getStatus().registries().size(); i++) {
				int index = i;
				FunctionCounter
					.builder("srsr.lookup.removals", registration,
							(registered) -> registered.getStatus().registries().get(index).lookupRemovals())
					.description("How many times the srsr registry had removed this application from lookup "
							+ "(srsr's name-wide removal) and it registered again")
					.tag("service", service.name())
					.tag("registry", registration.getStatus().registries().get(index).registryUrl())
					.register(registry);
			}
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return RestClientSrsrClient.OBSERVATION_NAME.equals(context.getName());
	}

	@Override
	public void onStop(Observation.Context context) {
		MeterRegistry registry = this.meterRegistry;
		String operation = value(context, "operation");
		String outcome = value(context, "outcome");
		if (registry == null || operation == null || outcome == null) {
			return;
		}
		switch (operation) {
			case "register" -> count(registry, "srsr.registrations", context, outcome.equals("success") ? "success" : "failure");
			case "heartbeat" -> count(registry, "srsr.heartbeats", context, switch (outcome) {
				case "success" -> "success";
				case "unknown-instance" -> "forgotten";
				default -> "failure";
			});
			default -> {
			}
		}
	}

	private static void count(MeterRegistry registry, String name, Observation.Context context, String outcome) {
		Counter.builder(name)
			.tag("registry", String.valueOf(value(context, "registry")))
			.tag("outcome", outcome)
			.register(registry)
			.increment();
	}

	private static @Nullable String value(Observation.Context context, String key) {
		KeyValue keyValue = context.getLowCardinalityKeyValue(key);
		return (keyValue != null) ? keyValue.getValue() : null;
	}

}
