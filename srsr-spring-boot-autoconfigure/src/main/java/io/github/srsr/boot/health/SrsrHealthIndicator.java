package io.github.srsr.boot.health;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.boot.registration.SrsrRegistrationStatus;
import io.github.srsr.boot.registration.SrsrRegistrationStatus.RegistryStatus;
import io.github.srsr.boot.registration.SrsrRegistrationStatus.State;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the srsr registration, component {@code srsr}: {@code UP} while registered and the
 * last heartbeat succeeded, {@code OUT_OF_SERVICE} after deregistration, {@code UNKNOWN} before
 * the first attempt and while inactive for want of a service name (detail {@code inactive}), and
 * while registration or heartbeats fail, the configured failure status:
 * {@code UNKNOWN} by default, so that a registry outage does not fail the application's aggregate
 * health (the details say what fails and since when), or {@code DOWN}. With several registries:
 * {@code UP} while at least one holds a live registration, with each registry's details under
 * {@code registries}. Reads the registration's status; never calls a registry.
 */
class SrsrHealthIndicator extends AbstractHealthIndicator {

	private final SrsrRegistration registration;

	private final Status failureStatus;

	SrsrHealthIndicator(SrsrRegistration registration, Status failureStatus) {
		super("srsr health check failed");
		this.registration = registration;
		this.failureStatus = failureStatus;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		SrsrRegistrationStatus status = this.registration.getStatus();
		builder.status(toStatus(status.state()));
		if (status.inactive() != null) {
			builder.withDetail("inactive", status.inactive()).withDetail("registryUrl", status.registryUrl());
			return;
		}
		builder.withDetail("serviceName", status.serviceName());
		builder.withDetail("registryUrl", status.registryUrl());
		if (status.instanceId() != null) {
			builder.withDetail("instanceId", status.instanceId());
		}
		if (status.address() != null) {
			builder.withDetail("address", status.address());
		}
		if (status.lastHeartbeat() != null) {
			builder.withDetail("lastHeartbeat", status.lastHeartbeat().toString());
		}
		builder.withDetail("consecutiveFailures", status.consecutiveFailures());
		if (status.failingSince() != null) {
			builder.withDetail("failingSince", status.failingSince().toString());
		}
		if (status.lastError() != null) {
			builder.withDetail("error", status.lastError());
		}
		builder.withDetail("lookupRemovals", status.lookupRemovals());
		if (status.lastLookupRemoval() != null) {
			builder.withDetail("lastLookupRemoval", status.lastLookupRemoval().toString());
		}
		if (status.lastLookupRemovalCause() != null) {
			builder.withDetail("lastLookupRemovalCause", status.lastLookupRemovalCause());
		}
		if (status.registries().size() > 1) {
			Map<String, Object> registries = new LinkedHashMap<>();
			status.registries().forEach((registry) -> registries.put(registry.registryUrl(), details(registry)));
			builder.withDetail("registries", registries);
		}
	}

	private Map<String, Object> details(RegistryStatus registry) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("status", toStatus(registry.state()).getCode());
		if (registry.instanceId() != null) {
			details.put("instanceId", registry.instanceId());
		}
		if (registry.lastHeartbeat() != null) {
			details.put("lastHeartbeat", registry.lastHeartbeat().toString());
		}
		details.put("consecutiveFailures", registry.consecutiveFailures());
		if (registry.failingSince() != null) {
			details.put("failingSince", registry.failingSince().toString());
		}
		if (registry.lastError() != null) {
			details.put("error", registry.lastError());
		}
		details.put("lookupRemovals", registry.lookupRemovals());
		if (registry.lastLookupRemoval() != null) {
			details.put("lastLookupRemoval", registry.lastLookupRemoval().toString());
		}
		if (registry.lastLookupRemovalCause() != null) {
			details.put("lastLookupRemovalCause", registry.lastLookupRemovalCause());
		}
		return details;
	}

	private Status toStatus(State state) {
		return switch (state) {
			case REGISTERED -> Status.UP;
			case FAILING -> this.failureStatus;
			case DEREGISTERED -> Status.OUT_OF_SERVICE;
			case NOT_ATTEMPTED -> Status.UNKNOWN;
		};
	}

}
