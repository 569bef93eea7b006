package io.github.srsr.boot.registration;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.SrsrRegistry;
import io.github.srsr.boot.registration.SrsrRegistrationStatus.RegistryStatus;
import io.github.srsr.client.ServiceRegistrationRequest;

import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The registration of the application with one registry: attempts with back-off until one
 * succeeds, heartbeats, registering again when the registry forgot the instance, and leaving.
 * <pre>
 * IDLE --register()--> REGISTERING --accepted--> REGISTERED --forgotten--> REGISTERING
 *                        |  ^ failed: retry after back-off   |
 *                        +--+                                | leave() (from any state)
 *                                                            v
 * IDLE <--------------------- deregistered the id held --- LEAVING
 * </pre>
 * The state changes only under this object's lock, which is never held during a registry call.
 * {@code wanted} supplies what to register while the application wants to be registered, and
 * {@code null} from the moment it began to leave; it is asked before every call and again before
 * an accepted registration is recorded, so an application that began to leave never keeps a
 * registration: one accepted after that is deregistered at once. The call lock is held for the
 * whole of every call, so that calls to this registry never overlap and leaving can wait (bounded)
 * for the call in flight. Outcomes go to the {@link RegistrationListener}.
 */
final class RegistryRegistration {

	private final SrsrRegistry registry;

	private final Supplier<@Nullable ServiceRegistrationRequest> wanted;

	private final TaskScheduler scheduler;

	private final BackOff retryBackOff;

	private final Duration callTimeout;

	private final RegistrationListener listener;

	private final ReentrantLock callLock = new ReentrantLock();

	/**
	 * The thread waiting for a heartbeat answer, so that leaving can interrupt it rather than wait.
	 */
	private volatile @Nullable Thread heartbeatThread;

	private State state = State.IDLE;

	private @Nullable String instanceId;

	private @Nullable ScheduledFuture<?> pendingAttempt;

	private @Nullable BackOffExecution backOff;

	private int attempts;

	private int registrations;

	private @Nullable Instant lastHeartbeat;

	private final FailureStreak failures = new FailureStreak();

	RegistryRegistration(SrsrRegistry registry, Supplier<@Nullable ServiceRegistrationRequest> wanted,
			TaskScheduler scheduler, BackOff retryBackOff, Duration callTimeout, RegistrationListener listener) {
		this.registry = registry;
		this.wanted = wanted;
		this.scheduler = scheduler;
		this.retryBackOff = retryBackOff;
		this.callTimeout = callTimeout;
		this.listener = listener;
	}

	String name() {
		return this.registry.name();
	}

	synchronized RegistryStatus status() {
		return new RegistryStatus(name(), this.instanceId, this.lastHeartbeat, this.failures.count(),
				this.failures.since(), this.failures.lastError(), this.registrations);
	}

	/**
	 * Start registering, unless registered, registering or leaving, or not wanted.
	 */
	synchronized void register() {
		if (this.state == State.IDLE && this.wanted.get() != null) {
			startAttempts();
			scheduleAttempt(Duration.ZERO);
		}
	}

	private void startAttempts() {
		this.state = State.REGISTERING;
		this.backOff = this.retryBackOff.start();
		this.attempts = 0;
	}

	private void scheduleAttempt(Duration delay) {
		try {
			this.pendingAttempt = this.scheduler.schedule(this::attempt, Instant.now().plus(delay));
		}
		catch (TaskRejectedException ex) {
			// The scheduler is shutting down with the application: nothing left to register.
			this.state = State.IDLE;
		}
	}

	private void attempt() {
		this.callLock.lock();
		try {
			ServiceRegistrationRequest request;
			synchronized (this) {
				this.pendingAttempt = null;
				request = this.wanted.get();
				if (this.state != State.REGISTERING || request == null) {
					return;
				}
			}
			registerOnce(request);
		}
		finally {
			this.callLock.unlock();
		}
	}

	/**
	 * Make one registration attempt and act on its outcome; holding the call lock.
	 */
	private void registerOnce(ServiceRegistrationRequest request) {
		int attempt;
		synchronized (this) {
			attempt = ++this.attempts;
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
			retryIn = Duration.ofMillis(this.backOff.nextBackOff());
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

	/**
	 * Send a heartbeat and act on its answer. Does nothing while not registered, or while another
	 * call to this registry is in flight.
	 */
	void heartbeat() {
		if (!this.callLock.tryLock()) {
			return;
		}
		try {
			String id;
			synchronized (this) {
				if (this.state != State.REGISTERED || this.instanceId == null || this.wanted.get() == null) {
					return;
				}
				id = this.instanceId;
			}
			boolean known;
			this.heartbeatThread = Thread.currentThread();
			try {
				known = this.registry.client().heartbeat(id);
			}
			catch (RuntimeException ex) {
				heartbeatFailed(id, ex);
				return;
			}
			finally {
				this.heartbeatThread = null;
				// Clear an interrupt from leave() that came after the answer.
				Thread.interrupted();
			}
			if (known) {
				alive();
			}
			else {
				forgotten(id);
			}
		}
		finally {
			this.callLock.unlock();
		}
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
				// Interrupted by leave().
				return;
			}
			streak = this.failures.record(RegistrationListener.describe(ex), Instant.now());
		}
		this.listener.heartbeatFailed(this, id, ex, streak);
	}

	/**
	 * The registry answered that it does not know the instance (it restarted, or expired it):
	 * register again at once, then retry with back-off as at start-up; holding the call lock.
	 */
	private void forgotten(String id) {
		ServiceRegistrationRequest request;
		synchronized (this) {
			request = this.wanted.get();
			if (this.state != State.REGISTERED || request == null) {
				return;
			}
			this.instanceId = null;
			this.lastHeartbeat = Instant.now();
			this.failures.succeeded(this.lastHeartbeat);
			startAttempts();
		}
		this.listener.forgotten(this, id);
		registerOnce(request);
	}

	/**
	 * Leave the registry: stop attempts, interrupt a heartbeat in flight, wait (at most the call
	 * timeout) for any other call in flight, then deregister the instance held, if any. Called once
	 * the application no longer wants to be registered.
	 * @param reason why, for the log
	 */
	void leave(String reason) {
		ScheduledFuture<?> pending;
		synchronized (this) {
			if (this.state == State.IDLE) {
				return;
			}
			this.state = State.LEAVING;
			pending = this.pendingAttempt;
			this.pendingAttempt = null;
		}
		if (pending != null) {
			pending.cancel(false);
		}
		Thread heartbeat = this.heartbeatThread;
		if (heartbeat != null) {
			heartbeat.interrupt();
		}
		boolean locked = lockCalls();
		try {
			String id;
			synchronized (this) {
				id = this.instanceId;
				this.instanceId = null;
				this.state = State.IDLE;
			}
			if (id != null) {
				deregister(id, reason);
			}
		}
		finally {
			if (locked) {
				this.callLock.unlock();
			}
		}
		// Wanted again while leaving (readiness flapped).
		register();
	}

	private boolean lockCalls() {
		try {
			return this.callLock.tryLock(this.callTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
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
