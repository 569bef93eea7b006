package io.github.srsr.boot.registration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.SrsrRegistry;
import io.github.srsr.boot.registration.SrsrRegistrationStatus.RegistryStatus;
import io.github.srsr.client.ServiceRegistrationRequest;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.backoff.BackOff;

/**
 * The registration of the application with one registry: attempts with back-off until one
 * succeeds, heartbeats, registering again when the registry forgot the instance, and leaving. Its
 * state (IDLE, REGISTERING, REGISTERED, LEAVING; the diagram is in docs/architecture.md) changes
 * only under this object's lock, never held during a registry call. {@code wanted} supplies what
 * to register while the application wants to be registered, {@code null} once it began to leave
 * or fail-fast gave up; it is asked before every call and before an accepted registration is
 * recorded, so that one accepted after that is deregistered at once. With fail-fast, each outcome
 * of an attempt is told to {@link FirstRegistration} after it is reported, which may give up (the
 * next {@code wanted} is then {@code null}). Calls never overlap ({@link RegistryCalls}). With
 * {@link LookupHealing}, it also heals srsr's name-wide removal after each round of heartbeats,
 * keeping the ids it got from this registry alive until it leaves, unless releasing them removes
 * nobody (at most {@value LookupHealing#MAX_INSTANCE_IDS}). What it holds under side names (the
 * marker, a catalog entry) it keeps alive with the same heartbeats; {@link SideEntries} does the
 * rest for them. Leaving, it first registers a departure notice, then deregisters (see
 * {@link #leave}).
 */
final class RegistryRegistration {

	/** As {@code io.github.srsr.boot.lookup.InstanceSets#DEPARTURE_NOTICES}, which reads them. */
	static final String DEPARTURE_NOTICES = "#srsr-left";

	private final SrsrRegistry registry;

	private final Supplier<@Nullable ServiceRegistrationRequest> wanted;

	private final RegistryCalls calls;

	private final AttemptSeries attempts;

	private final RegistrationListener listener;

	private final @Nullable FirstRegistration firstRegistration;

	private final @Nullable LookupHealing healing;

	private final SideEntries sideEntries;

	private State state = State.IDLE;

	// The ids of the own name held, the one listed last; older ones are kept alive, since their
	// expiry would remove the name from lookup again.
	private final List<String> instanceIds = new ArrayList<>();

	// What the listed id registered, for the departure notice.
	private @Nullable ServiceRegistrationRequest listedRequest;

	private int lookupRemovals;

	private @Nullable Instant lastLookupRemoval;

	private @Nullable String lastLookupRemovalCause;

	private int registrations;

	private @Nullable Instant lastHeartbeat;

	// When an id was last deregistered here (or given up on), for the delay shutdown holds after.
	private @Nullable Instant lastDeregistration;

	private final FailureStreak failures = new FailureStreak();

	RegistryRegistration(SrsrRegistry registry, Supplier<@Nullable ServiceRegistrationRequest> wanted,
			TaskScheduler scheduler, BackOff retryBackOff, Duration callTimeout, RegistrationListener listener,
			@Nullable FirstRegistration firstRegistration, @Nullable LookupHealing healing,
			@Nullable CatalogEntry catalog) {
		this.registry = registry;
		this.healing = healing;
		this.wanted = wanted;
		this.calls = new RegistryCalls(callTimeout);
		this.attempts = new AttemptSeries(scheduler, retryBackOff);
		this.listener = listener;
		this.sideEntries = new SideEntries(registry.name(), this.calls, listener, healing, catalog);
		this.firstRegistration = firstRegistration;
	}

	String name() {
		return this.registry.name();
	}

	synchronized RegistryStatus status() {
		return new RegistryStatus(name(), instanceId(), this.lastHeartbeat, this.failures.count(),
				this.failures.since(), this.failures.lastError(), this.registrations, this.lookupRemovals,
				this.lastLookupRemoval, this.lastLookupRemovalCause, this.instanceIds.size());
	}

	/**
	 * Return when an instance was last deregistered from this registry (or given up on).
	 * @return the time of the last deregistration, or {@code null}
	 */
	synchronized @Nullable Instant lastDeregistration() {
		return this.lastDeregistration;
	}

	private @Nullable String instanceId() {
		return (this.instanceIds.isEmpty()) ? null : this.instanceIds.get(this.instanceIds.size() - 1);
	}

	// Start registering, unless registered, registering, leaving or not wanted.
	synchronized void register() {
		if (this.state == State.IDLE && this.wanted.get() != null) {
			this.state = State.REGISTERING;
			this.attempts.start();
			scheduleAttempt(Duration.ZERO);
		}
	}

	private void scheduleAttempt(Duration delay) {
		if (!this.attempts.schedule(() -> this.calls.run(this::registerOnce), delay)) {
			// The scheduler is shutting down with the application: nothing left to register.
			this.state = State.IDLE;
		}
	}

