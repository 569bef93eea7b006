package io.github.srsr.boot;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.SrsrRegistrationStatus.RegistryStatus;
import io.github.srsr.boot.SrsrRegistrationStatus.State;
import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.client.SrsrClientException;

import org.springframework.core.task.TaskRejectedException;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The registration of the application with one registry: registration attempts with back-off,
 * heartbeats, re-registration when the registry forgot the instance, and deregistration.
 * <p>
 * Its state is guarded by the owner's monitor, which also guards whether the application wants to
 * be registered at all: checking that and recording an instance id happen atomically, so that an
 * application that began to leave never keeps a registration. The monitor is never held during a
 * registry call. The call lock is held for the whole of every call to this registry, so that calls
 * never overlap and leaving can wait for the call in flight.
 */
final class RegistryRegistration {

	private static final Log logger = LogFactory.getLog(SrsrRegistration.class);

	private final SrsrRegistration owner;

	private final SrsrRegistry registry;

	private final Object monitor;

	private final ReentrantLock callLock = new ReentrantLock();

	/**
	 * The thread waiting for a heartbeat answer, so that leaving can interrupt it rather than wait.
	 */
	private volatile @Nullable Thread heartbeatThread;

	private @Nullable String instanceId;

	/**
	 * Whether a series of registration attempts is under way, from the first attempt until one
	 * succeeds or the application leaves.
	 */
	private boolean registering;

	private @Nullable ScheduledFuture<?> pendingAttempt;

	private @Nullable BackOffExecution backOffExecution;

	private Duration lastRetryDelay = Duration.ofSeconds(1);

	private int attempts;

	private int failedAttempts;

	private int registrations;

	private int reRegistrations;

	private @Nullable Instant lastHeartbeat;

	private final FailureStreak failures = new FailureStreak();

	RegistryRegistration(SrsrRegistration owner, SrsrRegistry registry, Object monitor) {
		this.owner = owner;
		this.registry = registry;
		this.monitor = monitor;
	}

	String name() {
		return this.registry.name();
	}

	private SrsrClient client() {
		return this.registry.client();
	}

	private String serviceName() {
		return this.owner.getService().name();
	}

	// The accessors below must be called holding the monitor.

	@Nullable String instanceId() {
		return this.instanceId;
	}

	int failedAttempts() {
		return this.failedAttempts;
	}

	RegistryStatus status() {
		State state;
		if (this.failures.count() > 0) {
			state = State.FAILING;
		}
		else {
			state = (this.instanceId != null) ? State.REGISTERED : State.NOT_ATTEMPTED;
		}
		return new RegistryStatus(this.registry.name(), state, this.instanceId, this.lastHeartbeat,
				this.failures.count(), this.failures.lastError(), this.registrations, this.reRegistrations);
	}

	/**
	 * Start a series of registration attempts, unless registered or one is under way.
	 */
	void requestRegistration() {
		synchronized (this.monitor) {
			if (!this.owner.shouldBeRegistered() || this.instanceId != null || this.registering) {
				return;
			}
			startRetries();
			scheduleAttempt(Duration.ZERO);
		}
	}

	private void startRetries() {
		this.registering = true;
		this.backOffExecution = this.owner.getRetryBackOff().start();
		this.attempts = 0;
		this.failedAttempts = 0;
	}

	private void scheduleAttempt(Duration delay) {
		try {
			this.pendingAttempt = this.owner.getScheduler().schedule(this::attemptRegistration, Instant.now().plus(delay));
		}
		catch (TaskRejectedException ex) {
			// The scheduler is shutting down with the application: nothing left to register.
			this.pendingAttempt = null;
			this.registering = false;
		}
	}

	private void attemptRegistration() {
		this.callLock.lock();
		try {
			ServiceRegistrationRequest registration;
			synchronized (this.monitor) {
				this.pendingAttempt = null;
				registration = this.owner.request();
				if (!this.owner.shouldBeRegistered() || this.instanceId != null || registration == null) {
					this.registering = false;
					return;
				}
			}
			register(registration);
		}
		finally {
			this.callLock.unlock();
		}
	}

