package io.github.srsr.boot.registration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.srsr.boot.SrsrRegistries;
import io.github.srsr.boot.SrsrRegistry;
import io.github.srsr.boot.registration.SrsrRegistrationStatus.LifecycleEvent;
import io.github.srsr.boot.registration.SrsrRegistrationStatus.RegistryStatus;
import io.github.srsr.boot.registration.SrsrRegistrationStatus.State;
import io.github.srsr.client.RegistryUrl;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.http.SrsrRestClientBuilders;
import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.RecordedRequest;
import io.github.srsr.registry.RegisteredInstance;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.FixedBackOff;

import static io.github.srsr.testsupport.LeftBehind.assertOnlyDepartureNotices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The registration's state machines ({@link SrsrRegistration}, {@link RegistrationWish},
 * {@link RegistryRegistration}, {@link FirstRegistration}) driven directly against the embedded
 * registry, without Spring Boot: the application's events are sent by the test and the starter's
 * events collected from an empty context. Fast enough to run for every mutant under PIT; the
 * tests with a Spring Boot application cover the same steps as users see them.
 */
@ExtendWith(OutputCaptureExtension.class)
class RegistrationStateTests {

	private static final ServiceRegistrationRequest ORDERS = new ServiceRegistrationRequest("orders",
			"http://10.0.0.1:8080", null);

	private final EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.builder().port(0).start();

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private final StaticApplicationContext context = new StaticApplicationContext();

	private final List<SrsrRegistrationEvent> events = new CopyOnWriteArrayList<>();

	private SrsrRegistration registration;

	RegistrationStateTests() {
		this.scheduler.setPoolSize(2);
		this.scheduler.setThreadNamePrefix("srsr-test-");
		this.scheduler.initialize();
		this.context.addApplicationListener((ApplicationListener<SrsrRegistrationEvent>) this.events::add);
		this.context.refresh();
	}

	@AfterEach
	void close() {
		if (this.registration != null) {
			this.registration.stop();
		}
		this.scheduler.shutdown();
		this.context.close();
		this.registry.close();
	}

