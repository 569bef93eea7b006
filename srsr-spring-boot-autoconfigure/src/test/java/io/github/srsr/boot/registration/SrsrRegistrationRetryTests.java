package io.github.srsr.boot.registration;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.srsr.boot.registration.SrsrRegistrationStatus.State;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * How failed registrations are retried: the schedule {@code srsr.retry.*} asks for, retries after
 * the registry forgot the instance, and the exact attempt count of fail-fast.
 */
class SrsrRegistrationRetryTests {

	private static final String FIRST_ID = "0b5e2f4a-0000-4000-8000-000000000001";

	private static final String SECOND_ID = "0b5e2f4a-0000-4000-8000-000000000002";

	@RegisterExtension
	static WireMockExtension registry = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private RegisteringApplication application;

	@AfterEach
	void close() {
		if (this.application != null) {
			this.application.close();
		}
	}

	@Test
	void aFailedReRegistrationAfterTheRegistryForgotTheInstanceIsRetriedUntilItSucceeds() {
		String scenario = "forgotten";
		registry.stubFor(post(urlEqualTo("/register")).inScenario(scenario)
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(okJson("{\"id\":\"" + FIRST_ID + "\",\"success\":true}"))
			.willSetStateTo("registered"));
		registry.stubFor(post(urlEqualTo("/heartbeat")).inScenario(scenario)
			.whenScenarioStateIs("registered")
			.willReturn(okJson("{\"success\":false}"))
			.willSetStateTo("forgotten"));
		registry.stubFor(post(urlEqualTo("/register")).inScenario(scenario)
			.whenScenarioStateIs("forgotten")
			.willReturn(aResponse().withStatus(503)));
		this.application = start("--srsr.retry.initial-interval=100ms", "--srsr.retry.multiplier=1");

		// The re-registration fails again and again: it must be retried, not given up.
		await().atMost(Duration.ofSeconds(10)).until(() -> registerRequests() >= 4);
		assertThat(this.application.status().state()).isEqualTo(State.FAILING);
		registry.stubFor(post(urlEqualTo("/register")).inScenario(scenario)
			.whenScenarioStateIs("forgotten")
			.willReturn(okJson("{\"id\":\"" + SECOND_ID + "\",\"success\":true}"))
			.willSetStateTo("re-registered"));
		registry.stubFor(post(urlEqualTo("/heartbeat")).inScenario(scenario)
			.whenScenarioStateIs("re-registered")
			.willReturn(okJson("{\"success\":true}")));

		await().atMost(Duration.ofSeconds(5)).until(() -> SECOND_ID.equals(this.application.status().instanceId()));
		assertThat(this.application.status().state()).isEqualTo(State.REGISTERED);
		assertThat(this.application.events(SrsrRegisteredEvent.class)).extracting(SrsrRegisteredEvent::isReRegistration)
			.containsExactly(false, true);
	}

	@Test
	void retriesFollowTheConfiguredBackOffCappedAtTheHeartbeatInterval() {
		registry.stubFor(post(urlEqualTo("/register")).willReturn(aResponse().withStatus(503)));
		this.application = start("--srsr.retry.initial-interval=200ms", "--srsr.retry.multiplier=2",
				"--srsr.retry.max-interval=5s", "--srsr.heartbeat.interval=1s");

		await().atMost(Duration.ofSeconds(10)).until(() -> registerRequests() >= 6);
		// 200 ms, then doubling, never more than the heartbeat interval (1 s) although max-interval is 5 s.
		assertThat(retryDelays().subList(0, 5)).containsExactly(200L, 400L, 800L, 1000L, 1000L);
		assertRetriesWaitedAtLeast(retryDelays());
	}

	@Test
	void retriesVaryByTheConfiguredJitter() {
		registry.stubFor(post(urlEqualTo("/register")).willReturn(aResponse().withStatus(503)));
		this.application = start("--srsr.retry.initial-interval=400ms", "--srsr.retry.multiplier=1",
				"--srsr.retry.jitter=150ms", "--srsr.heartbeat.interval=2s");

		await().atMost(Duration.ofSeconds(10)).until(() -> registerRequests() >= 10);
		List<Long> delays = retryDelays().subList(0, 9);
		assertThat(delays).allSatisfy((delay) -> assertThat(delay).isBetween(400L, 400L + 150));
		// Jitter spreads the retries (never below the initial interval): nine delays of a fixed
		// back-off would all be alike.
		assertThat(delays.stream().mapToLong(Long::longValue).max().getAsLong()
				- delays.stream().mapToLong(Long::longValue).min().getAsLong())
			.as("spread of %s", delays)
			.isGreaterThan(30);
		assertRetriesWaitedAtLeast(retryDelays());
	}

	@Test
	void failFastGivesUpAfterExactlyTheConfiguredAttempts() {
		registry.stubFor(post(urlEqualTo("/register")).willReturn(aResponse().withStatus(503)));
		assertThatExceptionOfType(SrsrRegistrationFailedException.class)
			.isThrownBy(() -> start("--srsr.fail-fast=true", "--srsr.retry.max-attempts=4",
					"--srsr.retry.initial-interval=50ms", "--srsr.retry.multiplier=1"));

		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(registerRequests()).isEqualTo(4));
	}

	private RegisteringApplication start(String... args) {
		return RegisteringApplication.start(registry.baseUrl(), args);
	}

	private static int registerRequests() {
		return registry.findAll(postRequestedFor(urlEqualTo("/register"))).size();
	}

	/**
	 * The back-off the starter chose after each failed attempt, as its events say: what the
	 * settings decide, whatever the machine's speed.
	 */
	private List<Long> retryDelays() {
		return this.application.events(SrsrRegistrationFailedEvent.class)
			.stream()
			.map((event) -> event.getRetryIn().toMillis())
			.toList();
	}

	/**
	 * Each request came at least the chosen back-off after the one before (a gap holds the failed
	 * call too; a busy machine only makes it longer, so it is bounded from below only).
	 */
	private static void assertRetriesWaitedAtLeast(List<Long> delays) {
		List<Long> gaps = gapsBetweenRegisterRequests();
		for (int i = 0; i < Math.min(gaps.size(), delays.size()); i++) {
			assertThat(gaps.get(i)).as("gap %d of %s after a back-off of %d ms", i + 1, gaps, delays.get(i))
				.isGreaterThanOrEqualTo(delays.get(i) - 20);
		}
	}

	private static List<Long> gapsBetweenRegisterRequests() {
		List<Long> times = registry.getAllServeEvents()
			.stream()
			.filter((event) -> event.getRequest().getUrl().equals("/register"))
			.map(ServeEvent::getRequest)
			.map((request) -> request.getLoggedDate().getTime())
			.sorted(Comparator.naturalOrder())
			.toList();
		return java.util.stream.IntStream.range(1, times.size()).mapToObj((i) -> times.get(i) - times.get(i - 1)).toList();
	}

}
