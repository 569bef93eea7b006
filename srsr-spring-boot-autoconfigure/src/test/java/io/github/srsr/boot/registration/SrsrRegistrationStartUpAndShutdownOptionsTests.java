package io.github.srsr.boot.registration;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.srsr.boot.registration.SrsrRegistrationStatus.State;
import io.github.srsr.registry.EmbeddedSrsrRegistry;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.github.srsr.testsupport.LeftBehind.assertOnlyDepartureNotices;
import static io.github.srsr.testsupport.LeftBehind.onlyDepartureNotices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code srsr.fail-fast}, {@code srsr.deregistration.delay} and taking the instance out of
 * service on request.
 */
@ExtendWith(OutputCaptureExtension.class)
class SrsrRegistrationStartUpAndShutdownOptionsTests {

	private final EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.builder().timeout(Duration.ofSeconds(30)).start();

	@AfterEach
	void stopRegistry() {
		this.registry.stop();
	}

	@Test
	void failFastWithRegistryUpIsRegisteredWhenStartUpReturns() {
		try (RegisteringApplication application = RegisteringApplication.start(this.registry.url().toString(),
				"--srsr.fail-fast=true")) {
			assertThat(application.status().state()).isEqualTo(State.REGISTERED);
			assertThat(this.registry.instances("orders")).hasSize(1);
		}
	}

	@Test
	void failFastWithRegistryDownStopsStartUpNamingTheRegistryAndTheLastError(CapturedOutput output) {
		this.registry.stop();
		assertThatExceptionOfType(SrsrRegistrationFailedException.class)
			.isThrownBy(() -> RegisteringApplication.start(this.registry.url().toString(), "--srsr.fail-fast=true",
					"--srsr.retry.max-attempts=3"))
			.satisfies((ex) -> assertThat(ex.getAttempts()).isEqualTo(3));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("srsr.fail-fast is on and 'orders' could not register with srsr registry " + this.registry.url()
					+ " in 3 attempts")
			// A registration attempt begins with the lookup of the side name (healing).
			.contains("Last error: srsr registry " + this.registry.url() + " did not answer POST /lookup: connection refused")
			.contains("set srsr.fail-fast=false");
	}

	@Test
	void withoutFailFastTheApplicationStartsWhileTheRegistryIsDown() {
		this.registry.stop();
		try (RegisteringApplication application = RegisteringApplication.start(this.registry.url().toString())) {
			await().atMost(Duration.ofSeconds(10)).until(() -> application.status().state() == State.FAILING);
			this.registry.restart();
			await().atMost(Duration.ofSeconds(10)).until(() -> application.status().state() == State.REGISTERED);
		}
	}

	@Test
	void deregistrationDelayHoldsShutdownAfterDeregistering() {
		RegisteringApplication application = RegisteringApplication.start(this.registry.url().toString(),
				"--srsr.deregistration.delay=3s");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.instances("orders").size() == 1);

		CompletableFuture<Void> closing = CompletableFuture.runAsync(application::close);

		await().atMost(Duration.ofSeconds(10)).until(() -> onlyDepartureNotices(this.registry));
		// Deregistered, and shutdown is still being held.
		assertThat(closing).isNotDone();
		assertThat(application.context().isActive()).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(closing::isDone);
		assertThat(application.context().isActive()).isFalse();
	}

	@Test
	void outOfServiceOnRequestDeregistersUntilPutBack() {
		try (RegisteringApplication application = RegisteringApplication.start(this.registry.url().toString())) {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.instances("orders").size() == 1);

			application.registration().deregister();

			assertOnlyDepartureNotices(this.registry);
			assertThat(application.status().state()).isEqualTo(State.DEREGISTERED);
			int requests = this.registry.requests().size();
			await().during(Duration.ofMillis(600))
				.atMost(Duration.ofSeconds(2))
				.until(() -> this.registry.requests().size() == requests);

			application.registration().register();

			// Wait for the application to have read the registry's answer, not only for the registry.
			await().atMost(Duration.ofSeconds(10)).until(() -> application.status().reRegistrations() == 1);
			assertThat(this.registry.instances("orders")).hasSize(1);
			assertThat(application.status().reRegistrations()).isEqualTo(1);
			assertThat(application.status().recentEvents()).extracting(SrsrRegistrationStatus.LifecycleEvent::description)
				.anySatisfy((description) -> assertThat(description).startsWith("registered as"))
				.anySatisfy((description) -> assertThat(description).startsWith("deregistered"))
				.anySatisfy((description) -> assertThat(description).startsWith("re-registered as"));
		}
	}

}
