package io.github.srsr.boot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.SrsrRegistrationStatus.LifecycleEvent;
import io.github.srsr.boot.SrsrRegistrationStatus.State;
import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.client.SrsrClientException;

import org.springframework.beans.BeansException;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Registers this application with srsr once it is ready, keeps the registration alive with
 * heartbeats and deregisters when the application shuts down or refuses traffic.
 * <p>
 * Registration starts on {@link ApplicationReadyEvent}, on the starter's own scheduler: start-up
 * never waits for the registry. Failed registrations are retried with the configured
 * {@link BackOff}. A heartbeat answered {@code success: false} means the registry forgot this
 * instance (restart, expiry): it registers again at once. Heartbeats run on the same
 * single-threaded scheduler, so there is never more than one registry call of this application
 * in flight, and never more than one live registration.
 * <p>
 * Deregistration happens when the readiness state changes to
 * {@link ReadinessState#REFUSING_TRAFFIC} (which Spring Boot's web application contexts publish
 * first thing on close) and when this lifecycle bean stops, which is before the web server's
 * graceful shutdown. After it, no request of any kind goes to the registry: a heartbeat in flight
 * is interrupted, and a registration in flight is waited for (at most the registry call timeout)
 * so that its instance can be deregistered at once.
 */
public class SrsrRegistration implements SmartLifecycle, ApplicationContextAware {

	/**
	 * Name of the single-threaded {@link TaskScheduler} bean that runs registrations and
	 * heartbeats.
	 */
	public static final String SCHEDULER_BEAN_NAME = "srsrTaskScheduler";

	/**
	 * Property holding the port the web server bound, published by Spring Boot.
	 */
	private static final String LOCAL_SERVER_PORT_PROPERTY = "local.server.port";

	private static final Log logger = LogFactory.getLog(SrsrRegistration.class);

	private static final int RECENT_EVENTS = 10;

	private final SrsrClient client;

	private final SrsrService service;

	private final String registryUrl;

	private final TaskScheduler scheduler;

	private final BackOff retryBackOff;

	private final Duration callTimeout;

	/**
	 * Held for the whole of every registry call, so that calls never overlap and deregistration
	 * can wait for the call in flight.
	 */
	private final ReentrantLock callLock = new ReentrantLock();

	/**
	 * Guards the state below. Never held during a registry call.
	 */
	private final Object monitor = new Object();

	private @Nullable ApplicationContext applicationContext;

	private boolean running;

	private boolean ready;

	private boolean acceptingTraffic = true;

	private boolean inService = true;

	private @Nullable ServiceRegistrationRequest request;

	private @Nullable String instanceId;

	/**
	 * Whether a series of registration attempts is under way, from the first attempt until one
	 * succeeds or the application leaves.
	 */
	private boolean registering;

	private @Nullable ScheduledFuture<?> pendingAttempt;

	private @Nullable BackOffExecution backOffExecution;

	private Duration lastRetryDelay = Duration.ofSeconds(1);

	private int failFastAttempts;

	private Duration deregistrationDelay = Duration.ZERO;

	private @Nullable Instant lastDeregistration;

	private int attempts;

	private int registrations;

	private int reRegistrations;

	private final Deque<LifecycleEvent> recentEvents = new ArrayDeque<>();

	private @Nullable Instant lastHeartbeat;

	private final FailureStreak failures = new FailureStreak();

	/**
	 * The scheduler thread while it waits for a heartbeat answer, so that deregistration can
	 * interrupt it rather than wait for it.
	 */
	private volatile @Nullable Thread heartbeatThread;

	/**
	 * Create a registration.
	 * @param client the registry client
	 * @param service what to register
	 * @param registryUrl the registry URL as shown in logs and health, credentials masked
	 * @param scheduler the scheduler that runs registration attempts (single-threaded)
	 * @param retryBackOff how long to wait between failed registration attempts
	 * @param callTimeout the longest a registry call can take (connect plus read timeout)
	 */
	public SrsrRegistration(SrsrClient client, SrsrService service, String registryUrl, TaskScheduler scheduler,
			BackOff retryBackOff, Duration callTimeout) {
		Assert.notNull(client, "'client' must not be null");
		Assert.notNull(service, "'service' must not be null");
		Assert.notNull(scheduler, "'scheduler' must not be null");
		Assert.notNull(retryBackOff, "'retryBackOff' must not be null");
		this.client = client;
		this.service = service;
		this.registryUrl = registryUrl;
		this.scheduler = scheduler;
		this.retryBackOff = retryBackOff;
		this.callTimeout = callTimeout;
	}

