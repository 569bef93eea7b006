package io.github.srsr.boot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.SrsrRegistrationStatus.LifecycleEvent;
import io.github.srsr.boot.SrsrRegistrationStatus.RegistryStatus;
import io.github.srsr.boot.SrsrRegistrationStatus.State;
import io.github.srsr.client.ServiceRegistrationRequest;

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

/**
 * Registers this application with srsr once it is ready, keeps the registration alive with
 * heartbeats and deregisters when the application shuts down or refuses traffic.
 * <p>
 * Registration starts on {@link ApplicationReadyEvent}, on the starter's own scheduler: start-up
 * never waits for the registry (unless {@linkplain #setFailFast fail-fast} asks for it). Failed
 * registrations are retried with the configured {@link BackOff}. A heartbeat answered
 * {@code success: false} means the registry forgot this instance (restart, expiry): it registers
 * again at once. With several registries, the application registers with every one of them and
 * each registration lives on its own: one registry's outage or restart does not touch the others.
 * There is never more than one call to a registry in flight, and never more than one live
 * registration per registry.
 * <p>
 * Deregistration happens when the readiness state changes to
 * {@link ReadinessState#REFUSING_TRAFFIC} (which Spring Boot's web application contexts publish
 * first thing on close) and when this lifecycle bean stops, which is before the web server's
 * graceful shutdown; from every registry at once, so that shutdown waits for one timeout, not
 * their sum. After it, no request of any kind goes to the registries: a heartbeat in flight is
 * interrupted, and a registration in flight is waited for (at most the registry call timeout) so
 * that its instance can be deregistered at once.
 */
public class SrsrRegistration implements SmartLifecycle, ApplicationContextAware {

	/**
	 * Name of the {@link TaskScheduler} bean that runs registrations and heartbeats: one thread
	 * per registry.
	 */
	public static final String SCHEDULER_BEAN_NAME = "srsrTaskScheduler";

	/**
	 * Property holding the port the web server bound, published by Spring Boot.
	 */
	private static final String LOCAL_SERVER_PORT_PROPERTY = "local.server.port";

	private static final Log logger = LogFactory.getLog(SrsrRegistration.class);

	private static final int RECENT_EVENTS = 10;

	private final SrsrService service;

	private final TaskScheduler scheduler;

	private final BackOff retryBackOff;

	private final Duration callTimeout;

	/**
	 * Guards the state below and the state of every {@link RegistryRegistration}. Never held
	 * during a registry call.
	 */
	private final Object monitor = new Object();

	private final List<RegistryRegistration> registrations;

	private @Nullable ApplicationContext applicationContext;

	private boolean running;

	private boolean ready;

	private boolean acceptingTraffic = true;

	private boolean inService = true;

	private @Nullable ServiceRegistrationRequest request;

	private int failFastAttempts;

	private Duration deregistrationDelay = Duration.ZERO;

	private @Nullable Instant lastDeregistration;

	private final Deque<LifecycleEvent> recentEvents = new ArrayDeque<>();

	/**
	 * Create a registration.
	 * @param registries the registries to register with
	 * @param service what to register
	 * @param scheduler the scheduler that runs registration attempts and heartbeats, with a
	 * thread per registry
	 * @param retryBackOff how long to wait between failed registration attempts
	 * @param callTimeout the longest a registry call can take (connect plus read timeout)
	 */
	public SrsrRegistration(SrsrRegistries registries, SrsrService service, TaskScheduler scheduler,
			BackOff retryBackOff, Duration callTimeout) {
		Assert.notNull(registries, "'registries' must not be null");
		Assert.notNull(service, "'service' must not be null");
		Assert.notNull(scheduler, "'scheduler' must not be null");
		Assert.notNull(retryBackOff, "'retryBackOff' must not be null");
		Assert.notNull(callTimeout, "'callTimeout' must not be null");
		this.service = service;
		this.scheduler = scheduler;
		this.retryBackOff = retryBackOff;
		this.callTimeout = callTimeout;
		this.registrations = registries.asList()
			.stream()
			.map((registry) -> new RegistryRegistration(this, registry, this.monitor))
			.toList();
	}

	/**
	 * Make start-up fail when no registry accepts the first registration within the given number
	 * of attempts: the {@link ApplicationReadyEvent} listener waits for it, with the retry
	 * back-off between attempts. Without fail-fast (the default) the application starts at once
	 * and keeps trying in the background.
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
	 * Return a snapshot of how the registration is going. The top-level instance id, heartbeat
	 * and failures are those of the first registry that holds a registration, else of the first
	 * registry; {@link SrsrRegistrationStatus#registries()} has every registry's.
	 * @return the current status
	 */
	public SrsrRegistrationStatus getStatus() {
		synchronized (this.monitor) {
			List<RegistryStatus> registries = this.registrations.stream().map(RegistryRegistration::status).toList();
			RegistryStatus primary = registries.stream()
				.filter((registry) -> registry.instanceId() != null)
				.findFirst()
				.orElse(registries.get(0));
			return new SrsrRegistrationStatus(currentState(registries), this.service.name(),
					String.join(", ", registries.stream().map(RegistryStatus::registryUrl).toList()),
					primary.instanceId(), (this.request != null) ? SrsrService.describeAddress(this.request) : null,
					registries.stream()
						.map(RegistryStatus::lastHeartbeat)
						.filter(Objects::nonNull)
						.max(Comparator.naturalOrder())
						.orElse(null),
					primary.consecutiveFailures(), primary.lastError(),
					registries.stream().mapToInt(RegistryStatus::registrations).sum(),
					registries.stream().mapToInt(RegistryStatus::reRegistrations).sum(), List.copyOf(this.recentEvents),
					registries);
		}
	}

