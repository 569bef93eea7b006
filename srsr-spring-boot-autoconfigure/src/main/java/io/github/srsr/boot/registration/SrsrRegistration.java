package io.github.srsr.boot.registration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.SrsrRegistries;
import io.github.srsr.boot.registration.SrsrRegistrationStatus.State;
import io.github.srsr.client.ServiceRegistrationRequest;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;

/**
 * Registers this application with srsr once it is ready, keeps the registration alive with
 * heartbeats, and deregisters when the application shuts down or refuses traffic; with every
 * registry of {@link SrsrRegistries}, each on its own, so that one registry's outage or restart
 * does not touch the others.
 * <p>
 * Registration starts on {@link ApplicationReadyEvent}, on the starter's own scheduler: start-up
 * never waits for the registry, unless fail-fast asks for it. It leaves
 * when the readiness state changes to {@link ReadinessState#REFUSING_TRAFFIC} (which Spring Boot
 * publishes first thing on close), when this lifecycle bean stops (before the web server's
 * graceful shutdown), and on {@link #deregister()}; from every registry at once, so that leaving
 * waits for one timeout, not their sum. After it, no request goes to the registries.
 */
public class SrsrRegistration implements SmartLifecycle, ApplicationContextAware {

	/**
	 * Name of the scheduler bean that runs registrations and heartbeats: one thread per registry.
	 */
	public static final String SCHEDULER_BEAN_NAME = "srsrTaskScheduler";

	private static final Log logger = LogFactory.getLog(SrsrRegistration.class);

	private final SrsrService service;

	private final ThreadPoolTaskScheduler scheduler;

	private final Duration callTimeout;

	private final List<RegistryRegistration> registrations;

	private final RegistrationListener listener;

	private final @Nullable FirstRegistration firstRegistration;

	private final Duration deregistrationDelay;

	private @Nullable ApplicationContext applicationContext;

	// What the application wants; guarded by this.

	private @Nullable ServiceRegistrationRequest request;

	private boolean running;

	private boolean acceptingTraffic = true;

	private boolean inService = true;

	/**
	 * Create a registration.
	 * @param registries the registries to register with
	 * @param service what to register
	 * @param scheduler runs registration attempts and heartbeats, with a thread per registry
	 * @param retryBackOff how long to wait between failed registration attempts
	 * @param callTimeout the longest a registry call can take (connect plus read timeout)
	 * @param failFastAttempts the attempts before start-up fails, {@code 0} for no fail-fast
	 * @param deregistrationDelay how long shutdown waits after deregistering
	 */
	public SrsrRegistration(SrsrRegistries registries, SrsrService service, ThreadPoolTaskScheduler scheduler,
			BackOff retryBackOff, Duration callTimeout, int failFastAttempts, Duration deregistrationDelay) {
		Assert.notNull(registries, "'registries' must not be null");
		Assert.notNull(service, "'service' must not be null");
		this.service = service;
		this.scheduler = scheduler;
		this.callTimeout = callTimeout;
		this.deregistrationDelay = deregistrationDelay;
		this.firstRegistration = (failFastAttempts > 0) ? new FirstRegistration(failFastAttempts, registries.size())
				: null;
		this.listener = new RegistrationListener(this, service.name(), registries.size() > 1, this::publish,
				this.firstRegistration);
		this.registrations = registries.asList()
			.stream()
			.map((registry) -> new RegistryRegistration(registry, this::wanted, scheduler, retryBackOff, callTimeout,
					this.listener))
			.toList();
	}

	@Override
	public void setApplicationContext(ApplicationContext applicationContext) {
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
		List<SrsrRegistrationStatus.RegistryStatus> registries = this.registrations.stream()
			.map(RegistryRegistration::status)
			.toList();
		ServiceRegistrationRequest request;
		State state;
		synchronized (this) {
			request = this.request;
			state = (request == null) ? State.NOT_ATTEMPTED
					: (wanted() == null) ? State.DEREGISTERED : SrsrRegistrationStatus.stateOf(registries);
		}
		return new SrsrRegistrationStatus(state, this.service.name(),
				(request != null) ? SrsrService.describeAddress(request) : null, registries,
				this.listener.recentEvents());
	}

	/**
	 * What to register while the application wants to be registered: ready, running, accepting
	 * traffic, in service and not given up by fail-fast; else {@code null}.
	 */
	private synchronized @Nullable ServiceRegistrationRequest wanted() {
		boolean gaveUp = this.firstRegistration != null && this.firstRegistration.gaveUp();
		return (this.running && this.acceptingTraffic && this.inService && !gaveUp) ? this.request : null;
	}

