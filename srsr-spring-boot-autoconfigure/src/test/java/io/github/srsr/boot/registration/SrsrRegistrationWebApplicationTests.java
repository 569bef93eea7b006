package io.github.srsr.boot.registration;

import java.time.Duration;
import java.util.Comparator;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A servlet web application on a random port registers with the port it got, heartbeats, shows
 * the {@code srsr} health component, and is deregistered when its context closes.
 * <p>
 * The test framework owns the context and closes it after the class ({@link DirtiesContext});
 * {@link DeregisteredAfterContextClose}, declared before {@link SpringBootTest} so that its
 * after-all callback runs after Spring's, checks the deregistration then and stops the registry.
 */
@ExtendWith(SrsrRegistrationWebApplicationTests.DeregisteredAfterContextClose.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=inventory", "srsr.heartbeat.interval=200ms",
				"management.endpoint.health.show-details=always" })
@DirtiesContext
class SrsrRegistrationWebApplicationTests {

	private static final String ID = "9d0f1c2e-0000-4000-8000-000000000002";

	// Started here and stopped by DeregisteredAfterContextClose: it must outlive the application context.
	static final WireMockServer registry = new WireMockServer(wireMockConfig().dynamicPort());

	static {
		registry.start();
	}

	@DynamicPropertySource
	static void registryUrl(DynamicPropertyRegistry properties) {
		registry.stubFor(post("/register").willReturn(okJson("{\"id\":\"" + ID + "\",\"success\":true}")));
		registry.stubFor(post("/heartbeat").willReturn(okJson("{\"success\":true}")));
		registry.stubFor(post("/deregister").willReturn(okJson("{\"success\":true}")));
		properties.add("srsr.registry.url", registry::baseUrl);
	}

	@LocalServerPort
	private int port;

	@Test
	void registersWithTheBoundPortHeartbeatsAndReportsHealth() {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> registry.verify(1, postRequestedFor(urlEqualTo("/register"))
				.withRequestBody(equalToJson("{\"name\":\"inventory\",\"port\":\"" + this.port + "\"}", false, false))));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(registry.findAll(postRequestedFor(urlEqualTo("/heartbeat"))
				.withRequestBody(equalToJson("{\"id\":\"" + ID + "\"}")))).hasSizeGreaterThanOrEqualTo(2));

		JsonNode srsr = health().get("components").get("srsr");
		assertThat(srsr.get("status").stringValue()).isEqualTo("UP");
		assertThat(srsr.get("details").get("instanceId").stringValue()).isEqualTo(ID);
		assertThat(srsr.get("details").get("registryUrl").stringValue()).isEqualTo(registry.baseUrl());
		assertThat(srsr.get("details").get("address").stringValue()).isEqualTo("http://<caller ip>:" + this.port);
	}

	private JsonNode health() {
		String body = RestClient.create()
			.get()
			.uri("http://localhost:" + this.port + "/actuator/health")
			.retrieve()
			.body(String.class);
		return JsonMapper.builder().build().readTree(body);
	}

	static class DeregisteredAfterContextClose implements AfterAllCallback {

		@Override
		public void afterAll(ExtensionContext context) {
			try {
				verifyDeregisteredLast();
			}
			finally {
				registry.stop();
			}
		}

		private void verifyDeregisteredLast() {
			registry.verify(1, postRequestedFor(urlEqualTo("/deregister")).withRequestBody(equalToJson("{\"id\":\"" + ID + "\"}")));
			LoggedRequest last = registry.getAllServeEvents()
				.stream()
				.map((event) -> event.getRequest())
				.max(Comparator.comparing(LoggedRequest::getLoggedDate))
				.orElseThrow();
			assertThat(last.getUrl()).isEqualTo("/deregister");
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WebTestApplication {

	}

}