	private State currentState(List<RegistryStatus> registries) {
		if (!this.ready) {
			return State.NOT_ATTEMPTED;
		}
		if (!shouldBeRegistered()) {
			return State.DEREGISTERED;
		}
		if (registries.stream().anyMatch((registry) -> registry.state() == State.REGISTERED)) {
			return State.REGISTERED;
		}
		if (registries.stream().anyMatch((registry) -> registry.state() == State.FAILING)) {
			return State.FAILING;
		}
		return State.NOT_ATTEMPTED;
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
		requestRegistration();
		if (this.failFastAttempts > 0) {
			awaitFirstRegistration();
		}
	}

	/**
	 * With fail-fast: wait until a registry accepted the registration, or every registry failed
	 * the attempts allowed.
	 * @throws SrsrRegistrationFailedException if every registry failed every attempt
	 */
	private void awaitFirstRegistration() {
		synchronized (this.monitor) {
			while (shouldBeRegistered()) {
				if (this.registrations.stream().anyMatch((registration) -> registration.instanceId() != null)) {
					return;
				}
				if (this.registrations.stream()
					.allMatch((registration) -> registration.failedAttempts() >= this.failFastAttempts)) {
					break;
				}
				try {
					this.monitor.wait(100);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
			RegistryStatus first = this.registrations.get(0).status();
			throw new SrsrRegistrationFailedException(this.service.name(),
					String.join(", ", this.registrations.stream().map(RegistryRegistration::name).toList()),
					this.failFastAttempts, first.lastError());
		}
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
	 * Send a heartbeat to every registry, or register again where a registry has forgotten this
	 * instance. Runs on the starter's own scheduler at {@code srsr.heartbeat.interval}; does
	 * nothing while not registered. Each registry's heartbeat runs as a task of its own, so that a
	 * hung registry delays no other.
	 */
	@Scheduled(fixedDelayString = "${srsr.heartbeat.interval:20s}", initialDelayString = "${srsr.heartbeat.interval:20s}",
			timeUnit = TimeUnit.SECONDS, scheduler = SCHEDULER_BEAN_NAME)
	public void heartbeat() {
		if (this.registrations.size() == 1) {
			this.registrations.get(0).heartbeat();
			return;
		}
		for (RegistryRegistration registration : this.registrations) {
			try {
				this.scheduler.schedule(registration::heartbeat, Instant.now());
			}
			catch (TaskRejectedException ex) {
				// Shutting down.
				return;
			}
		}
	}

	private void requestRegistration() {
		this.registrations.forEach(RegistryRegistration::requestRegistration);
	}

	private void leave(String reason) {
		if (this.registrations.size() == 1) {
			this.registrations.get(0).leave(reason);
			return;
		}
		List<Thread> leaving = new ArrayList<>();
		for (RegistryRegistration registration : this.registrations) {
			Thread thread = new Thread(() -> registration.leave(reason), "srsr-leave-" + leaving.size());
			thread.setDaemon(true);
			thread.start();
			leaving.add(thread);
		}
		// Each leave() is bounded by twice the call timeout: waiting for a call in flight, then
		// deregistering.
		long deadline = System.nanoTime() + this.callTimeout.multipliedBy(2).plusSeconds(1).toNanos();
		for (Thread thread : leaving) {
			try {
				thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
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
			try {
				Thread.sleep(remaining.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	// Used by RegistryRegistration.

	/**
	 * Return whether the application wants to be registered; must be called holding the monitor.
	 */
	boolean shouldBeRegistered() {
		return this.running && this.ready && this.acceptingTraffic && this.inService;
	}

	/**
	 * Return what to register; must be called holding the monitor.
	 */
	@Nullable ServiceRegistrationRequest request() {
		return this.request;
	}

	TaskScheduler getScheduler() {
		return this.scheduler;
	}

	BackOff getRetryBackOff() {
		return this.retryBackOff;
	}

	Duration getCallTimeout() {
		return this.callTimeout;
	}

	void deregistering() {
		synchronized (this.monitor) {
			this.lastDeregistration = Instant.now();
		}
	}

	void publish(SrsrRegistrationEvent event) {
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
			description = "registration attempt " + failed.getAttempt() + " failed: "
					+ RegistryRegistration.describe(failed.getError());
		}
		else if (event instanceof SrsrHeartbeatFailedEvent failed) {
			description = "heartbeat failed: " + RegistryRegistration.describe(failed.getError());
		}
		else if (event instanceof SrsrDeregisteredEvent deregistered) {
			description = "deregistered " + deregistered.getInstanceId()
					+ ((deregistered.isAcknowledged()) ? "" : " (not confirmed by the registry)");
		}
		else {
			description = event.getClass().getSimpleName();
		}
		if (this.registrations.size() > 1) {
			description = event.getRegistryUrl() + ": " + description;
		}
		synchronized (this.monitor) {
			if (this.recentEvents.size() == RECENT_EVENTS) {
				this.recentEvents.removeFirst();
			}
			this.recentEvents.addLast(new LifecycleEvent(Instant.ofEpochMilli(event.getTimestamp()), description));
		}
	}

}
