package io.github.srsr.boot.registration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.SrsrRegistries;
import io.github.srsr.client.ServiceRegistrationRequest;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;

/**
 * Registers this application with every registry of {@link SrsrRegistries} once it is ready
 * ({@link ApplicationReadyEvent}, on the starter's scheduler, so start-up never waits unless
 * fail-fast asks for it), keeps each registration alive with heartbeats, and leaves every registry
 * at once when the readiness turns {@link ReadinessState#REFUSING_TRAFFIC}, when this lifecycle
 * bean stops (before the web server's graceful shutdown) and on {@link #deregister()}. Without a
 * service name (decided at run time, so that an AOT-processed application configured at deploy
 * time behaves like any other) it stays inactive: it never registers and says so once.
 */
public class SrsrRegistration implements SmartLifecycle, SmartApplicationListener, ApplicationContextAware {

	/**
	 * Name of the scheduler bean that runs registrations and heartbeats: one thread per registry,
	 * none until the application has a service name and starts.
	 */
	public static final String SCHEDULER_BEAN_NAME = "srsrTaskScheduler";

	private final @Nullable ServiceRegistrationRequest service;

	private final ThreadPoolTaskScheduler scheduler;

	private final Duration callTimeout;

	private final List<RegistryRegistration> registrations;

	private final RegistrationListener listener;

	private final @Nullable FirstRegistration firstRegistration;

	private final Duration deregistrationDelay;

	private final RegistrationWish wish;

	private final Duration heartbeatInterval;

	private boolean heartbeatsScheduled;

	private @Nullable ApplicationContext applicationContext;

	/**
	 * Create a registration.
	 * @param registries the registries to register with
	 * @param service what to register, as configured, or {@code null} without a service name
	 * @param scheduler runs registration attempts and heartbeats, with a thread per registry
	 * @param retryBackOff how long to wait between failed registration attempts
	 * @param callTimeout the longest a registry call can take (connect plus read timeout)
	 * @param failFastAttempts the attempts before start-up fails, {@code 0} for no fail-fast
	 * @param deregistrationDelay how long shutdown waits after deregistering
	 * @param heal whether to notice and heal srsr's name-wide removal from lookup
	 * @param heartbeatInterval the time between the end of one round of heartbeats and the next
	 */
	public SrsrRegistration(SrsrRegistries registries, @Nullable ServiceRegistrationRequest service,
			ThreadPoolTaskScheduler scheduler, BackOff retryBackOff, Duration callTimeout, int failFastAttempts,
			Duration deregistrationDelay, boolean heal, Duration heartbeatInterval) {
		this(registries, service, scheduler, retryBackOff, callTimeout, failFastAttempts, deregistrationDelay, heal,
				heartbeatInterval, false);
	}

	/**
	 * Create a registration that may also list the service in the service catalog.
	 * @param registries the registries to register with
	 * @param service what to register, as configured, or {@code null} without a service name
	 * @param scheduler runs registration attempts and heartbeats, with a thread per registry
	 * @param retryBackOff how long to wait between failed registration attempts
	 * @param callTimeout the longest a registry call can take (connect plus read timeout)
	 * @param failFastAttempts the attempts before start-up fails, {@code 0} for no fail-fast
	 * @param deregistrationDelay how long shutdown waits after deregistering
	 * @param heal whether to notice and heal srsr's name-wide removal from lookup
	 * @param heartbeatInterval the time between the end of one round of heartbeats and the next
	 * @param catalog whether to hold an entry in the service catalog
	 * ({@code srsr.discovery.catalog.enabled}), one more id per registry
	 */
	public SrsrRegistration(SrsrRegistries registries, @Nullable ServiceRegistrationRequest service,
			ThreadPoolTaskScheduler scheduler, BackOff retryBackOff, Duration callTimeout, int failFastAttempts,
			Duration deregistrationDelay, boolean heal, Duration heartbeatInterval, boolean catalog) {
		Assert.notNull(registries, "'registries' must not be null");
		this.heartbeatInterval = heartbeatInterval;
		this.service = service;
		this.scheduler = scheduler;
		this.callTimeout = callTimeout;
		this.deregistrationDelay = deregistrationDelay;
		this.firstRegistration = (failFastAttempts > 0) ? new FirstRegistration(failFastAttempts, registries.size())
				: null;
		this.listener = new RegistrationListener(this, (service != null) ? service.name() : "", registries.size() > 1,
				this::publish);
		this.wish = new RegistrationWish(this.firstRegistration);
		this.registrations = registries.asList()
			.stream()
			.map((registry) -> new RegistryRegistration(registry, this.wish::wanted, scheduler, retryBackOff,
					callTimeout, this.listener, this.firstRegistration,
					(heal && service != null) ? new LookupHealing(registry.client(), service.name()) : null,
					(catalog && service != null) ? new CatalogEntry(registry.client(), service.name()) : null))
			.toList();
	}

	@Override
	public void setApplicationContext(ApplicationContext applicationContext) {
		this.applicationContext = applicationContext;
	}

	/**
	 * Return what this application registers as, as configured; once it is ready, the port of its
	 * web server is sent unless the address or the port names one.
	 * @return the configured registration, or {@code null} while inactive for want of a service name
	 */
	public @Nullable ServiceRegistrationRequest getService() {
		return this.service;
	}

