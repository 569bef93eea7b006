package io.github.srsr.boot.registration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import io.github.srsr.boot.registration.SrsrRegistrationStatus.State;
import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.RecordedRequest;

import static io.github.srsr.testsupport.LeftBehind.assertOnlyDepartureNotices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shutdown is bounded whatever the registry does, and leaves no registration behind whatever was
 * in flight.
 */
class SrsrRegistrationShutdownTests {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);

	/**
	 * What closing a context may take beside waiting for the registry, on a busy machine: less
	 * than a read timeout, so that a close that waited for two calls in a row still fails.
	 */
	private static final Duration CLOSE_SLACK = Duration.ofSeconds(2);

	private EmbeddedSrsrRegistry registry;

	private SilentRegistry silentRegistry;

	@AfterEach
	void stopRegistries() {
		if (this.registry != null) {
			this.registry.stop();
		}
		if (this.silentRegistry != null) {
			this.silentRegistry.close();
		}
	}

	@Test
	void silentRegistryDoesNotDelayStartUpAndCloseEndsWithinTheReadTimeout() {
		this.silentRegistry = new SilentRegistry();
		RegisteringApplication application = RegisteringApplication.start(this.silentRegistry.url(),
				"--srsr.registry.read-timeout=" + READ_TIMEOUT.toMillis() + "ms");
		// Start-up completed while the first registration is still waiting for an answer.
		assertThat(application.status().state()).isEqualTo(State.NOT_ATTEMPTED);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.silentRegistry.connections() > 0);

		Duration close = timed(application::close);

		assertThat(close).isLessThan(READ_TIMEOUT.plus(CLOSE_SLACK));
	}

	@Test
	void registryFallingSilentAfterRegistrationDelaysCloseByAtMostTheReadTimeout() {
		this.registry = EmbeddedSrsrRegistry.builder().timeout(Duration.ofSeconds(30)).start();
		RegisteringApplication application = RegisteringApplication.start(this.registry.url().toString(),
				"--srsr.registry.read-timeout=" + READ_TIMEOUT.toMillis() + "ms");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.instances("orders").size() == 1);
		this.registry.pause();

		Duration close = timed(application::close);

		assertThat(close).isLessThan(READ_TIMEOUT.plus(CLOSE_SLACK));
	}

	@RepeatedTest(50)
	void closeRacingHeartbeatsLeavesNoRegistrationAndSendsNothingAfterDeregistering() {
		this.registry = EmbeddedSrsrRegistry.builder().timeout(Duration.ofSeconds(30)).start();
		RegisteringApplication application = RegisteringApplication.start(this.registry.url().toString(),
				"--srsr.heartbeat.interval=50ms");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.instances("orders").size() == 1);
		await().atMost(Duration.ofSeconds(10))
			.pollDelay(Duration.ofMillis(ThreadLocalRandom.current().nextInt(0, 60)))
			.until(() -> true);

		application.close();

		assertNoRegistrationAndNothingAfterDeregistration();
	}

	@RepeatedTest(50)
	void closeRacingRegistrationRetriesLeavesNoRegistrationAndSendsNothingAfterDeregistering() {
		this.registry = EmbeddedSrsrRegistry.builder().timeout(Duration.ofSeconds(30)).start();
		this.registry.stop();
		RegisteringApplication application = RegisteringApplication.start(this.registry.url().toString(),
				"--srsr.retry.initial-interval=5ms", "--srsr.retry.multiplier=1");
		await().atMost(Duration.ofSeconds(10)).until(() -> !application.events(SrsrRegistrationFailedEvent.class).isEmpty());
		this.registry.restart();
		await().atMost(Duration.ofSeconds(10))
			.pollDelay(Duration.ofMillis(ThreadLocalRandom.current().nextInt(0, 30)))
			.until(() -> true);

		application.close();

		assertNoRegistrationAndNothingAfterDeregistration();
	}

	private void assertNoRegistrationAndNothingAfterDeregistration() {
		assertOnlyDepartureNotices(this.registry);
		List<String> paths = this.registry.requests().stream().map(RecordedRequest::path).toList();
		int deregistration = paths.lastIndexOf("/deregister");
		if (deregistration >= 0) {
			assertThat(paths.subList(deregistration + 1, paths.size())).isEmpty();
		}
		else {
			assertThat(paths).doesNotContain("/register");
		}
		// Nothing arrives later either: the heartbeat and retry schedules are gone (what did is named).
		int requests = this.registry.requests().size();
		await().during(Duration.ofMillis(100))
			.atMost(Duration.ofSeconds(3))
			.untilAsserted(() -> assertThat(this.registry.requests().subList(requests, this.registry.requests().size()))
				.extracting((request) -> request.time() + " " + request.path() + " " + request.body())
				.isEmpty());
	}

	private static Duration timed(Runnable action) {
		long start = System.nanoTime();
		action.run();
		return Duration.ofNanos(System.nanoTime() - start);
	}

}
