package io.github.srsr.boot.registration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.srsr.boot.registration.SrsrRegistrationStatus.State;
import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.RegisteredInstance;

import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static io.github.srsr.testsupport.LeftBehind.onlyDepartureNotices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How the registration heals when the registry restarts, is down, hangs, or expires the
 * instance, against the embedded registry (stateful, answering like the real srsr server).
 */
@ExtendWith(OutputCaptureExtension.class)
class SrsrRegistrationResilienceTests {

	private static final Duration INTERVAL = Duration.ofMillis(300);

	/**
	 * What "within one heartbeat interval" may add for the machine: thread wake-ups, one request.
	 */
	private static final Duration SLACK = Duration.ofSeconds(1);

	private EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.builder().timeout(Duration.ofSeconds(3)).start();

	private RegisteringApplication application;

	@AfterEach
	void stop() {
		if (this.application != null) {
			this.application.close();
		}
		this.registry.stop();
	}

	@Test
	void registryRestartIsHealedWithinOneInterval(CapturedOutput output) {
		this.application = start();
		String firstId = awaitOneInstance().id();

		this.registry.restart();

		// Wait for the application to have read the registry's answer, not only for the registry, and
		// for the event, which the registering thread publishes just after the status changes.
		await().atMost(INTERVAL.plus(SLACK)).until(() -> this.application.status().reRegistrations() == 1
				&& this.application.events(SrsrRegisteredEvent.class).size() == 2);
		assertThat(this.registry.instances("orders")).extracting(RegisteredInstance::id)
			.singleElement()
			.isNotEqualTo(firstId)
			.isEqualTo(this.application.status().instanceId());
		assertThat(this.application.status().state()).isEqualTo(State.REGISTERED);
		assertThat(this.application.status().reRegistrations()).isEqualTo(1);
		assertThat(this.application.events(SrsrRegisteredEvent.class)).extracting(SrsrRegisteredEvent::isReRegistration)
			.containsExactly(false, true);
		assertThat(output).contains("no longer knows instance " + firstId);
	}

	@Test
	void registryDownAtStartIsRegisteredWithinOneIntervalOfComingUp(CapturedOutput output) {
		this.registry.stop();
		this.application = start("--srsr.retry.multiplier=2");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.application.events(SrsrRegistrationFailedEvent.class).size() >= 5);
		assertThat(this.application.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat((String) this.application.health().getDetails().get("error")).contains("connection refused");

		this.registry.restart();

		await().atMost(INTERVAL.plus(SLACK)).until(() -> this.registry.instances("orders").size() == 1);
		await().atMost(SLACK).until(() -> this.application.health().getStatus().equals(Status.UP));
		assertThat(output).containsOnlyOnce("Could not register 'orders'").contains("Registered 'orders'");
	}

	@Test
	void healthIsUnknownNotDownUntilTheFirstAttemptHasFinished() {
		this.registry.pause();
		this.application = RegisteringApplication.start(this.registry.url().toString(),
				"--srsr.heartbeat.interval=" + INTERVAL.toMillis() + "ms", "--srsr.registry.read-timeout=3s");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.requests().size() == 1);

		// The first registration is in flight, unanswered.
		assertThat(this.application.status().state()).isEqualTo(State.NOT_ATTEMPTED);
		assertThat(this.application.health().getStatus()).isEqualTo(Status.UNKNOWN);