	/**
	 * Return a snapshot of how the registration is going.
	 * @return the current status
	 */
	public SrsrRegistrationStatus getStatus() {
		return SrsrRegistrationStatus.of((this.service != null) ? this.service.name() : null, this.wish.request(), this.wish.wanted() != null,
				this.registrations.stream().map(RegistryRegistration::status).toList(), this.listener.recentEvents());
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return ApplicationReadyEvent.class.isAssignableFrom(eventType)
				|| AvailabilityChangeEvent.class.isAssignableFrom(eventType);
	}

	// Listening directly rather than through @EventListener methods spares start-up Spring's
	// method adapter and its annotation handling.
	@Override
	@SuppressWarnings("unchecked")
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ApplicationReadyEvent ready) {
			onApplicationReady(ready);
		}
		else if (event instanceof AvailabilityChangeEvent<?> change && change.getState() instanceof ReadinessState) {
			onReadinessChange((AvailabilityChangeEvent<ReadinessState>) change);
		}
	}

	/**
	 * Start registering once this registration's own context is ready (not a child context's,
	 * such as a management server's); with fail-fast, wait for the first registration.
	 * @param event the event
	 */
	public void onApplicationReady(ApplicationReadyEvent event) {
		if (event.getApplicationContext() != this.applicationContext || this.service == null) {
			return; // without a name the wish is never ready, so nothing is ever wanted
		}
		Integer port = event.getApplicationContext().getEnvironment().getProperty("local.server.port", Integer.class);
		ServiceRegistrationRequest request = this.service.withDefaultPort(port);
		if (request.address() == null && request.port() == null) {
			this.listener.noPort(request);
		}
		this.wish.ready(request);
		registerEverywhere();
		if (this.firstRegistration != null) {
			this.firstRegistration.awaitOrFail(this.service.name(), this::getStatus);
		}
	}

	// Leave while the application refuses traffic, register again when it accepts traffic.
	private void onReadinessChange(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getSource() instanceof ApplicationContext context && context != this.applicationContext) {
			return;
		}
		boolean accepting = event.getState() == ReadinessState.ACCEPTING_TRAFFIC;
		if (this.wish.acceptingTraffic(accepting)) {
			if (accepting) {
				registerEverywhere();
			}
			else {
				leaveEverywhere(closing() ? "the application is shutting down"
						: "readiness changed to REFUSING_TRAFFIC");
			}
		}
	}

	/**
	 * Return whether an application context is closing on this thread: Spring Boot's web server
	 * contexts change the readiness to refusing traffic as they begin to close (on Ctrl-C or
	 * SIGTERM, too), before any lifecycle bean stops.
	 */
	private static boolean closing() {
		return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
			.walk((frames) -> frames.anyMatch((frame) -> frame.getMethodName().equals("doClose")
					&& ApplicationContext.class.isAssignableFrom(frame.getDeclaringClass())));
	}

	/**
	 * Take this instance out of rotation: deregister and stop heartbeats until {@link #register()}
	 * is called. Health shows {@code OUT_OF_SERVICE} meanwhile.
	 */
	public void deregister() {
		if (this.wish.inService(false)) {
			leaveEverywhere("taken out of service on request");
		}
	}

	/**
	 * Put this instance back into rotation after {@link #deregister()}: register again, unless the
	 * application is not ready, refuses traffic or is shutting down.
	 */
	public void register() {
		this.wish.inService(true);
		registerEverywhere();
	}

	@Override
	public void start() {
		if (this.wish.running(true) && this.service == null) {
			this.listener.inactive();
		}
		if (this.service != null) {
			scheduleHeartbeats();
		}
		registerEverywhere();
	}

	// Scheduled here rather than with @Scheduled: no thread starts without a service name, and
	// the application's own @Scheduled methods stay as the application configured them.
	private synchronized void scheduleHeartbeats() {
		if (!this.heartbeatsScheduled) {
			try {
				this.scheduler.scheduleWithFixedDelay(this::heartbeat, Instant.now().plus(this.heartbeatInterval),
						this.heartbeatInterval);
				this.heartbeatsScheduled = true;
			}
			catch (TaskRejectedException ex) {
				// The scheduler is shutting down with the application.
			}
		}
	}

	@Override
	public void stop() {
		if (!this.wish.running(false)) {
			return;
		}
		if (this.firstRegistration != null) {
			this.firstRegistration.abandon();
		}
		leaveEverywhere("the application is shutting down");
		LeavingEverywhere.holdAfterLastDeregistration(this.registrations, this.listener, this.deregistrationDelay);
	}

	@Override
	public boolean isRunning() {
		return this.wish.isRunning();
	}

	// Heartbeat every registry that holds a registration, each as a task of its own on the
	// starter's scheduler, so that a hung registry delays no other. Runs every
	// srsr.heartbeat.interval once the lifecycle started.
	private void heartbeat() {
		if (this.service == null) {
			return;
		}
		for (RegistryRegistration registration : this.registrations) {
			try {
				this.scheduler.execute(registration::heartbeat);
			}
			catch (TaskRejectedException ex) {
				return; // shutting down
			}
		}
	}

	private void registerEverywhere() {
		this.registrations.forEach(RegistryRegistration::register);
	}

	private void leaveEverywhere(String reason) {
		LeavingEverywhere.leave(this.registrations, this.scheduler, this.callTimeout, reason);
	}

	private void publish(ApplicationEvent event) {
		if (this.applicationContext != null) {
			this.applicationContext.publishEvent(event);
		}
	}

}
