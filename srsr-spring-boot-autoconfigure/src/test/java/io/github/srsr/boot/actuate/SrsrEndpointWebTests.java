package io.github.srsr.boot.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.srsr.boot.lookup.SrsrServiceLookup;
import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.RecordedRequest;
import io.github.srsr.registry.RegisteredInstance;
import io.github.srsr.registry.junit.EmbeddedSrsr;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code srsr} endpoint over real HTTP, exposed as a user exposes it, against an embedded
 * registry: it shows the registration, takes it out of rotation and puts it back.
 */
@EmbeddedSrsr
@SpringBootTest(classes = SrsrEndpointWebTests.WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=inventory", "srsr.heartbeat.interval=200ms",
				"srsr.discovery.refresh-period=200ms",
				"management.endpoints.web.exposure.include=health,srsr", "management.endpoint.srsr.access=unrestricted",
				"management.endpoint.health.show-details=always" })
class SrsrEndpointWebTests {

	@Autowired
	private EmbeddedSrsrRegistry registry;

	@Autowired
	private SrsrServiceLookup lookup;

	@LocalServerPort
	private int port;

	private RestClient actuator;

	@BeforeEach
	void registered() {
		this.actuator = RestClient.create("http://localhost:" + this.port + "/actuator");
		await().atMost(Duration.ofSeconds(10)).until(() -> inventoryInstances().size() == 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> "REGISTERED".equals(srsr().get("state").stringValue()));
	}

	@Test
	void readOperationShowsTheRegistration() {
		await().atMost(Duration.ofSeconds(5)).until(() -> srsr().has("lastHeartbeat"));
		JsonNode srsr = srsr();
		assertThat(srsr.get("serviceName").stringValue()).isEqualTo("inventory");
		assertThat(srsr.has("inactive")).isFalse();
		assertThat(srsr.get("instanceId").stringValue()).isEqualTo(inventoryInstances().get(0).id());
		assertThat(srsr.get("address").stringValue()).isEqualTo("http://<caller ip>:" + this.port);
		assertThat(srsr.get("registryUrl").stringValue()).isEqualTo(this.registry.url().toString());
		assertThat(Instant.parse(srsr.get("lastHeartbeat").stringValue())).isBefore(Instant.now().plusSeconds(1));
		assertThat(srsr.get("consecutiveFailures").intValue()).isZero();
		assertThat(srsr.get("registrations").intValue()).isGreaterThanOrEqualTo(1);
		assertThat(srsr.get("reRegistrations").intValue()).isGreaterThanOrEqualTo(0);
		assertThat(srsr.get("recentEvents").toString()).contains("registered as ");
		assertThat(srsr.get("registries")).singleElement().satisfies((registry) -> {
			assertThat(registry.get("registryUrl").stringValue()).isEqualTo(this.registry.url().toString());
			assertThat(registry.get("state").stringValue()).isEqualTo("REGISTERED");
			assertThat(registry.get("instanceId").stringValue()).isEqualTo(srsr.get("instanceId").stringValue());
		});
	}

	@Test
	void deregisterTakesTheInstanceOutOfRotationUntilRegister() {
		int registrationsBefore = srsr().get("registrations").intValue();
		assertThat(post("/srsr/deregister").is2xxSuccessful()).isTrue();

		assertThat(inventoryInstances()).isEmpty();
		assertThat(srsr().get("state").stringValue()).isEqualTo("DEREGISTERED");
		assertThat(srsr().has("instanceId")).isFalse();
		assertThat(health().get("components").get("srsr").get("status").stringValue()).isEqualTo("OUT_OF_SERVICE");
		// Heartbeats stop: for several intervals nothing reaches the registry.
		int requests = this.registry.requests().size();
		await().during(Duration.ofMillis(800))
			.atMost(Duration.ofSeconds(2))
			.until(() -> this.registry.requests().size() == requests);

		assertThat(post("/srsr/register").is2xxSuccessful()).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> inventoryInstances().size() == 1);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> "UP".equals(health().get("components").get("srsr").get("status").stringValue()));
		JsonNode srsr = srsr();
		assertThat(srsr.get("registrations").intValue()).isEqualTo(registrationsBefore + 1);
		assertThat(srsr.get("reRegistrations").intValue()).isGreaterThanOrEqualTo(1);
		assertThat(srsr.get("recentEvents").toString()).contains("deregistered").contains("re-registered as ");
		List<RecordedRequest> heartbeats = this.registry.requests()
			.stream()
			.filter((request) -> request.path().equals("/heartbeat"))
			.toList();
		assertThat(heartbeats).isNotEmpty();
	}

	@Test
	void readOperationShowsTheInstanceSetsInUse() {
		assertThat(srsr().get("instanceSets")).isEmpty();
		this.lookup.lookupAll("inventory");
		await().atMost(Duration.ofSeconds(5)).until(() -> srsr().get("instanceSets").size() == 1);
		JsonNode set = srsr().get("instanceSets").get(0);
		assertThat(set.get("serviceName").stringValue()).isEqualTo("inventory");
		assertThat(set.get("addresses")).singleElement()
			.satisfies((address) -> assertThat(address.stringValue()).isEqualTo(inventoryInstances().get(0).address()));
		assertThat(set.get("state").stringValue()).isEqualTo("FRESH");
		assertThat(Instant.parse(set.get("refreshedAt").stringValue())).isBefore(Instant.now().plusSeconds(1));
		// The registration's fields stay at the top level beside the sets.
		assertThat(srsr().get("serviceName").stringValue()).isEqualTo("inventory");
	}

	@Test
	void unknownOperationIsABadRequest() {
		assertThat(post("/srsr/restart").value()).isEqualTo(400);
		assertThat(inventoryInstances()).hasSize(1);
	}

	private List<RegisteredInstance> inventoryInstances() {
		return this.registry.instances()
			.stream()
			.filter((instance) -> instance.name().equals("inventory") && instance.visible())
			.toList();
	}

	private JsonNode srsr() {
		return JsonMapper.builder().build().readTree(this.actuator.get().uri("/srsr").retrieve().body(String.class));
	}

	private JsonNode health() {
		String body = this.actuator.get().uri("/health").exchange((request, response) -> response.bodyTo(String.class));
		return JsonMapper.builder().build().readTree(body);
	}

	private HttpStatusCode post(String path) {
		return this.actuator.post().uri(path).exchange((request, response) -> response.getStatusCode());
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WebTestApplication {

	}

}
