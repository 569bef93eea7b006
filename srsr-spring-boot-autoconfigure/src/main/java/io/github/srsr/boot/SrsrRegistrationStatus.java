package io.github.srsr.boot;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of how the registration of this application is going, as shown by the health
 * indicator.
 *
 * @param state where the registration stands
 * @param serviceName the name this application registers under
 * @param registryUrl the registry URLs, credentials masked, comma-separated
 * @param instanceId the id the registry assigned, while registered
 * @param address the address sent to the registry (see {@link SrsrService#describeAddress})
 * @param lastHeartbeat when the registry last confirmed a heartbeat
 * @param consecutiveFailures how many registry calls in a row have failed
 * @param lastError the last failure, while failing
 * @param registrations how many times the registry accepted a registration
 * @param reRegistrations how many of those registrations replaced an earlier one the registry had
 * forgotten or this application had withdrawn
 * @param recentEvents the last lifecycle events, oldest first
 * @param registries the registration with each registry, in the order of
 * {@code srsr.registry.url}
 */
public record SrsrRegistrationStatus(State state, String serviceName, String registryUrl, @Nullable String instanceId,
		@Nullable String address, @Nullable Instant lastHeartbeat, int consecutiveFailures, @Nullable String lastError,
		int registrations, int reRegistrations, List<LifecycleEvent> recentEvents, List<RegistryStatus> registries) {

	/**
	 * How the registration with one registry is going.
	 *
	 * @param registryUrl the registry URL, credentials masked
	 * @param state where this registration stands ({@link State#DEREGISTERED} is only ever the
	 * state of the whole)
	 * @param instanceId the id this registry assigned, while registered
	 * @param lastHeartbeat when this registry last confirmed a heartbeat
	 * @param consecutiveFailures how many calls to this registry in a row have failed
	 * @param lastError the last failure, while failing
	 * @param registrations how many times this registry accepted a registration
	 * @param reRegistrations how many of those replaced an earlier one
	 */
	public record RegistryStatus(String registryUrl, State state, @Nullable String instanceId,
			@Nullable Instant lastHeartbeat, int consecutiveFailures, @Nullable String lastError, int registrations,
			int reRegistrations) {
	}

	/**
	 * A step of the registration's lifecycle, as remembered for diagnostics.
	 *
	 * @param time when it happened
	 * @param description what happened
	 */
	public record LifecycleEvent(Instant time, String description) {
	}

	/**
	 * Where the registration stands.
	 */
	public enum State {

		/**
		 * Nothing was attempted yet: the application is not ready.
		 */
		NOT_ATTEMPTED,

		/**
		 * Registered, and the last heartbeat (if any) succeeded; with several registries, with at
		 * least one of them.
		 */
		REGISTERED,

		/**
		 * Registration or heartbeats are failing (with several registries: with every registry
		 * that was tried); the starter keeps trying.
		 */
		FAILING,

		/**
		 * Deregistered: the application is shutting down, refusing traffic, or was taken out of
		 * service on request.
		 */
		DEREGISTERED

	}

}
