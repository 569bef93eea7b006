package io.github.srsr.boot.registration;

import java.time.Duration;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.srsr.boot.registration.SrsrRegistrationStatus.State;

import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every kind of bad answer a registry (or a proxy in front of it) can give: the application starts
 * regardless, logs one clear line, shows DOWN with the reason, and keeps trying.
 */
@ExtendWith(OutputCaptureExtension.class)
class SrsrRegistrationBadAnswerTests {

	private static final String ID = "0b5e2f4a-0000-4000-8000-000000000003";

	/**
	 * Short, to see timeouts quickly, but long enough for a cold first request on a loaded machine.
	 */
	private static final int READ_TIMEOUT_MILLIS = 2000;

	@RegisterExtension
	static WireMockExtension registry = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private RegisteringApplication application;

	@AfterEach
	void close() {
		if (this.application != null) {
			this.application.close();
		}
	}

	static Stream<Arguments> badRegistrationAnswers() {
		String html = "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";
		return Stream.of(Arguments.of("500", aResponse().withStatus(500), "with status 500"),
				Arguments.of("502", aResponse().withStatus(502).withBody("bad gateway"), "with status 502: bad gateway"),
				Arguments.of("503", aResponse().withStatus(503), "with status 503"),
				Arguments.of("404", aResponse().withStatus(404).withBody("404 page not found"),
						"with status 404: 404 page not found"),
				Arguments.of("400 with error", jsonAnswer(400, "{\"error\":\"Key: 'name' failed on the 'required' tag\"}"),
						"with status 400: Key: 'name' failed on the 'required' tag"),
				Arguments.of("400 with empty body", aResponse().withStatus(400), "with status 400 and an empty body"),
				Arguments.of("HTML page with 200", aResponse().withStatus(200).withHeader("Content-Type", "text/html")
					.withBody(html), "with something other than a JSON object"),
				Arguments.of("HTML page with 502", aResponse().withStatus(502).withHeader("Content-Type", "text/html")
					.withBody(html), "with status 502: <html>"),
				Arguments.of("invalid JSON", jsonAnswer(200, "{\"id\": \"abc\", "),
						"with something other than a JSON object"),
				Arguments.of("JSON without id", jsonAnswer(200, "{\"success\":true}"), "without an instance id"),
				Arguments.of("success false", jsonAnswer(200, "{\"success\":false}"), "declining the registration"),
				Arguments.of("success \"false\"", jsonAnswer(200, "{\"id\":\"" + ID + "\",\"success\":\"false\"}"),
						"declining the registration"),
				Arguments.of("connection reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
						"did not answer POST /register"),
				Arguments.of("delay past the read timeout",
						okJson("{\"id\":\"" + ID + "\",\"success\":true}").withFixedDelay(READ_TIMEOUT_MILLIS + 3000),
						"no answer within the read timeout"),
				Arguments.of("body larger than 64 KiB", aResponse().withStatus(200).withBody("x".repeat(200 * 1024)),
						"with a body larger than 64 KiB"),
				Arguments.of("redirect", aResponse().withStatus(302).withHeader("Location", "/elsewhere"),
						"with a redirect (302 to /elsewhere)"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badRegistrationAnswers")
	void badRegistrationAnswerIsReportedOnceShownAsDownAndRetried(String name, ResponseDefinitionBuilder answer,
			String reason, CapturedOutput output) {
		registry.stubFor(post("/register").willReturn(answer));

		this.application = start();

		await().atMost(Duration.ofSeconds(10))
			.until(() -> requests("/register") >= 3);
		assertThat(this.application.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat((String) this.application.health().getDetails().get("error")).contains(reason);
		assertThat(output).containsOnlyOnce("Could not register 'orders'").contains(reason);
		assertThat(output).doesNotContain("\tat io.github.srsr");
		registry.verify(0, postRequestedFor(urlEqualTo("/elsewhere")));
	}

	@Test
	void successAsStringsIsUnderstood() {
		registry.stubFor(post("/register").willReturn(jsonAnswer(200, "{\"id\":\"" + ID + "\",\"success\":\"true\"}")));
		registry.stubFor(post("/heartbeat").willReturn(jsonAnswer(200, "{\"success\":\"true\"}")));
		this.application = start();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> requests("/heartbeat") >= 3);
		assertThat(this.application.status().state()).isEqualTo(State.REGISTERED);
		registry.verify(1, postRequestedFor(urlEqualTo("/register")));
	}

	@Test
	void heartbeatAnsweredSuccessFalseAsStringRegistersAgain() {
		registry.stubFor(post("/register").willReturn(jsonAnswer(200, "{\"id\":\"" + ID + "\",\"success\":true}")));
		registry.stubFor(post("/heartbeat").willReturn(jsonAnswer(200, "{\"success\":\"false\"}")));
		this.application = start();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> requests("/register") >= 2);
	}

	@Test
	void badHeartbeatAnswersShowDownAndHeartbeatsGoOn(CapturedOutput output) {
		registry.stubFor(post("/register").willReturn(jsonAnswer(200, "{\"id\":\"" + ID + "\",\"success\":true}")));
		registry.stubFor(post("/heartbeat").willReturn(aResponse().withStatus(503).withBody("maintenance")));
		this.application = start();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> requests("/heartbeat") >= 4);
		assertThat(this.application.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(this.application.health().getDetails()).containsEntry("instanceId", ID);
		assertThat(output)
			.containsOnlyOnce("Heartbeat of 'orders' (instance " + ID + ") to srsr registry " + registry.baseUrl() + " failed")
			.contains("with status 503: maintenance");
		assertThat(this.application.events(SrsrHeartbeatFailedEvent.class))
			.extracting(SrsrHeartbeatFailedEvent::getConsecutiveFailures)
			.startsWith(1, 2, 3);
		registry.verify(1, postRequestedFor(urlEqualTo("/register")));
	}

	@Test
	void credentialsOfTheRegistryUrlNeverShowInLogsHealthOrEvents(CapturedOutput output) {
		registry.stubFor(post("/register").willReturn(aResponse().withStatus(401).withBody("unauthorized")));
		String url = registry.baseUrl().replace("http://", "http://agent:s3cr%21t@");
		this.application = RegisteringApplication.start(url);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> registry.findAll(postRequestedFor(urlEqualTo("/register"))).size() >= 2);
		assertThat(registry.findAll(postRequestedFor(urlEqualTo("/register"))))
			.allSatisfy((request) -> assertThat(request.getHeader("Authorization")).isEqualTo("Basic YWdlbnQ6czNjciF0"));
		assertThat(registry.findAll(postRequestedFor(urlEqualTo("/register"))).get(0).getHeader("Authorization"))
			.isEqualTo("Basic YWdlbnQ6czNjciF0");
		assertThat(output).contains("http://agent:******@localhost").doesNotContain("s3cr");
		assertThat(this.application.health().getDetails().toString()).contains("agent:******@").doesNotContain("s3cr");
		assertThat(this.application.events(SrsrRegistrationFailedEvent.class))
			.allSatisfy((event) -> assertThat(event.getError().getMessage()).doesNotContain("s3cr"));
	}

	// At least: the calls go on every few hundred ms, and a poll that comes late on a busy machine
	// would miss a moment when there were exactly so many.
	private static int requests(String path) {
		return registry.findAll(postRequestedFor(urlEqualTo(path))).size();
	}

	private RegisteringApplication start() {
		return RegisteringApplication.start(registry.baseUrl(),
				"--srsr.registry.read-timeout=" + READ_TIMEOUT_MILLIS + "ms");
	}

	private static ResponseDefinitionBuilder jsonAnswer(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
	}

}