	// Make one registration attempt, if still registering and wanted, and act on its outcome;
	// within a call.
	private void registerOnce() {
		ServiceRegistrationRequest request;
		int attempt;
		synchronized (this) {
			request = this.wanted.get();
			if (this.state != State.REGISTERING || request == null) {
				return;
			}
			attempt = this.attempts.next();
		}
		String id;
		try {
			if (this.healing != null) {
				this.healing.join(request);
			}
			id = this.registry.client().register(request);
		}
		catch (RuntimeException ex) {
			registrationFailed(ex, attempt);
			return;
		}
		boolean kept;
		boolean reRegistration = false;
		FailureStreak.Ended outage = null;
		synchronized (this) {
			kept = this.state == State.REGISTERING && this.wanted.get() != null;
			if (kept) {
				this.state = State.REGISTERED;
				this.instanceIds.add(id);
				this.listedRequest = request;
				reRegistration = this.registrations++ > 0;
				this.lastHeartbeat = null;
				outage = this.failures.succeeded(Instant.now());
			}
		}
		if (kept) {
			this.listener.registered(name(), id, request, attempt, reRegistration, outage);
			if (this.firstRegistration != null) {
				this.firstRegistration.registered();
			}
			this.sideEntries.registered();
		}
		else {
			deregister(id, "the application began to leave while this registration was in flight");
		}
	}

	private void registrationFailed(RuntimeException ex, int attempt) {
		int streak;
		Duration retryIn;
		synchronized (this) {
			streak = this.failures.record(FailureStreak.describe(ex), Instant.now());
			retryIn = this.attempts.delay();
		}
		this.listener.registrationFailed(name(), ex, attempt, streak, retryIn);
		if (this.firstRegistration != null) {
			// May change what is wanted (fail-fast gives up): asked right after.
			this.firstRegistration.failed(this.registry, attempt);
		}
		synchronized (this) {
			if (this.state == State.REGISTERING && this.wanted.get() != null) {
				scheduleAttempt(retryIn);
			}
			else if (this.state == State.REGISTERING) {
				this.state = State.IDLE;
			}
		}
	}

	// Send a heartbeat for every id held and act on the answers, then heal a removal from lookup;
	// unless not registered or a call is in flight.
	void heartbeat() {
		this.calls.runIfIdle(() -> {
			List<String> ids;
			synchronized (this) {
				if (this.state != State.REGISTERED || this.wanted.get() == null) {
					return;
				}
				ids = new ArrayList<>(this.instanceIds);
			}
			Collections.reverse(ids); // the listed one first
			ids.addAll(this.sideEntries.ids());
			for (String id : ids) {
				try {
					if (!this.calls.heartbeat(this.registry.client(), id)) {
						forgotten(id, id, ids);
						return;
					}
				}
				catch (RuntimeException ex) {
					heartbeatFailed(ids.get(0), ex);
					return;
				}
			}
			alive();
			if (this.healing != null && !healRemoval(this.healing)) {
				return;
			}
			this.sideEntries.healCatalog(this::stillWanted);
		});
	}

	private synchronized boolean stillWanted() {
		return this.state == State.REGISTERED && this.wanted.get() != null;
	}

	// Register again if the registry removed this instance from lookup; within a call. Returns
	// false when the registry forgot this instance or the application began to leave, so that
	// nothing else is done this round.
	private boolean healRemoval(LookupHealing healing) {
		ServiceRegistrationRequest request = this.wanted.get();
		List<String> held;
		synchronized (this) {
			held = List.copyOf(this.instanceIds);
		}
		if (request == null || held.isEmpty()) {
			return false;
		}
		LookupHealing.Removal removal;
		try {
			removal = this.calls.interruptible(healing::check);
		}
		catch (RuntimeException ex) {
			// The registration itself is fine (its heartbeats were answered); look again next time.
			this.listener.checkFailed(name(), ex);
			return true;
		}
		if (removal == null) {
			healing.holdMissingMarker();
			return true;
		}
		if (removal.forgottenId() != null) {
			List<String> ids = new ArrayList<>(held);
			ids.addAll(healing.markerIds());
			// Named by the listed id, which the registry forgot with the marker.
			forgotten(removal.forgottenId(), held.get(held.size() - 1), ids);
			return false;
		}
		LookupHealing.Healed healed;
		try {
			healed = healing.heal(removal, request, held);
		}
		catch (RuntimeException ex) {
			heartbeatFailed(held.get(held.size() - 1), ex);
			return true;
		}
		int holding = 0;
		synchronized (this) {
			this.instanceIds.removeAll(healed.released());
			if (this.state == State.REGISTERED && this.wanted.get() != null) {
				this.instanceIds.add(healed.id());
				this.listedRequest = request;
				holding = this.instanceIds.size();
				this.registrations++;
				this.lookupRemovals++;
				this.lastLookupRemoval = Instant.now();
				this.lastLookupRemovalCause = healed.cause();
			}
		}
		if (holding == 0) {
			deregister(healed.id(), "the application began to leave while this registration was in flight");
			return false;
		}
		this.listener.healed(name(), healed.id(), request, healed.cause(), holding);
		return true;
	}