	/**
	 * Register, and on failure schedule the next attempt; must be called holding the call lock.
	 */
	private void register(ServiceRegistrationRequest registration) {
		Duration retryIn = attemptToRegister(registration);
		if (retryIn != null) {
			synchronized (this.monitor) {
				if (this.registering && this.owner.shouldBeRegistered()) {
					scheduleAttempt(retryIn);
				}
			}
		}
	}

	/**
	 * Make one registration attempt; must be called holding the call lock.
	 * @return how long to wait before the next attempt, or {@code null} when registered or when
	 * the application no longer wants to be
	 */
	private @Nullable Duration attemptToRegister(ServiceRegistrationRequest registration) {
		int attempt;
		synchronized (this.monitor) {
			attempt = ++this.attempts;
		}
		String id;
		try {
			id = client().register(registration);
		}
		catch (RuntimeException ex) {
			return onRegistrationFailed(ex, attempt);
		}
		boolean reRegistration = false;
		FailureStreak.Ended outage = null;
		boolean leaving;
		synchronized (this.monitor) {
			this.registering = false;
			leaving = !this.owner.shouldBeRegistered();
			if (!leaving) {
				this.instanceId = id;
				reRegistration = this.registrations > 0;
				this.registrations++;
				if (reRegistration) {
					this.reRegistrations++;
				}
				this.lastHeartbeat = null;
				outage = this.failures.end(Instant.now());
			}
			this.monitor.notifyAll();
		}
		if (leaving) {
			deregisterInstance(id, "the application began to leave while this registration was in flight");
			return null;
		}
		String address = SrsrService.describeAddress(registration);
		logger.info(((reRegistration) ? "Re-registered '" : "Registered '") + serviceName() + "' at " + address
				+ " with srsr registry " + name() + " (instance " + id + ")"
				+ ((outage != null) ? " after " + outage : ""));
		this.owner.publish(new SrsrRegisteredEvent(this.owner, serviceName(), name(), id, address, attempt,
				reRegistration));
		return null;
	}

	private @Nullable Duration onRegistrationFailed(RuntimeException ex, int attempt) {
		int streak;
		Duration delay;
		synchronized (this.monitor) {
			this.failedAttempts++;
			this.monitor.notifyAll();
			if (!this.owner.shouldBeRegistered()) {
				this.registering = false;
				return null;
			}
			streak = this.failures.record(describe(ex), Instant.now());
			if (this.backOffExecution == null) {
				startRetries();
			}
			long next = this.backOffExecution.nextBackOff();
			// A back-off that gives up would leave the application unregistered for good: keep the
			// last interval instead.
			delay = Duration.ofMillis((next != BackOffExecution.STOP) ? next : this.lastRetryDelay.toMillis());
			this.lastRetryDelay = delay;
		}
		logFailure(streak, "Could not register '" + serviceName() + "' with srsr registry " + name() + " (attempt "
				+ attempt + "): " + describe(ex) + "; retrying in " + FailureStreak.format(delay));
		this.owner.publish(new SrsrRegistrationFailedEvent(this.owner, serviceName(), name(), ex, attempt));
		return delay;
	}

	/**
	 * Send a heartbeat, or register again if the registry has forgotten the instance. Does
	 * nothing while not registered, or while another call to this registry is in flight.
	 */
	void heartbeat() {
		if (!this.callLock.tryLock()) {
			return;
		}
		try {
			String id;
			synchronized (this.monitor) {
				if (!this.owner.shouldBeRegistered() || this.instanceId == null) {
					return;
				}
				id = this.instanceId;
			}
			Boolean known = sendHeartbeat(id);
			if (Boolean.TRUE.equals(known)) {
				onHeartbeatSucceeded();
			}
			else if (Boolean.FALSE.equals(known)) {
				onInstanceForgotten(id);
			}
		}
		finally {
			this.callLock.unlock();
		}
	}