	/**
	 * Make start-up fail when the first registration does not succeed within the given number of
	 * attempts: they run in the {@link ApplicationReadyEvent} listener, with the retry back-off
	 * between them. Without fail-fast (the default) the application starts at once and keeps
	 * trying in the background.
	 * @param maxAttempts the attempts before start-up fails, or {@code 0} to turn fail-fast off
	 */
	public void setFailFast(int maxAttempts) {
		Assert.isTrue(maxAttempts >= 0, "'maxAttempts' must not be negative");
		this.failFastAttempts = maxAttempts;
	}

	/**
	 * Set how long to wait after deregistering on shutdown before shutdown continues, so that
	 * callers that looked this instance up just before can still reach it.
	 * @param delay the delay, {@link Duration#ZERO} (the default) for none
	 */
	public void setDeregistrationDelay(Duration delay) {
		Assert.isTrue(delay != null && !delay.isNegative(), "'delay' must not be negative");
		this.deregistrationDelay = delay;
	}

	@Override
	public void setApplicationContext(ApplicationContext applicationContext) throws BeansException {
		this.applicationContext = applicationContext;
	}

	/**
	 * Return what this application registers as.
	 * @return the service
	 */
	public SrsrService getService() {
		return this.service;
	}

	/**
	 * Return a snapshot of how the registration is going.
	 * @return the current status
	 */
	public SrsrRegistrationStatus getStatus() {
		synchronized (this.monitor) {
			return new SrsrRegistrationStatus(currentState(), this.service.name(), this.registryUrl, this.instanceId,
					(this.request != null) ? SrsrService.describeAddress(this.request) : null, this.lastHeartbeat,
					this.failures.count(), this.failures.lastError(), this.registrations, this.reRegistrations,
					List.copyOf(this.recentEvents));
		}
	}

	private State currentState() {
		if (!this.ready) {
			return State.NOT_ATTEMPTED;
		}
		if (!shouldBeRegistered()) {
			return State.DEREGISTERED;
		}
		if (this.failures.count() > 0) {
			return State.FAILING;
		}
		return (this.instanceId != null) ? State.REGISTERED : State.NOT_ATTEMPTED;
	}

	/**
	 * Start registering: called once the application is ready. Only the event of this
	 * registration's own application context counts, so that a child context (such as a separate
	 * management server) does not register the application a second time.
	 * @param event the event
	 */
	@EventListener
	public void onApplicationReady(ApplicationReadyEvent event) {
		if (event.getApplicationContext() != this.applicationContext) {
			return;
		}
		Integer webServerPort = event.getApplicationContext()
			.getEnvironment()
			.getProperty(LOCAL_SERVER_PORT_PROPERTY, Integer.class);
		synchronized (this.monitor) {
			this.request = this.service.toRequest(webServerPort);
			this.ready = true;
		}
		if (this.failFastAttempts > 0) {
			registerBeforeStartUpCompletes();
		}
		requestRegistration();
	}

