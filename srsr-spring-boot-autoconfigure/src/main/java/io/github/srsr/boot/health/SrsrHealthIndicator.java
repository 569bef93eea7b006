package io.github.srsr.boot.health;

import io.github.srsr.boot.SrsrRegistration;
import io.github.srsr.boot.SrsrRegistrationStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the srsr registration, component {@code srsr}: {@code UP} while registered and the
 * last heartbeat succeeded, {@code DOWN} while registration or heartbeats fail, {@code
 * OUT_OF_SERVICE} after deregistration and {@code UNKNOWN} before the first attempt. Reads the
 * registration's state; never calls the registry.
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
		builder.status(switch (status.state()) {
			case REGISTERED -> Status.UP;
			case FAILING -> Status.DOWN;
			case DEREGISTERED -> Status.OUT_OF_SERVICE;
			case NOT_ATTEMPTED -> Status.UNKNOWN;
		});
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
	}

}
