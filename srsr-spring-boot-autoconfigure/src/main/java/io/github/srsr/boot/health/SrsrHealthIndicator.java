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
 * last heartbeat succeeded, {@code DOWN} while registration or heartbeats fail, {@code
 * OUT_OF_SERVICE} after deregistration and {@code UNKNOWN} before the first attempt. With several
 * registries: {@code UP} while at least one holds a live registration, with each registry's
 * details under {@code registries}. Reads the registration's state; never calls a registry.
 */
public class SrsrHealthIndicator extends AbstractHealthIndicator {

	private final SrsrRegistration registration;

	public SrsrHealthIndicator(SrsrRegistration registration) {
		super("srsr health check failed");
		this.registration = registration;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		SrsrRegistrationStatus status = this.registration.getStatus();
		builder.status(toStatus(status.state()));
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
		if (status.lastError() != null) {
			builder.withDetail("error", status.lastError());
		}
		if (status.registries().size() > 1) {
			Map<String, Object> registries = new LinkedHashMap<>();
			status.registries().forEach((registry) -> registries.put(registry.registryUrl(), details(registry)));
			builder.withDetail("registries", registries);
		}
	}

	private static Map<String, Object> details(RegistryStatus registry) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("status", toStatus(registry.state()).getCode());
		if (registry.instanceId() != null) {
			details.put("instanceId", registry.instanceId());
		}
		if (registry.lastHeartbeat() != null) {
			details.put("lastHeartbeat", registry.lastHeartbeat().toString());
		}
		details.put("consecutiveFailures", registry.consecutiveFailures());
		if (registry.lastError() != null) {
			details.put("error", registry.lastError());
		}
		return details;
	}

	private static Status toStatus(State state) {
		return switch (state) {
			case REGISTERED -> Status.UP;
			case FAILING -> Status.DOWN;
			case DEREGISTERED -> Status.OUT_OF_SERVICE;
			case NOT_ATTEMPTED -> Status.UNKNOWN;
		};
	}

}
