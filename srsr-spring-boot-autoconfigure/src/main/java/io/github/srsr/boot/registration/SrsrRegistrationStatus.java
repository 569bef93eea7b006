package io.github.srsr.boot.registration;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

import io.github.srsr.client.ServiceRegistrationRequest;

/**
 * A snapshot of how the registration of this application is going, as the health indicator, the
 * {@code srsr} endpoint and Spring Cloud's registration show it. Only the state, the service, the
 * per-registry statuses and the recent events are kept; every other figure is derived from the
 * registries: the instance id, last heartbeat and failures are those of the first registry that
 * holds a registration, else of the first registry.
 *
 * @param state where the registration stands
 * @param serviceName the name this application registers under, {@code null} while the
 * registration is inactive for want of a service name (state {@link State#NOT_ATTEMPTED})
 * @param address the address sent to the registry (see {@link ServiceRegistrationRequest#describeAddress}), once
 * the application is ready
 * @param registries the registration with each registry, in the order of
 * {@code srsr.registry.url}
 * @param recentEvents the last lifecycle events, oldest first
 */
@JsonPropertyOrder({ "state", "inactive", "serviceName", "instanceId", "address", "registryUrl", "lastHeartbeat",
		"consecutiveFailures", "failingSince", "lastError", "registrations", "reRegistrations", "lookupRemovals",
		"lastLookupRemoval", "lastLookupRemovalCause", "recentEvents",
		"registries" })