	@Test
	void registersOnceReadyAndHeartbeats() {
		SrsrRegistration registration = registration(ORDERS, 0, Duration.ZERO);
		registration.start();
		assertThat(registration.getStatus().state()).isEqualTo(State.NOT_ATTEMPTED);
		assertThat(this.registry.instances()).isEmpty();

		ready(registration);

		awaitRegistered(registration);
		RegisteredInstance instance = this.registry.instances("orders").get(0);
		assertThat(instance.address()).isEqualTo("http://10.0.0.1:8080");
		assertThat(registration.getStatus().instanceId()).isEqualTo(instance.id());
		assertThat(this.events).singleElement().isInstanceOfSatisfying(SrsrRegisteredEvent.class, (registered) -> {
			assertThat(registered.getSource()).isSameAs(registration);
			assertThat(registered.getServiceName()).isEqualTo("orders");
			assertThat(registered.getRegistryUrl()).isEqualTo(this.registry.url().toString());
			assertThat(registered.getInstanceId()).isEqualTo(instance.id());
			assertThat(registered.getAttempts()).isOne();
			assertThat(registered.isReRegistration()).isFalse();
			assertThat(registered.isAfterLookupRemoval()).isFalse();
		});
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> registration.getStatus().lastHeartbeat() != null);
		assertThat(this.registry.requests()).anySatisfy((request) -> assertThat(request.path()).contains("heartbeat"));
		assertThat(registration.getStatus().recentEvents()).singleElement()
			.satisfies((event) -> assertThat(event.description()).startsWith("registered as " + instance.id()));
	}

	@Test
	void retriesWithBackOffUntilTheRegistryAnswers(CapturedOutput output) {
		this.registry.stop();
		SrsrRegistration registration = registration(ORDERS, 0, Duration.ZERO);
		registration.start();
		ready(registration);
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> events(SrsrRegistrationFailedEvent.class).size() >= 2);
		assertThat(registration.getStatus().state()).isEqualTo(State.FAILING);
		assertThat(registration.getStatus().consecutiveFailures()).isGreaterThanOrEqualTo(2);
		assertThat(registration.getStatus().lastError()).isNotBlank();
		assertThat(events(SrsrRegistrationFailedEvent.class)).extracting(SrsrRegistrationFailedEvent::getAttempt)
			.startsWith(1, 2);
		assertThat(events(SrsrRegistrationFailedEvent.class).get(0).getRetryIn()).isEqualTo(Duration.ofMillis(50));
		assertThat(registration.getStatus().failingSince()).isNotNull();
		assertThat(registration.getStatus().recentEvents()).first()
			.satisfies((event) -> assertThat(event.description()).startsWith("registration attempt 1 failed: "));
		// The first failure of a streak at WARN, the others at DEBUG.
		assertThat(output.toString().split("further failures in a row are logged at DEBUG", -1)).hasSize(2);

		this.registry.restart();

		awaitRegistered(registration);
		assertThat(registration.getStatus().consecutiveFailures()).isZero();
		assertThat(registration.getStatus().failingSince()).isNull();
		assertThat(output).contains("with srsr registry " + this.registry.url() + " (instance "
				+ registration.getStatus().instanceId() + ") after ");
		assertThat(events(SrsrRegisteredEvent.class)).singleElement()
			.satisfies((registered) -> assertThat(registered.getAttempts()).isGreaterThan(2));
	}

	@Test
	void registersAgainWhenTheRegistryForgotTheInstance() {
		SrsrRegistration registration = registration(ORDERS, 0, Duration.ZERO);
		registration.start();
		ready(registration);
		String first = awaitRegistered(registration);

		this.registry.restart();

		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> events(SrsrRegisteredEvent.class).size() == 2);
		SrsrRegisteredEvent again = events(SrsrRegisteredEvent.class).get(1);
		assertThat(again.isReRegistration()).isTrue();
		assertThat(again.getInstanceId()).isNotEqualTo(first);
		assertThat(this.registry.instances("orders")).extracting(RegisteredInstance::id)
			.containsExactly(again.getInstanceId());
		assertThat(registration.getStatus().reRegistrations()).isOne();
	}

	@Test
	void heartbeatFailuresAreCountedAndHeartbeatsGoOn() {
		SrsrRegistration registration = registration(ORDERS, 0, Duration.ZERO);
		registration.start();
		ready(registration);
		String id = awaitRegistered(registration);

		this.registry.stop();

		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> events(SrsrHeartbeatFailedEvent.class).size() >= 2);
		assertThat(events(SrsrHeartbeatFailedEvent.class)).extracting(SrsrHeartbeatFailedEvent::getConsecutiveFailures)
			.startsWith(1, 2);
		assertThat(events(SrsrHeartbeatFailedEvent.class)).allSatisfy((failed) -> {
			assertThat(failed.getInstanceId()).isEqualTo(id);
			assertThat(failed.getError()).isNotNull();
		});
		assertThat(registration.getStatus().state()).isEqualTo(State.FAILING);
		assertThat(registration.getStatus().instanceId()).isEqualTo(id);
		assertThat(registration.getStatus().recentEvents()).last()
			.satisfies((event) -> assertThat(event.description()).startsWith("heartbeat failed: "));
	}

	@Test
	void leavesWhileRefusingTrafficOrOutOfServiceAndComesBack() {
		SrsrRegistration registration = registration(ORDERS, 0, Duration.ZERO);
		registration.start();
		ready(registration);
		String first = awaitRegistered(registration);

		readiness(registration, ReadinessState.REFUSING_TRAFFIC);

		assertOnlyDepartureNotices(this.registry);
		// Its departure notice, registered just before the deregistration emptied the name, tells
		// callers that this address left rather than that srsr removed the name.
		assertThat(this.registry.instances("orders" + RegistryRegistration.DEPARTURE_NOTICES))
			.extracting(RegisteredInstance::address)
			.containsExactly("http://10.0.0.1:8080");
		assertThat(this.registry.requests()).extracting(RecordedRequest::path)
			.endsWith("/register", "/deregister");
		assertThat(registration.getStatus().state()).isEqualTo(State.DEREGISTERED);
		assertThat(events(SrsrDeregisteredEvent.class)).singleElement().satisfies((deregistered) -> {
			assertThat(deregistered.getInstanceId()).isEqualTo(first);
			assertThat(deregistered.isAcknowledged()).isTrue();
		});
		assertThat(registration.getStatus().recentEvents()).last()
			.satisfies((event) -> assertThat(event.description()).isEqualTo("deregistered " + first));

		readiness(registration, ReadinessState.ACCEPTING_TRAFFIC);
		String second = awaitRegistered(registration);
		assertThat(second).isNotEqualTo(first);

		registration.deregister();
		assertOnlyDepartureNotices(this.registry);
		assertThat(registration.getStatus().state()).isEqualTo(State.DEREGISTERED);
		// Accepting traffic again does not put an instance taken out of service back.
		readiness(registration, ReadinessState.ACCEPTING_TRAFFIC);
		assertThat(registration.getStatus().state()).isEqualTo(State.DEREGISTERED);

		registration.register();
		awaitRegistered(registration);
		assertThat(events(SrsrDeregisteredEvent.class)).hasSize(2);
	}

	@Test
	void stoppingLeavesAndHoldsTheDelayAfterTheDeregistration() {
		SrsrRegistration registration = registration(ORDERS, 0, Duration.ofMillis(300));
		registration.start();
		ready(registration);
		awaitRegistered(registration);
		long before = System.nanoTime();

		registration.stop();

		assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(registration.isRunning()).isFalse();
		assertOnlyDepartureNotices(this.registry);
		assertThat(events(SrsrDeregisteredEvent.class)).hasSize(1);

		registration.start();
		awaitRegistered(registration);
	}

	@Test
	void withFailFastStartUpFailsOnceEveryAttemptFailed() {
		this.registry.stop();
		SrsrRegistration registration = registration(ORDERS, 2, Duration.ZERO);
		registration.start();

		assertThatExceptionOfType(SrsrRegistrationFailedException.class).isThrownBy(() -> ready(registration));

		assertThat(events(SrsrRegistrationFailedEvent.class)).extracting(SrsrRegistrationFailedEvent::getAttempt)
			.containsExactly(1, 2);
		// Given up: nothing is wanted any more, whatever is asked.
		this.registry.restart();
		registration.register();
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.registry.requests().isEmpty());
	}

	@Test
	void withFailFastStartUpWaitsForTheFirstRegistration() {
		SrsrRegistration registration = registration(ORDERS, 2, Duration.ZERO);
		registration.start();

		ready(registration);

		assertThat(registration.getStatus().state()).isEqualTo(State.REGISTERED);
		assertThat(this.registry.instances("orders")).hasSize(1);
	}

	@Test
	void healsARemovalFromLookupAndLeavesNothingBehind(CapturedOutput output) {
		SrsrRegistration registration = registration(ORDERS, 0, Duration.ZERO, true, this.registry);
		registration.start();
		ready(registration);
		String first = awaitRegistered(registration);
		RestClientSrsrClient other = client(this.registry);
		String otherId = other.register(new ServiceRegistrationRequest("orders", "http://10.0.0.2:8080", null));

		// srsr removes the whole name from lookup when one of its ids leaves.
		other.deregister(otherId);

		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> events(SrsrRegisteredEvent.class).size() == 2);
		SrsrRegisteredEvent healed = events(SrsrRegisteredEvent.class).get(1);
		assertThat(healed.isAfterLookupRemoval()).isTrue();
		assertThat(healed.isReRegistration()).isTrue();
		assertThat(this.registry.lookupCandidates("orders")).extracting(RegisteredInstance::id)
			.containsExactly(healed.getInstanceId());
		assertThat(registration.getStatus().lookupRemovals()).isOne();
		assertThat(registration.getStatus().lastLookupRemovalCause()).isNotBlank();
		// The name's list was empty, so releasing the first id removes nobody from lookup.
		assertThat(registration.getStatus().registries().get(0).heldIds()).isOne();
		assertThat(this.registry.instances("orders")).extracting(RegisteredInstance::id)
			.containsExactly(healed.getInstanceId())
			.doesNotContain(first);

		registration.stop();

		assertOnlyDepartureNotices(this.registry);
		assertThat(events(SrsrDeregisteredEvent.class)).singleElement()
			.satisfies((deregistered) -> assertThat(deregistered.getInstanceId()).isEqualTo(healed.getInstanceId()));
		assertThat(output).contains("had removed 'orders' from lookup (")
			.contains("); registered again as " + healed.getInstanceId() + " at http://10.0.0.1:8080\n")
			.contains("(the application is shutting down), with the other id it held there: its marker id under "
					+ "'orders#srsr-generation'");
	}

	@Test
	void registersWithEveryRegistryAndLeavesThemAll() {
		try (EmbeddedSrsrRegistry second = EmbeddedSrsrRegistry.builder().port(0).start()) {
			SrsrRegistration registration = registration(ORDERS, 0, Duration.ZERO, false, this.registry, second);
			registration.start();
			ready(registration);
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> events(SrsrRegisteredEvent.class).size() == 2);
			assertThat(registration.getStatus().registries()).extracting(RegistryStatus::state)
				.containsExactly(State.REGISTERED, State.REGISTERED);
			assertThat(this.registry.instances("orders")).hasSize(1);
			assertThat(second.instances("orders")).hasSize(1);
			// With several registries, each recent event says which one it is about.
			assertThat(registration.getStatus().recentEvents()).extracting(LifecycleEvent::description)
				.anySatisfy((description) -> assertThat(description).startsWith(this.registry.url() + ": registered as"))
				.anySatisfy((description) -> assertThat(description).startsWith(second.url() + ": registered as"));

			registration.stop();

			assertOnlyDepartureNotices(this.registry);
			assertOnlyDepartureNotices(second);
			assertThat(events(SrsrDeregisteredEvent.class)).extracting(SrsrDeregisteredEvent::getRegistryUrl)
				.containsExactlyInAnyOrder(this.registry.url().toString(), second.url().toString());
		}
	}

	@Test
	void withoutAServiceNameNothingIsEverRegistered(CapturedOutput output) {
		SrsrRegistration registration = registration(null, 0, Duration.ZERO);
		registration.start();
		ready(registration);
		registration.register();
		registration.stop();
		registration.start();

		assertThat(registration.getStatus().state()).isEqualTo(State.NOT_ATTEMPTED);
		assertThat(registration.getStatus().inactive()).isNotNull();
		assertThat(this.registry.requests()).isEmpty();
		assertThat(this.events).isEmpty();
		assertThat(output.toString().split("srsr registration is inactive: no service name", -1)).hasSize(2);
	}

	private SrsrRegistration registration(ServiceRegistrationRequest service, int failFastAttempts,
			Duration deregistrationDelay) {
		return registration(service, failFastAttempts, deregistrationDelay, false, this.registry);
	}

	private SrsrRegistration registration(ServiceRegistrationRequest service, int failFastAttempts,
			Duration deregistrationDelay, boolean heal, EmbeddedSrsrRegistry... registries) {
		List<SrsrRegistry> each = Stream.of(registries)
			.map((registry) -> new SrsrRegistry(registry.url().toString(), client(registry)))
			.toList();
		// Retries every 50 ms; the call timeout (connect plus read) is 3 s; heartbeats every 200 ms.
		this.registration = new SrsrRegistration(new SrsrRegistries(each), service, this.scheduler,
				new FixedBackOff(50, 10_000), Duration.ofSeconds(3), failFastAttempts, deregistrationDelay, heal,
				Duration.ofMillis(200));
		this.registration.setApplicationContext(this.context);
		return this.registration;
	}

	private static RestClientSrsrClient client(EmbeddedSrsrRegistry registry) {
		return new RestClientSrsrClient(RegistryUrl.of(registry.url().toString()),
				SrsrRestClientBuilders.create(Duration.ofSeconds(1), Duration.ofSeconds(2)));
	}

	private void ready(SrsrRegistration registration) {
		registration.onApplicationEvent(
				new ApplicationReadyEvent(new SpringApplication(), new String[0], this.context, Duration.ZERO));
	}

	private void readiness(SrsrRegistration registration, ReadinessState state) {
		registration.onApplicationEvent(new AvailabilityChangeEvent<>(this.context, state));
	}

	// Registered, and the event about it published (it follows the change of state).
	private String awaitRegistered(SrsrRegistration registration) {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
			String id = registration.getStatus().instanceId();
			return registration.getStatus().state() == State.REGISTERED && id != null
					&& events(SrsrRegisteredEvent.class).stream().anyMatch((event) -> event.getInstanceId().equals(id));
		});
		return registration.getStatus().instanceId();
	}

	private <E extends SrsrRegistrationEvent> List<E> events(Class<E> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

}
