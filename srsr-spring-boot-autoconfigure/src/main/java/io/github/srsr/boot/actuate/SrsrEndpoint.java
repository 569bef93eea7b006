package io.github.srsr.boot.actuate;

import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.github.srsr.boot.lookup.SrsrInstanceSet;
import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.boot.registration.SrsrRegistrationStatus;

import org.springframework.boot.actuate.endpoint.Access;
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
 * URL (credentials masked), last heartbeat, failures, counts, when and why it last registered
 * again after a removal from lookup, recent lifecycle events, and the same for each registry when
 * there are several, and under {@code instanceSets} the instance set of each service name in use
 * (its addresses, when it was last refreshed and whether that refresh failed);</li>
 * <li>write {@code deregister} ({@code POST /actuator/srsr/deregister}): deregister and stop
 * heartbeats until {@code register}; the {@code srsr} health component turns
 * {@code OUT_OF_SERVICE};</li>
 * <li>write {@code register} ({@code POST /actuator/srsr/register}): register again, in the
 * background.</li>
 * </ul>
 * Like every actuator endpoint it is not exposed over HTTP unless
 * {@code management.endpoints.web.exposure.include} names it. Its write operations are off until
 * {@code management.endpoint.srsr.access=unrestricted} turns them on, the way Spring Boot keeps
 * its {@code shutdown} endpoint off: anyone who can call them can take the application out of
 * service discovery, so secure them.
 */
@Endpoint(id = "srsr", defaultAccess = Access.READ_ONLY)
class SrsrEndpoint {

	/**
	 * Write operation that takes the registration out of rotation.
	 */
	static final String DEREGISTER = "deregister";

	/**
	 * Write operation that puts the registration back into rotation.
	 */
	static final String REGISTER = "register";

	private final SrsrRegistration registration;

	private final Supplier<List<SrsrInstanceSet>> instanceSets;

	/**
	 * Create an endpoint that shows no instance sets.
	 * @param registration the registration to show and control
	 */
	SrsrEndpoint(SrsrRegistration registration) {
		this(registration, List::of);
	}

	/**
	 * Create an endpoint.
	 * @param registration the registration to show and control
	 * @param instanceSets the instance sets known
	 */
	SrsrEndpoint(SrsrRegistration registration, Supplier<List<SrsrInstanceSet>> instanceSets) {
		Assert.notNull(registration, "'registration' must not be null");
		Assert.notNull(instanceSets, "'instanceSets' must not be null");
		this.registration = registration;
		this.instanceSets = instanceSets;
	}

	/**
	 * Return the state of the registration and the instance sets known.
	 * @return the registration's state and the instance sets
	 */
	@ReadOperation
	public RegistrationBody registration() {
		return new RegistrationBody(this.registration.getStatus(), this.instanceSets.get());
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
	 * The status of the registration, as the endpoint shows it: the fields of
	 * {@link SrsrRegistrationStatus} themselves and {@code instanceSets}, written with the
	 * actuator's own JSON settings.
	 *
	 * @param status the status
	 * @param instanceSets the instance set of each service name in use, by name
	 */
	record RegistrationBody(@JsonUnwrapped SrsrRegistrationStatus status,
			List<SrsrInstanceSet> instanceSets) implements OperationResponseBody {
	}

}