	private @Nullable Boolean sendHeartbeat(String id) {
		this.heartbeatThread = Thread.currentThread();
		try {
			// Checked after publishing the thread: leave() updates the state, then interrupts.
			synchronized (this.monitor) {
				if (!this.owner.shouldBeRegistered()) {
					return null;
				}
			}
			return client().heartbeat(id);
		}
		catch (RuntimeException ex) {
			onHeartbeatFailed(id, ex);
			return null;
		}
		finally {
			this.heartbeatThread = null;
			Thread.interrupted();
		}
	}

	private void onHeartbeatSucceeded() {
		FailureStreak.Ended outage;
		synchronized (this.monitor) {
			this.lastHeartbeat = Instant.now();
			outage = this.failures.end(this.lastHeartbeat);
		}
		if (outage != null) {
			logger.info("srsr registry " + name() + " accepts heartbeats of '" + serviceName() + "' again after "
					+ outage);
		}
	}

	private void onHeartbeatFailed(String id, RuntimeException ex) {
		int streak;
		synchronized (this.monitor) {
			if (!this.owner.shouldBeRegistered()) {
				return;
			}
			streak = this.failures.record(describe(ex), Instant.now());
		}
		logFailure(streak, "Heartbeat of '" + serviceName() + "' (instance " + id + ") to srsr registry " + name()
				+ " failed: " + describe(ex) + "; heartbeats go on");
		this.owner.publish(new SrsrHeartbeatFailedEvent(this.owner, serviceName(), name(), id, ex, streak));
	}

	private void onInstanceForgotten(String id) {
		ServiceRegistrationRequest registration;
		synchronized (this.monitor) {
			registration = this.owner.request();
			if (!this.owner.shouldBeRegistered() || !id.equals(this.instanceId) || registration == null) {
				return;
			}
			this.instanceId = null;
			this.lastHeartbeat = Instant.now();
			this.failures.end(this.lastHeartbeat);
			startRetries();
		}
		logger.info("srsr registry " + name() + " no longer knows instance " + id + " of '" + serviceName()
				+ "' (it restarted or expired it); registering again");
		register(registration);
	}

	/**
	 * Deregister, after the owner's state was changed so that nothing registers again. Interrupts
	 * a heartbeat in flight and waits (bounded) for a registration in flight, so that its instance
	 * is the one deregistered.
	 * @param reason why, for the log
	 */
	void leave(String reason) {
		ScheduledFuture<?> pending;
		synchronized (this.monitor) {
			pending = this.pendingAttempt;
			this.pendingAttempt = null;
			this.registering = false;
		}
		if (pending != null) {
			pending.cancel(false);
		}
		Thread heartbeat = this.heartbeatThread;
		if (heartbeat != null) {
			heartbeat.interrupt();
		}
		boolean locked = tryLockCalls();
		try {
			String id;
			synchronized (this.monitor) {
				id = this.instanceId;
				this.instanceId = null;
			}
			if (id != null) {
				deregisterInstance(id, reason);
			}
		}
		finally {
			if (locked) {
				this.callLock.unlock();
			}
		}
	}

	private boolean tryLockCalls() {
		try {
			return this.callLock.tryLock(this.owner.getCallTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void deregisterInstance(String id, String reason) {
		this.owner.deregistering();
		boolean acknowledged = false;
		try {
			acknowledged = client().deregister(id);
			logger.info("Deregistered '" + serviceName() + "' (instance " + id + ") from srsr registry " + name() + " ("
					+ reason + ")" + ((acknowledged) ? "" : "; the registry no longer knew the instance"));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not deregister '" + serviceName() + "' (instance " + id + ") from srsr registry "
					+ name() + ": " + describe(ex) + "; the registry drops the instance when its timeout expires");
		}
		this.owner.publish(new SrsrDeregisteredEvent(this.owner, serviceName(), name(), id, acknowledged));
	}

	private static void logFailure(int streak, String message) {
		if (streak == 1) {
			logger.warn(message + " (further failures in a row are logged at DEBUG)");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message + " (" + streak + " failures in a row)");
		}
	}

	static String describe(Throwable ex) {
		if (ex instanceof SrsrClientException) {
			return ex.getMessage();
		}
		return ex.getClass().getName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
	}

}