		await().atMost(Duration.ofSeconds(10)).until(() -> this.application.health().getStatus().equals(Status.DOWN));
		this.registry.resume();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.application.health().getStatus().equals(Status.UP));
	}

	@Test
	void hungRegistryShowsDownAndRecoversWithTheSameInstance(CapturedOutput output) {
		this.application = start();
		String id = awaitOneInstance().id();

		this.registry.pause();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.application.health().getStatus().equals(Status.DOWN));
		assertThat((String) this.application.health().getDetails().get("error"))
			.contains("no answer within the read timeout");

		this.registry.resume();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.application.health().getStatus().equals(Status.UP));
		assertThat(this.registry.instances("orders")).extracting(RegisteredInstance::id).containsExactly(id);
		assertThat(this.application.status().reRegistrations()).isZero();
		assertThat(output)
			.containsOnlyOnce("Heartbeat of 'orders' (instance " + id + ") to srsr registry " + this.registry.url() + " failed")
			.contains("accepts heartbeats of 'orders' again after");
	}

	@Test
	void theRecoveryLineTimesTheOutageFromTheLastSuccessfulCall(CapturedOutput output) {
		this.application = start();
		awaitOneInstance();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.application.status().lastHeartbeat() != null);

		this.registry.pause();
		Instant paused = Instant.now();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.application.status().consecutiveFailures() > 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> Duration.between(paused, Instant.now()).toMillis() >= 2500);
		this.registry.resume();

		await().atMost(Duration.ofSeconds(10)).until(() -> output.toString().contains("accepts heartbeats of 'orders' again after"));
		Matcher recovery = Pattern.compile("again after \\d+ failed calls? in ([\\d.]+) (s|ms)").matcher(output.toString());
		assertThat(recovery.find()).isTrue();
		double seconds = Double.parseDouble(recovery.group(1)) / (recovery.group(2).equals("ms") ? 1000 : 1);
		// From the last success before the pause, not from the end of the first failed call (a
		// read timeout later): at least as long as the registry was paused.
		assertThat(seconds).isGreaterThanOrEqualTo(2.5);
	}

	@Test
	void expiryWhileTheApplicationIsPausedIsHealed() throws InterruptedException {
		this.registry.stop();
		this.registry = EmbeddedSrsrRegistry.builder().timeout(Duration.ofMillis(600)).start();
		this.application = start();
		String id = awaitOneInstance().id();

		// Pause the application's heartbeats, as a long GC pause or a suspended VM would.
		CountDownLatch resume = new CountDownLatch(1);
		this.application.context()
			.getBean(SrsrRegistration.SCHEDULER_BEAN_NAME, ThreadPoolTaskScheduler.class)
			.execute(() -> awaitQuietly(resume));
		await().atMost(Duration.ofSeconds(10)).until(() -> onlyDepartureNotices(this.registry));

		resume.countDown();

		await().atMost(INTERVAL.plus(SLACK))
			.until(() -> this.registry.instances("orders").size() == 1 && !this.registry.instances("orders").get(0).id().equals(id));
		assertThat(this.application.status().state()).isEqualTo(State.REGISTERED);
	}

	@Test
	void thereIsNeverMoreThanOneLiveRegistration() {
		this.application = start();
		awaitOneInstance();
		for (int i = 0; i < 3; i++) {
			this.registry.restart();
			await().atMost(INTERVAL.plus(SLACK)).until(() -> this.registry.instances("orders").size() == 1);
		}
		List<RegisteredInstance> instances = this.registry.instances("orders");
		assertThat(instances).hasSize(1);
		assertThat(this.application.status().instanceId()).isEqualTo(instances.get(0).id());
	}

	@Test
	void aListenerThatThrowsDoesNotStopTheRegistration(CapturedOutput output) {
		this.application = RegisteringApplication.start(new Class<?>[] { ThrowingListener.class },
				this.registry.url().toString(), "--srsr.heartbeat.interval=" + INTERVAL.toMillis() + "ms");
		String id = awaitOneInstance().id();
		this.registry.restart();
		await().atMost(INTERVAL.plus(SLACK))
			.until(() -> this.registry.instances("orders").size() == 1 && !this.registry.instances("orders").get(0).id().equals(id));
		assertThat(output).contains("A listener of SrsrRegisteredEvent failed: java.lang.IllegalStateException: listener bug");
	}

	static class ThrowingListener {

		@EventListener
		void onRegistered(SrsrRegisteredEvent event) {
			throw new IllegalStateException("listener bug");
		}

	}

	private RegisteringApplication start(String... args) {
		String[] all = new String[args.length + 2];
		all[0] = "--srsr.heartbeat.interval=" + INTERVAL.toMillis() + "ms";
		// Long enough for a cold first request on a busy machine: a registration answered after the
		// read timeout would leave an entry the client never learns about (srsr expires it after its
		// own timeout).
		all[1] = "--srsr.registry.read-timeout=2s";
		System.arraycopy(args, 0, all, 2, args.length);
		return RegisteringApplication.start(this.registry.url().toString(), all);
	}

	private RegisteredInstance awaitOneInstance() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.instances("orders").size() == 1);
		return this.registry.instances("orders").get(0);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
