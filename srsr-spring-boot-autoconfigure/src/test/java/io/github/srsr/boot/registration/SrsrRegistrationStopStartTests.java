package io.github.srsr.boot.registration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import io.github.srsr.boot.registration.SrsrRegistrationStatus.State;
import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.RecordedRequest;
import io.github.srsr.registry.RegisteredInstance;

import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static io.github.srsr.testsupport.LeftBehind.assertOnlyDepartureNotices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Stopping and starting the context, as a CRaC checkpoint and restore do and as Spring Framework 7
 * does to pause and resume a cached test context: stop leaves every registry and stops heartbeats,
 * start registers again with a new id and resumes them.
 */
class SrsrRegistrationStopStartTests {

	/**
	 * The heartbeat interval of {@link RegisteringApplication}.
	 */
	private static final Duration INTERVAL = Duration.ofMillis(200);

	private static final Duration SLACK = Duration.ofSeconds(5);

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

	private final EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.builder().timeout(Duration.ofSeconds(30)).start();

	private EmbeddedSrsrRegistry second;

	private RegisteringApplication application;

	@AfterEach
	void stopAll() {
		if (this.application != null) {
			this.application.close();
		}
		this.registry.stop();
		if (this.second != null) {
			this.second.stop();
		}
	}

	@Test
	void stopDeregistersStopsHeartbeatsAndShowsOutOfService() {
		this.application = RegisteringApplication.start(this.registry.url().toString());
		String id = awaitRegisteredWith(this.registry).id();
		await().atMost(SLACK).until(() -> paths(this.registry).contains("/heartbeat"));

		context().stop();

		assertOnlyDepartureNotices(this.registry);
		// The instance's deregistration, then only that of its side-name marker (healing).
		assertThat(fromDeregistrationOf(this.registry, id)).extracting(RecordedRequest::path)
			.containsExactly("/deregister", "/deregister");
		assertThat(this.application.registration().isRunning()).isFalse();
		assertThat(this.application.status().state()).isEqualTo(State.DEREGISTERED);
		assertThat(this.application.status().instanceId()).isNull();
		assertThat(this.application.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(this.application.events(SrsrDeregisteredEvent.class)).singleElement()
			.satisfies((event) -> assertThat(event.getInstanceId()).isEqualTo(id));
		// Stopped: no heartbeat, no registration attempt reaches the registry.
		assertNothingSentForAFewIntervals(this.registry);
		assertThat(this.application.status().state()).isEqualTo(State.DEREGISTERED);
		assertThat(this.application.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
	}

	@Test
	void startAfterStopRegistersAgainWithANewIdAndResumesHeartbeats() {
		this.application = RegisteringApplication.start(this.registry.url().toString());
		String firstId = awaitRegisteredWith(this.registry).id();
		context().stop();

		context().start();

		// Wait for the application to have read the registry's answer, not only for the registry.
		await().atMost(SLACK).until(() -> this.application.status().reRegistrations() == 1);
		RegisteredInstance instance = awaitRegisteredWith(this.registry);
		assertThat(instance.id()).isNotEqualTo(firstId);
		assertThat(this.application.registration().isRunning()).isTrue();
		assertThat(this.application.status().state()).isEqualTo(State.REGISTERED);
		assertThat(this.application.status().instanceId()).isEqualTo(instance.id());
		assertThat(this.application.health().getStatus()).isEqualTo(Status.UP);
		assertThat(this.application.events(SrsrRegisteredEvent.class))
			.extracting(SrsrRegisteredEvent::getInstanceId, SrsrRegisteredEvent::isReRegistration)
			.containsExactly(tuple(firstId, false),
					tuple(instance.id(), true));
		// Heartbeats resume: the registry sees the new instance's heartbeats, and so does the status.
		await().atMost(INTERVAL.multipliedBy(3).plus(SLACK))
			.until(() -> this.registry.instances("orders").get(0).lastHeartbeat().isAfter(instance.lastHeartbeat()));
		await().atMost(SLACK).until(() -> this.application.status().lastHeartbeat() != null);
		assertThat(this.registry.instances("orders")).extracting(RegisteredInstance::id).containsExactly(instance.id());
		assertThat(this.application.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void everyStopAndStartOfSeveralLeavesAndRegistersAgainWithANewId() {
		this.application = RegisteringApplication.start(this.registry.url().toString());
		List<String> ids = new ArrayList<>();
		ids.add(awaitRegisteredWith(this.registry).id());
		for (int cycle = 1; cycle <= 3; cycle++) {
			context().stop();
			assertOnlyDepartureNotices(this.registry);
			assertThat(this.application.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

			context().start();

			int reRegistrations = cycle;
			await().atMost(SLACK).until(() -> this.application.status().reRegistrations() == reRegistrations);
			ids.add(awaitRegisteredWith(this.registry).id());
			assertThat(this.application.health().getStatus()).isEqualTo(Status.UP);
		}
		assertThat(ids).doesNotHaveDuplicates();
		assertThat(this.application.events(SrsrDeregisteredEvent.class)).extracting(SrsrDeregisteredEvent::getInstanceId)
			.containsExactlyElementsOf(ids.subList(0, 3));
	}

	@Test
	void withTwoRegistriesStopLeavesBothAndStartRegistersWithBoth() {
		this.second = EmbeddedSrsrRegistry.builder().timeout(Duration.ofSeconds(30)).start();
		this.application = RegisteringApplication.start(this.registry.url() + "," + this.second.url());
		String firstId = awaitRegisteredWith(this.registry).id();
		String secondId = awaitRegisteredWith(this.second).id();

		context().stop();

		assertOnlyDepartureNotices(this.registry);
		assertOnlyDepartureNotices(this.second);
		assertThat(this.application.status().state()).isEqualTo(State.DEREGISTERED);
		assertThat(this.application.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(this.application.events(SrsrDeregisteredEvent.class)).extracting(SrsrDeregisteredEvent::getInstanceId)
			.containsExactlyInAnyOrder(firstId, secondId);
		assertNothingSentForAFewIntervals(this.registry, this.second);

		context().start();

		await().atMost(SLACK)
			.until(() -> this.application.status()
				.registries()
				.stream()
				.allMatch((registry) -> registry.reRegistrations() == 1 && registry.instanceId() != null));
		RegisteredInstance first = awaitRegisteredWith(this.registry);
		RegisteredInstance second = awaitRegisteredWith(this.second);
		assertThat(first.id()).isNotEqualTo(firstId);
		assertThat(second.id()).isNotEqualTo(secondId);
		assertThat(this.application.events(SrsrRegisteredEvent.class).stream().filter(SrsrRegisteredEvent::isReRegistration))
			.extracting(SrsrRegisteredEvent::getRegistryUrl)
			.containsExactlyInAnyOrder(this.registry.url().toString(), this.second.url().toString());
		assertThat(this.application.health().getStatus()).isEqualTo(Status.UP);
		await().atMost(INTERVAL.multipliedBy(3).plus(SLACK))
			.until(() -> this.registry.instances("orders").get(0).lastHeartbeat().isAfter(first.lastHeartbeat())
					&& this.second.instances("orders").get(0).lastHeartbeat().isAfter(second.lastHeartbeat()));
	}

	@RepeatedTest(10)
	void stopWhileARegistrationIsInFlightLeavesNoRegistrationAndSendsNothingAfterDeregistering() {
		this.application = RegisteringApplication.start(this.registry.url().toString(),
				"--srsr.registry.read-timeout=" + READ_TIMEOUT.toMillis() + "ms");
		awaitRegisteredWith(this.registry);
		context().stop();
		this.registry.pause();
		context().start();
		// The registration after start hangs in the paused registry.
		await().atMost(SLACK).until(() -> paths(this.registry).lastIndexOf("/register") > 0);

		CompletableFuture<Void> stopping = CompletableFuture.runAsync(context()::stop);
		await().atMost(SLACK).until(() -> !this.application.registration().isRunning());
		// Let the registry answer at some point while stop() waits for the registration in flight.
		await().pollDelay(Duration.ofMillis(ThreadLocalRandom.current().nextInt(0, 300)))
			.atMost(Duration.ofSeconds(1))
			.until(() -> true);
		this.registry.resume();
		await().atMost(READ_TIMEOUT.plus(SLACK)).until(stopping::isDone);

		assertThat(stopping).isCompleted();
		assertOnlyDepartureNotices(this.registry);
		// The answered registration was never taken as registered: it was deregistered at once,
		// and nothing followed.
		assertThat(paths(this.registry)).last().isEqualTo("/deregister");
		assertThat(this.application.events(SrsrRegisteredEvent.class)).hasSize(1);
		List<SrsrDeregisteredEvent> deregistered = this.application.events(SrsrDeregisteredEvent.class);
		assertThat(deregistered).hasSize(2).extracting(SrsrDeregisteredEvent::getInstanceId).doesNotHaveDuplicates();
		// The in-flight registration's deregistration, then at most that of the side-name marker.
		assertThat(fromDeregistrationOf(this.registry, deregistered.get(1).getInstanceId()))
			.extracting(RecordedRequest::path)
			.isNotEmpty()
			.hasSizeLessThanOrEqualTo(2)
			.containsOnly("/deregister");
		assertThat(this.application.status().state()).isEqualTo(State.DEREGISTERED);
		assertThat(this.application.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertNothingSentForAFewIntervals(this.registry);
		assertOnlyDepartureNotices(this.registry);
	}

	@Test
	void withFailFastStartAfterStopRegistersAgain() {
		this.application = RegisteringApplication.start(this.registry.url().toString(), "--srsr.fail-fast=true");
		String firstId = awaitRegisteredWith(this.registry).id();
		assertThat(this.application.status().state()).isEqualTo(State.REGISTERED);

		context().stop();

		assertOnlyDepartureNotices(this.registry);
		assertThat(this.application.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

		context().start();

		await().atMost(SLACK).until(() -> this.application.status().reRegistrations() == 1);
		assertThat(awaitRegisteredWith(this.registry).id()).isNotEqualTo(firstId);
		assertThat(this.application.status().state()).isEqualTo(State.REGISTERED);
		assertThat(this.application.health().getStatus()).isEqualTo(Status.UP);
	}

	private ConfigurableApplicationContext context() {
		return this.application.context();
	}

	/**
	 * Wait until the registry holds one instance and the application has read its answer: a stop
	 * before that finds the registration in flight (tested on its own below).
	 */
	private RegisteredInstance awaitRegisteredWith(EmbeddedSrsrRegistry registry) {
		await().atMost(SLACK).until(() -> {
			List<RegisteredInstance> instances = registry.instances("orders");
			return instances.size() == 1 && this.application.status()
				.registries()
				.stream()
				.anyMatch((status) -> status.registryUrl().equals(registry.url().toString())
						&& instances.get(0).id().equals(status.instanceId()));
		});
		return registry.instances("orders").get(0);
	}

	private static List<RecordedRequest> fromDeregistrationOf(EmbeddedSrsrRegistry registry, String id) {
		List<RecordedRequest> requests = registry.requests();
		for (int i = 0; i < requests.size(); i++) {
			if (requests.get(i).path().equals("/deregister") && requests.get(i).body().contains(id)) {
				return requests.subList(i, requests.size());
			}
		}
		return List.of();
	}

	private static List<String> paths(EmbeddedSrsrRegistry registry) {
		return registry.requests().stream().map(RecordedRequest::path).toList();
	}

	/**
	 * Assert that no request reaches the registries during a few heartbeat intervals.
	 */
	private static void assertNothingSentForAFewIntervals(EmbeddedSrsrRegistry... registries) {
		int[] sizes = new int[registries.length];
		for (int i = 0; i < registries.length; i++) {
			sizes[i] = registries[i].requests().size();
		}
		Instant start = Instant.now();
		await().during(INTERVAL.multipliedBy(4))
			.atMost(INTERVAL.multipliedBy(4).plus(SLACK))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> {
				for (int i = 0; i < registries.length; i++) {
					if (registries[i].requests().size() != sizes[i]) {
						return false;
					}
				}
				return true;
			});
		assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(INTERVAL.multipliedBy(4));
	}

}