	private void alive() {
		FailureStreak.Ended outage;
		synchronized (this) {
			this.lastHeartbeat = Instant.now();
			outage = this.failures.succeeded(this.lastHeartbeat);
		}
		if (outage != null) {
			this.listener.heartbeatsAccepted(name(), outage);
		}
	}

	private void heartbeatFailed(String id, RuntimeException ex) {
		int streak;
		synchronized (this) {
			if (this.state != State.REGISTERED) {
				return; // interrupted by leave()
			}
			streak = this.failures.record(FailureStreak.describe(ex), Instant.now());
		}
		this.listener.heartbeatFailed(name(), id, ex, streak);
	}

	// The registry does not know an id held (it restarted or expired it): release the others, which
	// would remove the name from lookup whenever they expired, then register again at once and
	// retry with back-off as at start-up; within a call.
	private void forgotten(String id, String named, List<String> held) {
		synchronized (this) {
			if (this.state != State.REGISTERED || this.wanted.get() == null) {
				return;
			}
			this.instanceIds.clear();
			this.lastHeartbeat = Instant.now();
			this.failures.succeeded(this.lastHeartbeat);
			this.state = State.REGISTERING;
			this.attempts.start();
		}
		this.listener.forgotten(name(), named);
		this.sideEntries.forgotten(id, held);
		registerOnce();
	}

	// Once the application no longer wants to be registered: stop attempts, interrupt a heartbeat
	// in flight, wait (at most the call timeout) for any other call, register the departure notice,
	// deregister the ids held back to back (the listed one, then the older ones and the markers),
	// then say so in one line.
	//
	// The notice is the same registration under <name>#srsr-left, never heartbeated: the registry
	// gives it this instance's address and expires it after its timeout. Deregistering removes the
	// whole name from lookup (srsr's defect), and callers that then find the name empty drop the
	// addresses its notices show at once, keeping the others for their not-found grace, which
	// covers the survivors' heal. Registered first, so that it is there whenever the name is
	// found empty; a registry that did not answer it is not asked to deregister.
	void leave(String reason) {
		synchronized (this) {
			if (this.state == State.IDLE) {
				return;
			}
			this.state = State.LEAVING;
			this.attempts.cancel();
		}
		this.calls.interruptThenRun(() -> {
			List<String> ids;
			ServiceRegistrationRequest request;
			synchronized (this) {
				ids = List.copyOf(this.instanceIds);
				request = this.listedRequest;
				this.instanceIds.clear();
				this.listedRequest = null;
				this.state = State.IDLE;
			}
			String listed = ids.isEmpty() ? null : ids.get(ids.size() - 1);
			Boolean acknowledged = null;
			RuntimeException failure = null;
			if (listed != null) {
				try {
					if (request != null) {
						this.registry.client().register(departureNotice(request));
					}
					acknowledged = this.registry.client().deregister(listed);
				}
				catch (RuntimeException ex) {
					failure = ex;
				}
			}
			RegistrationListener.OtherIds others = this.sideEntries
				.leave(ids.subList(0, Math.max(0, ids.size() - 1)), failure == null);
			if (listed == null) {
				return;
			}
			deregistered();
			if (failure == null) {
				this.listener.deregistered(name(), listed, acknowledged, reason, others);
			}
			else {
				this.listener.deregistrationFailed(name(), listed, failure, others);
			}
		});
		// Wanted again while leaving (readiness flapped).
		register();
	}

	private static ServiceRegistrationRequest departureNotice(ServiceRegistrationRequest request) {
		return new ServiceRegistrationRequest(request.name() + DEPARTURE_NOTICES, request.address(), request.port());
	}

	private void deregister(String id, String reason) {
		boolean acknowledged;
		try {
			acknowledged = this.registry.client().deregister(id);
		}
		catch (RuntimeException ex) {
			deregistered();
			this.listener.deregistrationFailed(name(), id, ex, RegistrationListener.OtherIds.NONE);
			return;
		}
		deregistered();
		this.listener.deregistered(name(), id, acknowledged, reason, RegistrationListener.OtherIds.NONE);
	}

	private synchronized void deregistered() {
		this.lastDeregistration = Instant.now();
	}

	private enum State {

		IDLE, REGISTERING, REGISTERED, LEAVING

	}

}
