package io.github.srsr.boot.registration;

import java.time.Duration;
import java.time.Instant;
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
 * to register while the application wants to be registered, {@code null} once it began to leave;
 * it is asked before every call and before an accepted registration is recorded, so that one
 * accepted after that is deregistered at once. Calls never overlap ({@link RegistryCalls}).
 */
final class RegistryRegistration {

	private final SrsrRegistry registry;

	private final Supplier<@Nullable ServiceRegistrationRequest> wanted;

	private final RegistryCalls calls;

	private final AttemptSeries attempts;

	private final RegistrationListener listener;

	private State state = State.IDLE;

	private @Nullable String instanceId;

	private int registrations;

	private @Nullable Instant lastHeartbeat;

	private final FailureStreak failures = new FailureStreak();

	RegistryRegistration(SrsrRegistry registry, Supplier<@Nullable ServiceRegistrationRequest> wanted,
			TaskScheduler scheduler, BackOff retryBackOff, Duration callTimeout, RegistrationListener listener) {
		this.registry = registry;
		this.wanted = wanted;
		this.calls = new RegistryCalls(callTimeout);
		this.attempts = new AttemptSeries(scheduler, retryBackOff);
		this.listener = listener;
	}

	String name() {
		return this.registry.name();
	}

	synchronized RegistryStatus status() {
		return new RegistryStatus(name(), this.instanceId, this.lastHeartbeat, this.failures.count(),
				this.failures.since(), this.failures.lastError(), this.registrations);
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
				this.instanceId = id;
				reRegistration = this.registrations++ > 0;
				this.lastHeartbeat = null;
				outage = this.failures.succeeded(Instant.now());
			}
		}
		if (kept) {
			this.listener.registered(this, id, request, attempt, reRegistration, outage);
		}
		else {
			deregister(id, "the application began to leave while this registration was in flight");
		}
	}

	private void registrationFailed(RuntimeException ex, int attempt) {
		int streak;
		Duration retryIn;
		synchronized (this) {
			streak = this.failures.record(RegistrationListener.describe(ex), Instant.now());
			retryIn = this.attempts.delay();
		}
		// May change what is wanted (fail-fast gives up): asked right after.
		this.listener.registrationFailed(this, ex, attempt, streak, retryIn);
		synchronized (this) {
			if (this.state == State.REGISTERING && this.wanted.get() != null) {
				scheduleAttempt(retryIn);
			}
			else if (this.state == State.REGISTERING) {
				this.state = State.IDLE;
			}
		}
	}

	// Send a heartbeat and act on its answer, unless not registered or a call is in flight.
	void heartbeat() {
		this.calls.runIfIdle(() -> {
			String id;
			synchronized (this) {
				if (this.state != State.REGISTERED || this.instanceId == null || this.wanted.get() == null) {
					return;
				}
				id = this.instanceId;
			}
			boolean known;
			try {
				known = this.calls.heartbeat(this.registry.client(), id);
			}
			catch (RuntimeException ex) {
				heartbeatFailed(id, ex);
				return;
			}
			if (known) {
				alive();
			}
			else {
				forgotten(id);
			}
		});
	}

	private void alive() {
		FailureStreak.Ended outage;
		synchronized (this) {
			this.lastHeartbeat = Instant.now();
			outage = this.failures.succeeded(this.lastHeartbeat);
		}
		if (outage != null) {
			this.listener.heartbeatsAccepted(this, outage);
		}
	}

	private void heartbeatFailed(String id, RuntimeException ex) {
		int streak;
		synchronized (this) {
			if (this.state != State.REGISTERED) {
				return; // interrupted by leave()
			}
			streak = this.failures.record(RegistrationListener.describe(ex), Instant.now());
		}
		this.listener.heartbeatFailed(this, id, ex, streak);
	}

	// The registry does not know the instance (it restarted or expired it): register again at
	// once, then retry with back-off as at start-up; within a call.
	private void forgotten(String id) {
		synchronized (this) {
			if (this.state != State.REGISTERED || this.wanted.get() == null) {
				return;
			}
			this.instanceId = null;
			this.lastHeartbeat = Instant.now();
			this.failures.succeeded(this.lastHeartbeat);
			this.state = State.REGISTERING;
			this.attempts.start();
		}
		this.listener.forgotten(this, id);
		registerOnce();
	}

	// Once the application no longer wants to be registered: stop attempts, interrupt a heartbeat
	// in flight, wait (at most the call timeout) for any other call, deregister the id held.
	void leave(String reason) {
		synchronized (this) {
			if (this.state == State.IDLE) {
				return;
			}
			this.state = State.LEAVING;
			this.attempts.cancel();
		}
		this.calls.interruptThenRun(() -> {
			String id;
			synchronized (this) {
				id = this.instanceId;
				this.instanceId = null;
				this.state = State.IDLE;
			}
			if (id != null) {
				deregister(id, reason);
			}
		});
		// Wanted again while leaving (readiness flapped).
		register();
	}

	private void deregister(String id, String reason) {
		try {
			this.listener.deregistered(this, id, this.registry.client().deregister(id), reason);
		}
		catch (RuntimeException ex) {
			this.listener.deregistrationFailed(this, id, ex);
		}
	}

	private enum State {

		IDLE, REGISTERING, REGISTERED, LEAVING

	}

}
