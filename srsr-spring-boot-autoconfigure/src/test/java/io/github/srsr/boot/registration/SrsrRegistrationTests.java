package io.github.srsr.boot.registration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.srsr.boot.registration.SrsrRegistrationStatus.State;
import io.github.srsr.boot.autoconfigure.SrsrAutoConfiguration;
import io.github.srsr.boot.health.SrsrHealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the lifecycle of {@link SrsrRegistration} in a real Spring application, against a
 * registry played by WireMock.
 */
@ExtendWith(OutputCaptureExtension.class)
class SrsrRegistrationTests {

	private static final String ID = "4b1c6a8e-0000-4000-8000-000000000001";

	@RegisterExtension
	static WireMockExtension registry = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final List<SrsrRegistrationEvent> events = new CopyOnWriteArrayList<>();

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void registersOnceReadyHeartbeatsAndDeregistersOnClose() {
		stubHealthyRegistry();
		this.context = start("--srsr.service.address=http://10.0.0.5:8080");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> registry.verify(1, postRequestedFor(urlEqualTo("/register"))
				.withRequestBody(equalToJson("{\"name\":\"orders\",\"address\":\"http://10.0.0.5:8080\"}", false, false))));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(registry.findAll(postRequestedFor(urlEqualTo("/heartbeat"))
				.withRequestBody(equalToJson("{\"id\":\"" + ID + "\"}")))).hasSizeGreaterThanOrEqualTo(2));
		assertThat(health().getStatus()).isEqualTo(Status.UP);
		assertThat(health().getDetails()).containsEntry("instanceId", ID)
			.containsEntry("serviceName", "orders")
			.containsEntry("address", "http://10.0.0.5:8080")
			.containsKey("lastHeartbeat");

		this.context.close();

		registry.verify(1, postRequestedFor(urlEqualTo("/deregister")).withRequestBody(equalToJson("{\"id\":\"" + ID + "\"}")));
		assertThat(lastRequest().getUrl()).isEqualTo("/deregister");
		assertThat(this.events).last().isInstanceOf(SrsrDeregisteredEvent.class);
		assertNothingSentFrom(registry.getAllServeEvents().size());
	}

	@Test
	void withoutAddressOrWebServerOnlyTheNameIsSent() {
		stubHealthyRegistry();
		this.context = start();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> registry.verify(1, postRequestedFor(urlEqualTo("/register"))
				.withRequestBody(equalToJson("{\"name\":\"orders\"}", false, false))));
	}

	@Test
	void heartbeatAnsweredSuccessFalseRegistersAgain(CapturedOutput output) {
		stubHealthyRegistry();
		registry.stubFor(post("/heartbeat").willReturn(okJson("{\"success\":false}")));
		this.context = start("--srsr.service.port=8080");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(registry.findAll(postRequestedFor(urlEqualTo("/register"))
				.withRequestBody(equalToJson("{\"name\":\"orders\",\"port\":\"8080\"}", false, false))))
				.hasSizeGreaterThanOrEqualTo(2));
		assertThat(this.events).filteredOn(SrsrRegisteredEvent.class::isInstance)
			.map(SrsrRegisteredEvent.class::cast)
			.anySatisfy((event) -> assertThat(event.isReRegistration()).isTrue());
		assertThat(output).contains("no longer knows instance " + ID).contains("Re-registered 'orders'");
	}

	@Test
	void failedRegistrationsAreRetriedAndReportedOnceAtWarn(CapturedOutput output) {
		registry.stubFor(post("/register").inScenario("outage")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503).withBody("upstream down"))
			.willSetStateTo("second"));
		registry.stubFor(post("/register").inScenario("outage")
			.whenScenarioStateIs("second")
			.willReturn(aResponse().withStatus(503).withBody("upstream down"))
			.willSetStateTo("up"));
		registry.stubFor(post("/register").inScenario("outage")
			.whenScenarioStateIs("up")
			.willReturn(okJson("{\"id\":\"" + ID + "\",\"success\":true}")));
		registry.stubFor(post("/heartbeat").willReturn(okJson("{\"success\":true}")));
		registry.stubFor(post("/deregister").willReturn(okJson("{\"success\":true}")));
		this.context = start();
		await().atMost(Duration.ofSeconds(10)).until(() -> status().state() == State.REGISTERED);
		registry.verify(3, postRequestedFor(urlEqualTo("/register")));
		assertThat(output).containsOnlyOnce("Could not register 'orders'")
			.contains("with status 503: upstream down")
			.contains("Registered 'orders'")
			.contains("after 2 failed calls");
		assertThat(this.events).filteredOn(SrsrRegistrationFailedEvent.class::isInstance)
			.map((event) -> ((SrsrRegistrationFailedEvent) event).getAttempt())
			.containsExactly(1, 2);
		assertThat(this.events).filteredOn(SrsrRegisteredEvent.class::isInstance)
			.map((event) -> ((SrsrRegisteredEvent) event).getAttempts())
			.containsExactly(3);
	}

	@Test
	void failingRegistrationShowsUnknownWithTheReasonByDefault() {
		registry.stubFor(post("/register").willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json; charset=utf-8")
			.withBody("{\"error\":\"name is required\"}")));
		this.context = start();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> health().getDetails().get("consecutiveFailures") instanceof Integer failures && failures > 0);
		assertThat(health().getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat((String) health().getDetails().get("error")).contains("name is required");
		assertThat(health().getDetails()).containsKey("failingSince");
	}

	@Test
	void failingRegistrationShowsDownWithTheReason() {
		registry.stubFor(post("/register").willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json; charset=utf-8")
			.withBody("{\"error\":\"name is required\"}")));
		this.context = start("--srsr.health.failure-status=DOWN");
		await().atMost(Duration.ofSeconds(10)).until(() -> health().getStatus().equals(Status.DOWN));
		assertThat(health().getDetails()).containsEntry("serviceName", "orders");
		assertThat((String) health().getDetails().get("error")).contains("name is required");
		assertThat((int) health().getDetails().get("consecutiveFailures")).isPositive();
	}

	@Test
	void refusingTrafficDeregistersAndAcceptingRegistersAgain() {
		stubHealthyRegistry();
		this.context = start();
		await().atMost(Duration.ofSeconds(10)).until(() -> status().state() == State.REGISTERED);

		AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);

		registry.verify(1, postRequestedFor(urlEqualTo("/deregister")));
		assertThat(health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertNothingSentFrom(registry.getAllServeEvents().size());

		AvailabilityChangeEvent.publish(this.context, ReadinessState.ACCEPTING_TRAFFIC);

		await().atMost(Duration.ofSeconds(10)).until(() -> status().state() == State.REGISTERED);
		registry.verify(2, postRequestedFor(urlEqualTo("/register")).withRequestBody(matchingJsonPath("$.name",
				equalTo("orders"))));
		// Its departure notice, once, just before the deregistration.
		registry.verify(1, postRequestedFor(urlEqualTo("/register")).withRequestBody(matchingJsonPath("$.name",
				equalTo("orders#srsr-left"))));
	}

	@Test
	void livenessChangesLeaveTheRegistrationAlone() {
		stubHealthyRegistry();
		this.context = start();
		await().atMost(Duration.ofSeconds(10)).until(() -> status().state() == State.REGISTERED);

		AvailabilityChangeEvent.publish(this.context, LivenessState.BROKEN);
		AvailabilityChangeEvent.publish(this.context, LivenessState.CORRECT);

		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
			.until(() -> status().state() == State.REGISTERED);
		registry.verify(0, postRequestedFor(urlEqualTo("/deregister")));
		registry.verify(1, postRequestedFor(urlEqualTo("/register")));
	}

	@Test
	void deregistrationFailureIsLoggedAndDoesNotStopShutdown(CapturedOutput output) {
		stubHealthyRegistry();
		registry.stubFor(post("/deregister").willReturn(aResponse().withStatus(500)));
		this.context = start();
		await().atMost(Duration.ofSeconds(10)).until(() -> status().state() == State.REGISTERED);
		this.context.close();
		assertThat(this.context.isActive()).isFalse();
		assertThat(output).contains("Could not deregister 'orders' (instance " + ID + ")")
			.contains("the registry drops the instance when its timeout expires");
	}

	private void stubHealthyRegistry() {
		registry.stubFor(post("/register").willReturn(okJson("{\"id\":\"" + ID + "\",\"success\":true}")));
		registry.stubFor(post("/heartbeat").willReturn(okJson("{\"success\":true}")));
		registry.stubFor(post("/deregister").willReturn(okJson("{\"success\":true}")));
	}

	private ConfigurableApplicationContext start(String... args) {
		String[] defaults = { "--srsr.registry.url=" + registry.baseUrl(), "--srsr.service.name=orders",
				"--srsr.heartbeat.interval=200ms", "--srsr.retry.initial-interval=50ms", "--srsr.retry.jitter=0ms",
				"--spring.main.banner-mode=off" };
		String[] all = new String[defaults.length + args.length];
		System.arraycopy(defaults, 0, all, 0, defaults.length);
		System.arraycopy(args, 0, all, defaults.length, args.length);
		return new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.listeners((ApplicationListener<SrsrRegistrationEvent>) this.events::add)
			.run(all);
	}

	private SrsrRegistrationStatus status() {
		return this.context.getBean(SrsrRegistration.class).getStatus();
	}

	private Health health() {
		return this.context.getBean("srsrHealthIndicator", HealthIndicator.class).health(true);
	}

	// For several heartbeat intervals nothing more reaches the registry (what did is named).
	private static void assertNothingSentFrom(int requests) {
		await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
			List<ServeEvent> events = new ArrayList<>(registry.getAllServeEvents());
			Collections.reverse(events); // oldest first
			assertThat(events.subList(requests, events.size()))
				.extracting((event) -> event.getRequest().getUrl() + " " + event.getRequest().getBodyAsString())
				.isEmpty();
		});
	}

	private static LoggedRequest lastRequest() {
		return registry.getAllServeEvents()
			.stream()
			.map((event) -> event.getRequest())
			.max(Comparator.comparing(LoggedRequest::getLoggedDate))
			.orElseThrow();
	}

	@SpringBootConfiguration
	@ImportAutoConfiguration({ SrsrAutoConfiguration.class, SrsrHealthContributorAutoConfiguration.class })
	static class TestApplication {

	}

}
