package io.github.srsr.boot.registration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

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
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.FixedBackOff;

import static io.github.srsr.testsupport.LeftBehind.assertOnlyDepartureNotices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
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

	private static final String SIDE_NAME = "orders" + LookupHealing.GENERATION_SUFFIX;

	private static final ServiceRegistrationRequest ORDERS = new ServiceRegistrationRequest("orders",
			"http://10.0.0.1:8080", null);

	private final EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.builder().port(0).start();

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private final StaticApplicationContext context = new StaticApplicationContext();

	private final List<SrsrRegistrationEvent> events = new CopyOnWriteArrayList<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger(SrsrRegistration.class);

	private final Level level = this.logger.getLevel();

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
		this.logger.setLevel(this.level);
		if (this.registration != null) {
			this.registration.stop();
		}
		this.scheduler.shutdown();
		this.context.close();
		this.registry.close();
	}

	@Test
	void registersOnceReadyAndHeartbeats(CapturedOutput output) {
		// At DEBUG, where a registration without healing or catalog tells of no failed step.
		this.logger.setLevel(Level.DEBUG);
		SrsrRegistration registration = registration(ORDERS, 0, Duration.ZERO);
		registration.start();
		assertThat(registration.isRunning()).isTrue();
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
		awaitHeartbeats(2);
		assertThat(output).contains("Registered 'orders' at http://10.0.0.1:8080 with srsr registry " + this.registry.url()
				+ " (instance " + instance.id() + ")\n")
			.doesNotContain("without a port")
			.doesNotContain("Could not check whether")
			.doesNotContain("in the service catalog");
	}

	@Test
	void withoutAddressOrPortItWarnsOnceThatItRegistersWithoutAPort(CapturedOutput output) {
		SrsrRegistration registration = registration(new ServiceRegistrationRequest("orders", null, null), 0,
				Duration.ZERO);
		registration.start();
		ready(registration);
		awaitRegistered(registration);
		ready(registration);

		assertThat(output.toString().split("srsr registers 'orders' as http://<caller ip>, without a port", -1))
			.hasSize(2);
		assertThat(this.registry.instances("orders")).hasSize(1);
	}

	@Test
	void theReadinessOfAnotherContextIsNoneOfItsBusiness() {
		SrsrRegistration registration = registration(ORDERS, 0, Duration.ZERO);
		registration.start();
		ready(registration);
		String id = awaitRegistered(registration);
		try (StaticApplicationContext management = new StaticApplicationContext()) {
			management.refresh();

			registration.onApplicationEvent(new AvailabilityChangeEvent<>(management, ReadinessState.REFUSING_TRAFFIC));
			// Nor its readiness event, which comes from its own context only.
			registration.onApplicationEvent(
					new ApplicationReadyEvent(new SpringApplication(), new String[0], management, Duration.ZERO));
		}

		assertThat(registration.getStatus().state()).isEqualTo(State.REGISTERED);
		assertThat(this.registry.instances("orders")).extracting(RegisteredInstance::id).containsExactly(id);
		assertThat(this.events).singleElement().isInstanceOf(SrsrRegisteredEvent.class);
	}

	@Test
	void refusingTrafficWhileTheContextClosesIsLeavingForShutdown(CapturedOutput output) {
		SrsrRegistration registration = registration(ORDERS, 0, Duration.ZERO);
		// As Spring Boot's web server contexts do as they begin to close.
		this.context.addApplicationListener((ApplicationListener<ApplicationEvent>) (event) -> {
			if (event instanceof ContextClosedEvent) {
				readiness(registration, ReadinessState.REFUSING_TRAFFIC);
			}
		});
		registration.start();
		ready(registration);
		String id = awaitRegistered(registration);

		this.context.close();

		assertOnlyDepartureNotices(this.registry);
		assertThat(output).contains("Deregistered 'orders' (instance " + id + ") from srsr registry "
				+ this.registry.url() + " (the application is shutting down)\n");
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
	void registersAgainWhenTheRegistryForgotTheInstance(CapturedOutput output) {
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
		// A series of attempts of its own, and only the new id held.
		assertThat(again.getAttempts()).isOne();
		assertThat(registration.getStatus().registries().get(0).heldIds()).isOne();
		assertThat(output).contains("srsr registry " + this.registry.url() + " no longer knows instance " + first
				+ " of 'orders' (it restarted or expired it); registering again\n");
	}

	@Test
	void whenTheRegistryForgetsAHealingInstanceItRegistersAgainOnceWithAFreshMarker() {
		SrsrRegistration registration = registration(ORDERS, 0, Duration.ZERO, true, this.registry);
		registration.start();
		ready(registration);
		awaitRegistered(registration);

		this.registry.restart();

		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> events(SrsrRegisteredEvent.class).size() == 2);
		String again = awaitRegistered(registration);
		awaitHeartbeats(3);
		assertThat(events(SrsrRegisteredEvent.class)).hasSize(2);
		assertThat(this.registry.instances("orders")).extracting(RegisteredInstance::id).containsExactly(again);
		assertThat(this.registry.instances(SIDE_NAME)).hasSize(1);
	}

	@Test
	void aHealingInstanceStoppedAndStartedAgainHoldsOneFreshMarker(CapturedOutput output) {
		SrsrRegistration registration = registration(ORDERS, 0, Duration.ZERO, true, this.registry);
		registration.start();
		ready(registration);
		awaitRegistered(registration);
		registration.stop();
		assertOnlyDepartureNotices(this.registry);

		registration.start();

		String again = awaitRegistered(registration);
		awaitHeartbeats(3);
		assertThat(this.registry.instances("orders")).extracting(RegisteredInstance::id).containsExactly(again);
		assertThat(this.registry.instances(SIDE_NAME)).hasSize(1);
		assertThat(events(SrsrRegisteredEvent.class)).hasSize(2);
		assertThat(output).doesNotContain("no longer knows");
	}

	@Test
	void aHealingInstanceKeepsItsMarkerAliveAndNothingToHealWhileNobodyLeaves() {
		// Heartbeats every 200 ms, the registry's timeout 10 of them.
		try (EmbeddedSrsrRegistry expiring = EmbeddedSrsrRegistry.builder()
			.port(0)
			.timeout(Duration.ofSeconds(2))
			.start()) {
			SrsrRegistration registration = registration(ORDERS, 0, Duration.ZERO, true, expiring);
			registration.start();
			ready(registration);
			String id = awaitRegistered(registration);
			String marker = expiring.instances(SIDE_NAME).get(0).id();

			// A marker left without heartbeats would expire within the registry's timeout, taking
			// the side name with it, and the instance would take that for a removal and register
			// again.
			await().during(Duration.ofSeconds(5))
				.atMost(Duration.ofSeconds(8))
				.pollInterval(Duration.ofMillis(200))
				.untilAsserted(() -> {
					assertThat(expiring.instances(SIDE_NAME)).extracting(RegisteredInstance::id).containsExactly(marker);
					assertThat(expiring.lookupCandidates("orders")).extracting(RegisteredInstance::id)
						.containsExactly(id);
				});
			assertThat(registration.getStatus().registrations()).isOne();
			assertThat(registration.getStatus().lookupRemovals()).isZero();
			registration.stop();
		}
	}

	@Test
	void heartbeatsAcceptedAgainAfterAnOutageSayHowLongItLasted(CapturedOutput output) {
		SrsrRegistration registration = registration(ORDERS, 0, Duration.ZERO);
		registration.start();
		ready(registration);
		String id = awaitRegistered(registration);
		awaitHeartbeats(2);
		assertThat(output).doesNotContain("accepts heartbeats");

		// Hung: each heartbeat ends with the client's read timeout (2 s).
		this.registry.pause();
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> !events(SrsrHeartbeatFailedEvent.class).isEmpty());
		this.registry.resume();

		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> output.toString().contains("accepts heartbeats"));
		assertThat(output.toString()).containsPattern("srsr registry " + this.registry.url() + " accepts heartbeats of "
				+ "'orders' again after \\d+ failed calls? in \\d+(\\.\\d)? m?s\n");
		assertThat(registration.getStatus().state()).isEqualTo(State.REGISTERED);
		assertThat(registration.getStatus().instanceId()).isEqualTo(id);
	}

	@Test
	void aDeregistrationThatFailsIsAWarningAndTheRegistryExpiresTheInstance(CapturedOutput output) {
		SrsrRegistration registration = registration(ORDERS, 0, Duration.ZERO);
		registration.start();
		ready(registration);
		String id = awaitRegistered(registration);
		this.registry.stop();

		registration.stop();

		assertThat(output).contains("Could not deregister 'orders' (instance " + id + ") from srsr registry "
				+ this.registry.url() + ": ")
			.contains("; the registry drops the instance when its timeout expires\n");
		assertThat(events(SrsrDeregisteredEvent.class)).singleElement().satisfies((deregistered) -> {
			assertThat(deregistered.getInstanceId()).isEqualTo(id);
			assertThat(deregistered.isAcknowledged()).isFalse();
		});
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
	void leavesWhileRefusingTrafficOrOutOfServiceAndComesBack(CapturedOutput output) {
		SrsrRegistration registration = registration(ORDERS, 0, Duration.ZERO);
		registration.start();
		ready(registration);
		String first = awaitRegistered(registration);

		readiness(registration, ReadinessState.REFUSING_TRAFFIC);

		assertThat(output).contains("Deregistered 'orders' (instance " + first + ") from srsr registry "
				+ this.registry.url() + " (readiness changed to REFUSING_TRAFFIC)\n");
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
	void stoppingLeavesAndHoldsTheDelayAfterTheDeregistration(CapturedOutput output) {
		SrsrRegistration registration = registration(ORDERS, 0, Duration.ofMillis(300));
		registration.start();
		ready(registration);
		awaitRegistered(registration);
		long before = System.nanoTime();
		this.logger.setLevel(Level.DEBUG);

		registration.stop();

		assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(output).contains(" after deregistration before shutdown continues (srsr.deregistration.delay)");
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

		assertThatExceptionOfType(SrsrRegistrationFailedException.class).isThrownBy(() -> ready(registration))
			.satisfies((ex) -> {
				assertThat(ex).hasMessageStartingWith("Could not register 'orders' with srsr registry "
						+ this.registry.url() + " in 2 attempts: ");
				assertThat(ex.getServiceName()).isEqualTo("orders");
				assertThat(ex.getRegistryUrl()).isEqualTo(this.registry.url().toString());
				assertThat(ex.getAttempts()).isEqualTo(2);
				assertThat(ex.getLastError()).isNotBlank();
				assertThat(ex.getMessage()).endsWith(": " + ex.getLastError());
			});

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
	void withFailFastStoppingEndsTheWaitForTheFirstRegistration() throws Exception {
		this.registry.stop();
		SrsrRegistration registration = registration(ORDERS, 1_000, Duration.ZERO);
		registration.start();
		CompletableFuture<Void> starting = CompletableFuture.runAsync(() -> ready(registration));
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> !events(SrsrRegistrationFailedEvent.class).isEmpty());
		assertThat(starting).isNotDone();

		registration.stop();

		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(starting::isDone);
		assertThat(starting).isCompletedExceptionally();
	}

	@Test
	void aRegistryThatHangsOnLeavingHoldsShutdownForTwiceTheCallTimeoutAtMost() {
		try (EmbeddedSrsrRegistry hung = EmbeddedSrsrRegistry.builder().port(0).start()) {
			// A client that waits 60 s for an answer, under a call timeout of 500 ms.
			SrsrRegistration registration = new SrsrRegistration(
					new SrsrRegistries(List.of(new SrsrRegistry(this.registry.url().toString(), client(this.registry)),
							new SrsrRegistry(hung.url().toString(), new RestClientSrsrClient(
									RegistryUrl.of(hung.url().toString()),
									SrsrRestClientBuilders.create(Duration.ofSeconds(1), Duration.ofSeconds(60)))))),
					ORDERS, this.scheduler, new FixedBackOff(50, 10_000), Duration.ofMillis(500), 0, Duration.ZERO,
					false, Duration.ofSeconds(30));
			this.registration = registration;
			registration.setApplicationContext(this.context);
			registration.start();
			ready(registration);
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> events(SrsrRegisteredEvent.class).size() == 2);
			hung.pause();
			long before = System.nanoTime();

			registration.stop();

			// It waits for the hung registry until twice the call timeout and a second have passed.
			assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofSeconds(2))
				.isLessThan(Duration.ofSeconds(30));
			assertOnlyDepartureNotices(this.registry);
			hung.resume();
		}
	}

	@Test
	void aRegistrationNeedsRegistries() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SrsrRegistration(null, ORDERS, this.scheduler, new FixedBackOff(50, 10),
					Duration.ofSeconds(1), 0, Duration.ZERO, false, Duration.ofSeconds(1)))
			.withMessage("'registries' must not be null");
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
		assertThat(registration.getStatus().registrations()).isEqualTo(2);
		assertThat(registration.getStatus().reRegistrations()).isOne();
		// Before its first registration it held a marker in the generation it joined.
		List<String> registrations = this.registry.requests()
			.stream()
			.filter((request) -> request.path().equals("/register"))
			.map(RecordedRequest::body)
			.toList();
		assertThat(registrations.get(0)).contains(SIDE_NAME);
		assertThat(registrations.get(1)).doesNotContain(SIDE_NAME).contains("orders");
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
		this.context.addApplicationListener(this.registration);
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

	// Through the context, as Spring Boot publishes it.
	private void readiness(SrsrRegistration registration, ReadinessState state) {
		AvailabilityChangeEvent.publish(this.context, state);
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

	// Heartbeats answered from now on, one more than asked: a round sends one per id held and the
	// next starts once it ended, healing's lookups included.
	private void awaitHeartbeats(int count) {
		int before = heartbeats();
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> heartbeats() >= before + count + 1);
	}

	private int heartbeats() {
		return (int) this.registry.requests().stream().filter((request) -> request.path().equals("/heartbeat")).count();
	}

	private <E extends SrsrRegistrationEvent> List<E> events(Class<E> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

}
