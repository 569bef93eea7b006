package io.github.srsr.boot.actuate;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.junit.EmbeddedSrsr;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static io.github.srsr.boot.actuate.ActuatorHttp.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exposed over HTTP, the {@code srsr} endpoint only shows the registration until
 * {@code management.endpoint.srsr.access=unrestricted} allows its write operations, the way
 * Spring Boot keeps its {@code shutdown} endpoint off.
 */
@EmbeddedSrsr
@SpringBootTest(classes = SrsrEndpointReadOnlyByDefaultTests.WebTestApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=inventory", "srsr.heartbeat.interval=200ms",
				"management.endpoints.web.exposure.include=health,srsr" })
class SrsrEndpointReadOnlyByDefaultTests {

	@Autowired
	private EmbeddedSrsrRegistry registry;

	@LocalServerPort
	private int port;

	@Test
	void exposedEndpointShowsTheRegistrationButCannotDeregisterIt() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.instances("inventory").size() == 1);
		RestClient actuator = RestClient.create("http://localhost:" + this.port + "/actuator");
		assertThat(status(actuator.get().uri("/srsr"))).isEqualTo(200);
		assertThat(status(actuator.post().uri("/srsr/deregister"))).isIn(404, 405);
		assertThat(status(actuator.post().uri("/srsr/register"))).isIn(404, 405);
		assertThat(this.registry.instances("inventory")).hasSize(1);
		assertThat(status(actuator.get().uri("/health"))).isEqualTo(200);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WebTestApplication {

	}

}
