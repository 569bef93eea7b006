package io.github.srsr.boot.actuate;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.boot.registration.SrsrRegistrationStatus;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.util.Assert;

/**
 * {@link Endpoint @Endpoint} {@code srsr}: shows this application's srsr registration and takes it
 * out of rotation and back.
 * <ul>
 * <li>read ({@code GET /actuator/srsr}): the registration's state, instance id, address, registry
 * URL (credentials masked), last heartbeat, failures, counts, recent lifecycle events, and the
 * same for each registry when there are several;</li>
 * <li>write {@code deregister} ({@code POST /actuator/srsr/deregister}): deregister and stop
 * heartbeats until {@code register}; the {@code srsr} health component turns
 * {@code OUT_OF_SERVICE};</li>
 * <li>write {@code register} ({@code POST /actuator/srsr/register}): register again, in the
 * background.</li>
 * </ul>
 * Like every actuator endpoint it is not exposed over HTTP unless
 * {@code management.endpoints.web.exposure.include} names it; anyone who can call its write
 * operations can take the application out of service discovery, so secure it.
 */
@Endpoint(id = "srsr")
public class SrsrEndpoint {

	/**
	 * Write operation that takes the registration out of rotation.
	 */
	public static final String DEREGISTER = "deregister";

	/**
	 * Write operation that puts the registration back into rotation.
	 */
	public static final String REGISTER = "register";

	private final SrsrRegistration registration;

	/**
	 * Create an endpoint.
	 * @param registration the registration to show and control
	 */
	public SrsrEndpoint(SrsrRegistration registration) {
		Assert.notNull(registration, "'registration' must not be null");
		this.registration = registration;
	}

	/**
	 * Return the state of the registration.
	 * @return the registration's state
	 */
	@ReadOperation
	public RegistrationDescriptor registration() {
		return RegistrationDescriptor.of(this.registration.getStatus());
	}

	/**
	 * Take the registration out of rotation ({@value #DEREGISTER}) or put it back
	 * ({@value #REGISTER}). Deregistration has happened when this returns; registration is
	 * requested and happens in the background, retried until it succeeds.
	 * @param operation {@value #DEREGISTER} or {@value #REGISTER}
	 */
	@WriteOperation
	public void change(@Selector String operation) {
		switch (operation) {
			case DEREGISTER -> this.registration.deregister();
			case REGISTER -> this.registration.register();
			default -> throw new InvalidEndpointRequestException("Unknown srsr operation '" + operation + "'",
					"Unknown operation '" + operation + "': use " + REGISTER + " or " + DEREGISTER);
		}
	}

	/**
	 * The state of the registration, as the endpoint shows it.
	 *
	 * @param state where the registration stands: {@code NOT_ATTEMPTED}, {@code REGISTERED},
	 * {@code FAILING} or {@code DEREGISTERED}
	 * @param serviceName the name this application registers under
	 * @param instanceId the id the registry assigned, while registered
	 * @param address the address sent to the registry
	 * @param registryUrl the registry URL, credentials masked
	 * @param lastHeartbeat when the registry last confirmed a heartbeat
	 * @param consecutiveFailures how many registry calls in a row have failed
	 * @param lastError the last failure, while failing
	 * @param registrations how many times the registry accepted a registration
	 * @param reRegistrations how many of those replaced an earlier registration
	 * @param recentEvents the last lifecycle events, oldest first
	 * @param registries the registration with each registry, in the order of
	 * {@code srsr.registry.url}
	 */
	public record RegistrationDescriptor(SrsrRegistrationStatus.State state, String serviceName,
			@Nullable String instanceId, @Nullable String address, String registryUrl, @Nullable Instant lastHeartbeat,
			int consecutiveFailures, @Nullable String lastError, int registrations, int reRegistrations,
			List<EventDescriptor> recentEvents, List<RegistryDescriptor> registries) implements OperationResponseBody {

		static RegistrationDescriptor of(SrsrRegistrationStatus status) {
			return new RegistrationDescriptor(status.state(), status.serviceName(), status.instanceId(),
					status.address(), status.registryUrl(), status.lastHeartbeat(), status.consecutiveFailures(),
					status.lastError(), status.registrations(), status.reRegistrations(),
					status.recentEvents()
						.stream()
						.map((event) -> new EventDescriptor(event.time(), event.description()))
						.toList(),
					status.registries()
						.stream()
						.map((registry) -> new RegistryDescriptor(registry.registryUrl(), registry.state(),
								registry.instanceId(), registry.lastHeartbeat(), registry.consecutiveFailures(),
								registry.lastError(), registry.registrations(), registry.reRegistrations()))
						.toList());
		}

	}

	/**
	 * The registration with one registry.
	 *
	 * @param registryUrl the registry URL, credentials masked
	 * @param state where the registration with this registry stands
	 * @param instanceId the id this registry assigned, while registered
	 * @param lastHeartbeat when this registry last confirmed a heartbeat
	 * @param consecutiveFailures how many calls to this registry in a row have failed
	 * @param lastError the last failure, while failing
	 * @param registrations how many times this registry accepted a registration
	 * @param reRegistrations how many of those replaced an earlier one
	 */
	public record RegistryDescriptor(String registryUrl, SrsrRegistrationStatus.State state,
			@Nullable String instanceId, @Nullable Instant lastHeartbeat, int consecutiveFailures,
			@Nullable String lastError, int registrations, int reRegistrations) {
	}

	/**
	 * A step of the registration's lifecycle.
	 *
	 * @param time when it happened
	 * @param description what happened
	 */
	public record EventDescriptor(Instant time, String description) {
	}

}