	/**
	 * Follow the application's readiness: deregister while it refuses traffic, register again
	 * when it accepts traffic.
	 * @param event the event
	 */
	@EventListener
	public void onReadinessChange(AvailabilityChangeEvent<ReadinessState> event) {
		if (!isOwnEvent(event)) {
			return;
		}
		if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
			synchronized (this.monitor) {
				if (!this.acceptingTraffic) {
					return;
				}
				this.acceptingTraffic = false;
			}
			leave("readiness changed to REFUSING_TRAFFIC");
		}
		else {
			synchronized (this.monitor) {
				this.acceptingTraffic = true;
			}
			requestRegistration();
		}
	}

	private boolean isOwnEvent(ApplicationEvent event) {
		return !(event.getSource() instanceof ApplicationContext) || event.getSource() == this.applicationContext;
	}

	/**
	 * Take this instance out of rotation: deregister and stop heartbeats until {@link #register()}
	 * is called. Health shows {@code OUT_OF_SERVICE} meanwhile.
	 */
	public void deregister() {
		synchronized (this.monitor) {
			if (!this.inService) {
				return;
			}
			this.inService = false;
		}
		leave("taken out of service on request");
	}

	/**
	 * Put this instance back into rotation after {@link #deregister()}: register again, unless the
	 * application is not ready, refuses traffic or is shutting down.
	 */
	public void register() {
		synchronized (this.monitor) {
			this.inService = true;
		}
		requestRegistration();
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			this.running = true;
		}
		requestRegistration();
	}

	@Override
	public void stop() {
		synchronized (this.monitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
		}
		leave("the application is shutting down");
		awaitDeregistrationDelay();
	}

	private void awaitDeregistrationDelay() {
		Instant deregistered;
		synchronized (this.monitor) {
			deregistered = this.lastDeregistration;
		}
		if (deregistered == null || this.deregistrationDelay.isZero()) {
			return;
		}
		Duration remaining = Duration.between(Instant.now(), deregistered.plus(this.deregistrationDelay));
		if (!remaining.isNegative() && !remaining.isZero()) {
			logger.debug("Waiting " + FailureStreak.format(remaining) + " after deregistration before shutdown "
					+ "continues (srsr.deregistration.delay)");
			sleep(remaining);
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.monitor) {
			return this.running;
		}
	}

	/**
	 * Stop before anything else, in particular before the web server's graceful shutdown, so that
	 * the registry stops sending callers here while requests are still being served.
	 * @return {@link SmartLifecycle#DEFAULT_PHASE}
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	/**
	 * Send a heartbeat, or register again if the registry has forgotten this instance. Runs on the
	 * starter's own scheduler at {@code srsr.heartbeat.interval}; does nothing while not
	 * registered.
	 */
	@Scheduled(fixedDelayString = "${srsr.heartbeat.interval:20s}", initialDelayString = "${srsr.heartbeat.interval:20s}",
			timeUnit = TimeUnit.SECONDS, scheduler = SCHEDULER_BEAN_NAME)
	public void heartbeat() {
		if (!this.callLock.tryLock()) {
			return;
		}
		try {
			String id;
			synchronized (this.monitor) {
				if (!shouldBeRegistered() || this.instanceId == null) {
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
				if (!shouldBeRegistered()) {
					return null;
				}
			}
			return this.client.heartbeat(id);
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
			logger.info("srsr registry " + this.registryUrl + " accepts heartbeats of '" + this.service.name()
					+ "' again after " + outage);
		}
	}

	private void onHeartbeatFailed(String id, RuntimeException ex) {
		int streak;
		synchronized (this.monitor) {
			if (!shouldBeRegistered()) {
				return;
			}
			streak = this.failures.record(describe(ex), Instant.now());
		}
		logFailure(streak, "Heartbeat of '" + this.service.name() + "' (instance " + id + ") failed: " + describe(ex)
				+ "; heartbeats go on");
		publish(new SrsrHeartbeatFailedEvent(this, this.service.name(), id, ex, streak));
	}

	private void onInstanceForgotten(String id) {
		ServiceRegistrationRequest registration;
		synchronized (this.monitor) {
			if (!shouldBeRegistered() || !id.equals(this.instanceId) || this.request == null) {
				return;
			}
			this.instanceId = null;
			this.lastHeartbeat = Instant.now();
			this.failures.end(this.lastHeartbeat);
			startRetries();
			registration = this.request;
		}
		logger.info("srsr registry " + this.registryUrl + " no longer knows instance " + id + " of '"
				+ this.service.name() + "' (it restarted or expired it); registering again");
		register(registration);
	}

	private void requestRegistration() {
		synchronized (this.monitor) {
			if (!shouldBeRegistered() || this.instanceId != null || this.registering) {
				return;
			}
			startRetries();
			scheduleAttempt(Duration.ZERO);
		}
	}

	private void startRetries() {
		this.registering = true;
		this.backOffExecution = this.retryBackOff.start();
		this.attempts = 0;
	}

	private void scheduleAttempt(Duration delay) {
		try {
			this.pendingAttempt = this.scheduler.schedule(this::attemptRegistration, Instant.now().plus(delay));
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
				if (!shouldBeRegistered() || this.instanceId != null || this.request == null) {
					this.registering = false;
					return;
				}
				registration = this.request;
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
				if (this.registering && shouldBeRegistered()) {
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
			id = this.client.register(registration);
		}
		catch (RuntimeException ex) {
			return onRegistrationFailed(ex, attempt);
		}
		boolean reRegistration = false;
		FailureStreak.Ended outage = null;
		boolean leaving;
		synchronized (this.monitor) {
			this.registering = false;
			leaving = !shouldBeRegistered();
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
		}
		if (leaving) {
			deregisterInstance(id, "the application began to leave while this registration was in flight");
			return null;
		}
		String address = SrsrService.describeAddress(registration);
		logger.info(((reRegistration) ? "Re-registered '" : "Registered '") + this.service.name() + "' at " + address
				+ " with srsr registry " + this.registryUrl + " (instance " + id + ")"
				+ ((outage != null) ? " after " + outage : ""));
		publish(new SrsrRegisteredEvent(this, this.service.name(), id, address, attempt, reRegistration));
		return null;
	}

	private @Nullable Duration onRegistrationFailed(RuntimeException ex, int attempt) {
		int streak;
		Duration delay;
		synchronized (this.monitor) {
			if (!shouldBeRegistered()) {
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
		logFailure(streak, "Could not register '" + this.service.name() + "' with srsr registry " + this.registryUrl
				+ " (attempt " + attempt + "): " + describe(ex) + "; retrying in " + FailureStreak.format(delay));
		publish(new SrsrRegistrationFailedEvent(this, this.service.name(), ex, attempt));
		return delay;
	}

	/**
	 * With fail-fast: register on the calling thread, within the attempt budget, before the
	 * application counts as started.
	 * @throws SrsrRegistrationFailedException if every attempt failed
	 */
	private void registerBeforeStartUpCompletes() {
		this.callLock.lock();
		try {
			ServiceRegistrationRequest registration;
			synchronized (this.monitor) {
				if (!shouldBeRegistered() || this.instanceId != null || this.request == null) {
					return;
				}
				startRetries();
				registration = this.request;
			}
			for (int attempt = 1;; attempt++) {
				Duration retryIn = attemptToRegister(registration);
				if (retryIn == null) {
					return;
				}
				if (attempt >= this.failFastAttempts || !sleep(retryIn)) {
					break;
				}
			}
			String lastError;
			synchronized (this.monitor) {
				this.registering = false;
				lastError = this.failures.lastError();
			}
			throw new SrsrRegistrationFailedException(this.service.name(), this.registryUrl, this.attempts, lastError);
		}
		finally {
			this.callLock.unlock();
		}
	}

	private static boolean sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Deregister, after the state was changed so that nothing registers again. Interrupts a
	 * heartbeat in flight, waits (bounded) for a registration in flight, so that its instance is
	 * the one deregistered.
	 */
	private void leave(String reason) {
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
			return this.callLock.tryLock(this.callTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void deregisterInstance(String id, String reason) {
		synchronized (this.monitor) {
			this.lastDeregistration = Instant.now();
		}
		boolean acknowledged = false;
		try {
			acknowledged = this.client.deregister(id);
			logger.info("Deregistered '" + this.service.name() + "' (instance " + id + ") from srsr registry "
					+ this.registryUrl + " (" + reason + ")"
					+ ((acknowledged) ? "" : "; the registry no longer knew the instance"));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not deregister '" + this.service.name() + "' (instance " + id + ") from srsr registry "
					+ this.registryUrl + ": " + describe(ex)
					+ "; the registry drops the instance when its timeout expires");
		}
		publish(new SrsrDeregisteredEvent(this, this.service.name(), id, acknowledged));
	}

	private boolean shouldBeRegistered() {
		return this.running && this.ready && this.acceptingTraffic && this.inService;
	}

	private void logFailure(int streak, String message) {
		if (streak == 1) {
			logger.warn(message + " (further failures in a row are logged at DEBUG)");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message + " (" + streak + " failures in a row)");
		}
	}

	private void publish(SrsrRegistrationEvent event) {
		remember(event);
		ApplicationContext context = this.applicationContext;
		if (context == null) {
			return;
		}
		try {
			context.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of " + event.getClass().getSimpleName() + " failed: " + ex);
		}
	}

	private void remember(SrsrRegistrationEvent event) {
		String description;
		if (event instanceof SrsrRegisteredEvent registered) {
			description = ((registered.isReRegistration()) ? "re-registered as " : "registered as ")
					+ registered.getInstanceId() + " at " + registered.getAddress();
		}
		else if (event instanceof SrsrRegistrationFailedEvent failed) {
			description = "registration attempt " + failed.getAttempt() + " failed: " + describe(failed.getError());
		}
		else if (event instanceof SrsrHeartbeatFailedEvent failed) {
			description = "heartbeat failed: " + describe(failed.getError());
		}
		else if (event instanceof SrsrDeregisteredEvent deregistered) {
			description = "deregistered " + deregistered.getInstanceId()
					+ ((deregistered.isAcknowledged()) ? "" : " (not confirmed by the registry)");
		}
		else {
			description = event.getClass().getSimpleName();
		}
		synchronized (this.monitor) {
			if (this.recentEvents.size() == RECENT_EVENTS) {
				this.recentEvents.removeFirst();
			}
			this.recentEvents.addLast(new LifecycleEvent(Instant.ofEpochMilli(event.getTimestamp()), description));
		}
	}

	private static String describe(Throwable ex) {
		if (ex instanceof SrsrClientException) {
			return ex.getMessage();
		}
		return ex.getClass().getName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
	}

}