	/**
	 * Start registering once this registration's own application context is ready (a child
	 * context, such as a separate management server, does not register the application again).
	 * With fail-fast, wait for the first registration.
	 * @param event the event
	 * @throws SrsrRegistrationFailedException with fail-fast, if every registry failed every
	 * attempt
	 */
	@EventListener
	public void onApplicationReady(ApplicationReadyEvent event) {
		if (event.getApplicationContext() != this.applicationContext) {
			return;
		}
		Integer port = event.getApplicationContext().getEnvironment().getProperty("local.server.port", Integer.class);
		synchronized (this) {
			this.request = this.service.toRequest(port);
		}
		registerEverywhere();
		if (this.firstRegistration != null && !this.firstRegistration.await()) {
			SrsrRegistrationStatus.RegistryStatus first = this.registrations.get(0).status();
			throw new SrsrRegistrationFailedException(this.service.name(), getStatus().registryUrl(),
					this.firstRegistration.maxAttempts(), first.lastError());
		}
	}

	/**
	 * Follow the application's readiness: leave while it refuses traffic, register again when it
	 * accepts traffic.
	 * @param event the event
	 */
	@EventListener
	public void onReadinessChange(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getSource() instanceof ApplicationContext context && context != this.applicationContext) {
			return;
		}
		boolean accepting = event.getState() == ReadinessState.ACCEPTING_TRAFFIC;
		synchronized (this) {
			if (this.acceptingTraffic == accepting) {
				return;
			}
			this.acceptingTraffic = accepting;
		}
		if (accepting) {
			registerEverywhere();
		}
		else {
			leaveEverywhere("readiness changed to REFUSING_TRAFFIC");
		}
	}

	/**
	 * Take this instance out of rotation: deregister and stop heartbeats until {@link #register()}
	 * is called. Health shows {@code OUT_OF_SERVICE} meanwhile.
	 */
	public void deregister() {
		synchronized (this) {
			if (!this.inService) {
				return;
			}
			this.inService = false;
		}
		leaveEverywhere("taken out of service on request");
	}

	/**
	 * Put this instance back into rotation after {@link #deregister()}: register again, unless the
	 * application is not ready, refuses traffic or is shutting down.
	 */
	public void register() {
		synchronized (this) {
			this.inService = true;
		}
		registerEverywhere();
	}

	@Override
	public void start() {
		synchronized (this) {
			this.running = true;
		}
		registerEverywhere();
	}

	@Override
	public void stop() {
		synchronized (this) {
			if (!this.running) {
				return;
			}
			this.running = false;
		}
		if (this.firstRegistration != null) {
			this.firstRegistration.abandon();
		}
		leaveEverywhere("the application is shutting down");
		awaitDeregistrationDelay();
	}

	@Override
	public synchronized boolean isRunning() {
		return this.running;
	}

	/**
	 * Heartbeat every registry, each as a task of its own so that a hung registry delays no
	 * other. Runs on the starter's own scheduler at {@code srsr.heartbeat.interval}; a registry
	 * that holds no registration is left alone.
	 */
	@Scheduled(fixedDelayString = "${srsr.heartbeat.interval:20s}", initialDelayString = "${srsr.heartbeat.interval:20s}",
			timeUnit = TimeUnit.SECONDS, scheduler = SCHEDULER_BEAN_NAME)
	public void heartbeat() {
		for (RegistryRegistration registration : this.registrations) {
			try {
				this.scheduler.execute(registration::heartbeat);
			}
			catch (TaskRejectedException ex) {
				// Shutting down.
				return;
			}
		}
	}

	private void registerEverywhere() {
		this.registrations.forEach(RegistryRegistration::register);
	}

	/**
	 * Leave every registry at once: the first on the calling thread, the others on the starter's
	 * scheduler, with one bounded wait for all. Each leave takes at most twice the call timeout:
	 * waiting for a call in flight, then deregistering.
	 */
	private void leaveEverywhere(String reason) {
		List<Future<?>> others = new ArrayList<>();
		for (RegistryRegistration registration : this.registrations.subList(1, this.registrations.size())) {
			try {
				others.add(this.scheduler.submit(() -> registration.leave(reason)));
			}
			catch (TaskRejectedException ex) {
				registration.leave(reason);
			}
		}
		long deadline = System.nanoTime() + this.callTimeout.multipliedBy(2).plusSeconds(1).toNanos();
		this.registrations.get(0).leave(reason);
		for (Future<?> leaving : others) {
			try {
				leaving.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				// Timed out or failed: the registry expires the instance on its own timeout.
			}
		}
	}

	private void awaitDeregistrationDelay() {
		Instant deregistered = this.listener.lastDeregistration();
		if (deregistered == null || this.deregistrationDelay.isZero()) {
			return;
		}
		Duration remaining = Duration.between(Instant.now(), deregistered.plus(this.deregistrationDelay));
		if (!remaining.isNegative() && !remaining.isZero()) {
			logger.debug("Waiting " + FailureStreak.format(remaining)
					+ " after deregistration before shutdown continues (srsr.deregistration.delay)");
			try {
				Thread.sleep(remaining.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void publish(ApplicationEvent event) {
		if (this.applicationContext != null) {
			this.applicationContext.publishEvent(event);
		}
	}

}
