package io.github.srsr.boot.registration;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.srsr.boot.registration.SrsrRegistrationStatus.State;
import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.RegisteredInstance;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static io.github.srsr.testsupport.LeftBehind.assertOnlyDepartureNotices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Registering with two registries at once: each registration lives on its own.
 */
class SrsrMultipleRegistriesTests {

	private static final Duration INTERVAL = Duration.ofMillis(300);

	private static final Duration SLACK = Duration.ofSeconds(1);

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);

	/**
	 * What closing a context may take beside waiting for the registries, on a busy machine: less
	 * than a read timeout, so that a close that waited for the two registries in turn still fails.
	 */
	private static final Duration CLOSE_SLACK = Duration.ofSeconds(2);

	private final EmbeddedSrsrRegistry first = EmbeddedSrsrRegistry.builder().timeout(Duration.ofSeconds(30)).start();

	private final EmbeddedSrsrRegistry second = EmbeddedSrsrRegistry.builder().timeout(Duration.ofSeconds(30)).start();

	private RegisteringApplication application;

	@AfterEach
	void stop() {
		if (this.application != null) {
			this.application.close();
		}
		this.first.stop();
		this.second.stop();
	}

	@Test
	void registersWithEveryRegistryShowsEachInHealthAndDeregistersFromAll() {
		this.application = start();
		awaitRegisteredWith(this.first);
		awaitRegisteredWith(this.second);
		Health health = this.application.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(registryDetails(health, this.first)).containsEntry("status", "UP")
			.containsEntry("instanceId", this.first.instances("orders").get(0).id());
		assertThat(registryDetails(health, this.second)).containsEntry("status", "UP")
			.containsEntry("instanceId", this.second.instances("orders").get(0).id());
		assertThat(this.application.events(SrsrRegisteredEvent.class)).extracting(SrsrRegisteredEvent::getRegistryUrl)
			.containsExactlyInAnyOrder(this.first.url().toString(), this.second.url().toString());

		this.application.close();

		assertOnlyDepartureNotices(this.first);
		assertOnlyDepartureNotices(this.second);
	}

	@Test
	void oneRegistryDownAtStartDoesNotHoldTheOtherAndIsRegisteredOnceUp() {
		this.second.stop();
		this.application = start();
		awaitRegisteredWith(this.first);
		await().atMost(SLACK).until(() -> registryDetails(this.application.health(), this.second).get("status").equals("DOWN"));
		assertThat(this.application.health().getStatus()).isEqualTo(Status.UP);

		this.second.restart();

		await().atMost(INTERVAL.plus(SLACK)).until(() -> this.second.instances("orders").size() == 1);
		assertThat(this.first.instances("orders")).hasSize(1);
	}

	@Test
	void withTheFirstRegistryDownTheStatusShowsTheLiveRegistrysInstance() {
		this.first.stop();
		this.application = start();
		String id = awaitRegisteredWith(this.second).id();

		await().atMost(SLACK).until(() -> id.equals(this.application.status().instanceId()));
		assertThat(this.application.status().state()).isEqualTo(State.REGISTERED);
		assertThat(this.application.health().getDetails()).containsEntry("instanceId", id);
	}

	@Test
	void restartOfOneRegistryReRegistersThereOnly() {
		this.application = start();
		String firstId = awaitRegisteredWith(this.first).id();
		String secondId = awaitRegisteredWith(this.second).id();

		this.second.restart();

		// Wait for the application to have read the registry's answer, not only for the registry.
		await().atMost(INTERVAL.plus(SLACK)).until(() -> this.application.status().reRegistrations() == 1);
		assertThat(this.second.instances("orders")).extracting(RegisteredInstance::id).singleElement().isNotEqualTo(secondId);
		assertThat(this.first.instances("orders")).extracting(RegisteredInstance::id).containsExactly(firstId);
		assertThat(this.application.status().reRegistrations()).isEqualTo(1);
	}

	@Test
	void aSilentRegistryDoesNotDelayTheOthersHeartbeatsAndCloseWaitsForOneTimeoutNotTheSum() {
		this.application = start();
		awaitRegisteredWith(this.first);
		awaitRegisteredWith(this.second);
		this.first.pause();
		this.second.pause();
		// Both hang; now one comes back: its heartbeats must go on while the other still hangs.
		this.second.resume();
		Instant resumed = Instant.now();
		await().atMost(INTERVAL.multipliedBy(3).plus(SLACK))
			.until(() -> this.second.instances("orders").get(0).lastHeartbeat().isAfter(resumed.plus(INTERVAL)));
		await().atMost(READ_TIMEOUT.plus(SLACK))
			.until(() -> registryDetails(this.application.health(), this.first).get("status").equals("DOWN"));
		assertThat(this.application.health().getStatus()).isEqualTo(Status.UP);

		this.second.pause();
		long start = System.nanoTime();
		this.application.close();
		Duration close = Duration.ofNanos(System.nanoTime() - start);

		// Both deregistrations hang until the read timeout, side by side.
		assertThat(close).isLessThan(READ_TIMEOUT.plus(CLOSE_SLACK));
	}

	@Test
	void healthIsDownWhenNoRegistryHoldsTheRegistration() {
		this.first.stop();
		this.second.stop();
		this.application = start();
		await().atMost(SLACK.multipliedBy(3)).until(() -> this.application.status().state() == State.FAILING);
		assertThat(this.application.health().getStatus()).isEqualTo(Status.DOWN);
	}

	private RegisteringApplication start() {
		return RegisteringApplication.start(this.first.url() + "," + this.second.url(),
				"--srsr.heartbeat.interval=" + INTERVAL.toMillis() + "ms",
				"--srsr.registry.read-timeout=" + READ_TIMEOUT.toMillis() + "ms");
	}

	private static RegisteredInstance awaitRegisteredWith(EmbeddedSrsrRegistry registry) {
		await().atMost(Duration.ofSeconds(10)).until(() -> registry.instances("orders").size() == 1);
		return registry.instances("orders").get(0);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> registryDetails(Health health, EmbeddedSrsrRegistry registry) {
		Map<String, Object> registries = (Map<String, Object>) health.getDetails().get("registries");
		return (Map<String, Object>) registries.get(registry.url().toString());
	}

}