public record SrsrRegistrationStatus(State state, @Nullable String serviceName, @Nullable String address,
		List<RegistryStatus> registries, List<LifecycleEvent> recentEvents) {

	/**
	 * Create a status.
	 * @param state where the registration stands
	 * @param serviceName the name this application registers under, or {@code null} while inactive
	 * @param address the address sent to the registry, once the application is ready
	 * @param registries the registration with each registry, at least one
	 * @param recentEvents the last lifecycle events, oldest first
	 */
	public SrsrRegistrationStatus {
		registries = List.copyOf(registries);
		recentEvents = List.copyOf(recentEvents);
	}

	/**
	 * Create the status of a registration: not attempted before the application is ready,
	 * deregistered while it does not want to be registered, else derived from the registries:
	 * registered with at least one, else failing with at least one, else not attempted yet.
	 * @param serviceName the name this application registers under, or {@code null} while inactive
	 * @param request what the application registers, once ready
	 * @param wanted whether the application wants to be registered
	 * @param registries the registries' statuses
	 * @param recentEvents the last lifecycle events
	 * @return the status
	 */
	static SrsrRegistrationStatus of(@Nullable String serviceName, @Nullable ServiceRegistrationRequest request, boolean wanted,
			List<RegistryStatus> registries, List<LifecycleEvent> recentEvents) {
		State state;
		if (request == null) {
			state = State.NOT_ATTEMPTED;
		}
		else if (!wanted) {
			state = State.DEREGISTERED;
		}
		else if (registries.stream().anyMatch((registry) -> registry.state() == State.REGISTERED)) {
			state = State.REGISTERED;
		}
		else {
			state = registries.stream().anyMatch((registry) -> registry.state() == State.FAILING) ? State.FAILING
					: State.NOT_ATTEMPTED;
		}
		return new SrsrRegistrationStatus(state, serviceName,
				(request != null) ? request.describeAddress() : null, registries, recentEvents);
	}

	/**
	 * Return why this application never registers: {@code "no service name"} when neither
	 * {@code srsr.service.name} nor {@code spring.application.name} was set when it started.
	 * @return the reason, or {@code null} (and left out of the JSON) while the registration is
	 * active
	 */
	@JsonProperty
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public @Nullable String inactive() {
		return (this.serviceName == null) ? "no service name" : null;
	}

	/**
	 * Return the registry URLs, credentials masked, comma-separated.
	 * @return the registry URLs
	 */
	@JsonProperty
	public String registryUrl() {
		return String.join(", ", this.registries.stream().map(RegistryStatus::registryUrl).toList());
	}

	/**
	 * Return the instance id of the first registry that holds a registration.
	 * @return the instance id, or {@code null} while no registry holds one
	 */
	@JsonProperty
	public @Nullable String instanceId() {
		return primary().instanceId();
	}

	/**
	 * Return when a registry last confirmed a heartbeat.
	 * @return the latest heartbeat of any registry, or {@code null}
	 */
	@JsonProperty
	public @Nullable Instant lastHeartbeat() {
		return latest(RegistryStatus::lastHeartbeat);
	}

	/**
	 * Return how many calls in a row have failed.
	 * @return the consecutive failures of the first registry that holds a registration
	 */
	@JsonProperty
	public int consecutiveFailures() {
		return primary().consecutiveFailures();
	}

	/**
	 * Return since when the registry has been failing.
	 * @return the last success before the failures (or the first failure), or {@code null}
	 */
	@JsonProperty
	public @Nullable Instant failingSince() {
		return primary().failingSince();
	}

	/**
	 * Return the last failure, while failing.
	 * @return the last error, or {@code null}
	 */
	@JsonProperty
	public @Nullable String lastError() {
		return primary().lastError();
	}

	/**
	 * Return how many times a registry accepted a registration.
	 * @return the registrations with every registry
	 */
	@JsonProperty
	public int registrations() {
		return this.registries.stream().mapToInt(RegistryStatus::registrations).sum();
	}

	/**
	 * Return how many registrations replaced an earlier one that a registry had forgotten or this
	 * application had withdrawn.
	 * @return the re-registrations with every registry
	 */
	@JsonProperty
	public int reRegistrations() {
		return this.registries.stream().mapToInt(RegistryStatus::reRegistrations).sum();
	}

	/**
	 * Return how many times a registry had removed this instance from lookup (srsr's name-wide
	 * removal) and it registered again.
	 * @return the removals healed at every registry
	 */
	@JsonProperty
	public int lookupRemovals() {
		return this.registries.stream().mapToInt(RegistryStatus::lookupRemovals).sum();
	}

	/**
	 * Return when this instance last registered again after a removal from lookup.
	 * @return the latest at any registry, or {@code null}
	 */
	@JsonProperty
	public @Nullable Instant lastLookupRemoval() {
		return latest(RegistryStatus::lastLookupRemoval);
	}

	/**
	 * Return why this instance last registered again after a removal from lookup, as its log line
	 * says it, such as {@code another instance left or expired}.
	 * @return the cause of the latest such registration at any registry, or {@code null}
	 */
	@JsonProperty
	public @Nullable String lastLookupRemovalCause() {
		return this.registries.stream()
			.filter((registry) -> registry.lastLookupRemoval() != null)
			.max(Comparator.comparing(RegistryStatus::lastLookupRemoval))
			.map(RegistryStatus::lastLookupRemovalCause)
			.orElse(null);
	}

	private @Nullable Instant latest(Function<RegistryStatus, @Nullable Instant> instant) {
		return this.registries.stream().map(instant).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
	}

	private RegistryStatus primary() {
		return this.registries.stream()
			.filter((registry) -> registry.instanceId() != null)
			.findFirst()
			.orElse(this.registries.get(0));
	}

	/**
	 * How the registration with one registry is going.
	 *
	 * @param registryUrl the registry URL, credentials masked
	 * @param instanceId the id this registry assigned, while registered
	 * @param lastHeartbeat when this registry last confirmed a heartbeat
	 * @param consecutiveFailures how many calls to this registry in a row have failed
	 * @param failingSince the last success before those failures (or the first failure)
	 * @param lastError the last failure, while failing
	 * @param registrations how many times this registry accepted a registration
	 * @param lookupRemovals how many times this registry had removed this instance from lookup
	 * (srsr's name-wide removal) and it registered again
	 * @param lastLookupRemoval when it last registered again after such a removal
	 * @param lastLookupRemovalCause why, as the log line says it
	 * @param heldIds how many ids of this instance the registry holds: the listed one, and older
	 * ones kept alive since their expiry would remove the name from lookup again
	 */
	@JsonPropertyOrder({ "registryUrl", "state", "instanceId", "lastHeartbeat", "consecutiveFailures",
			"failingSince", "lastError", "registrations", "reRegistrations", "lookupRemovals", "lastLookupRemoval",
			"lastLookupRemovalCause", "heldIds" })
	public record RegistryStatus(String registryUrl, @Nullable String instanceId, @Nullable Instant lastHeartbeat,
			int consecutiveFailures, @Nullable Instant failingSince, @Nullable String lastError, int registrations,
			int lookupRemovals, @Nullable Instant lastLookupRemoval, @Nullable String lastLookupRemovalCause,
			int heldIds) {

		/**
		 * Return where the registration with this registry stands: failing while calls fail,
		 * else registered while holding an instance id, else not attempted.
		 * ({@link State#DEREGISTERED} is only ever the state of the whole.)
		 * @return the state
		 */
		@JsonProperty
		public State state() {
			if (this.consecutiveFailures > 0) {
				return State.FAILING;
			}
			return (this.instanceId != null) ? State.REGISTERED : State.NOT_ATTEMPTED;
		}

		/**
		 * Return how many registrations replaced an earlier one.
		 * @return the re-registrations
		 */
		@JsonProperty
		public int reRegistrations() {
			return Math.max(0, this.registrations - 1);
		}

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
		 * Nothing was attempted yet: the application is not ready, or the first attempt has not
		 * finished.
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
