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
 * Like every actuator endpoint but {@code health}, the {@code srsr} endpoint is not reachable over
 * HTTP unless the user exposes it: nobody can deregister the application by accident.
 */
@EmbeddedSrsr
@SpringBootTest(classes = SrsrEndpointNotExposedByDefaultTests.WebTestApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=inventory", "srsr.heartbeat.interval=200ms" })
class SrsrEndpointNotExposedByDefaultTests {

	@Autowired
	private EmbeddedSrsrRegistry registry;

	@LocalServerPort
	private int port;

	@Test
	void endpointIsNotReachableOverHttpByDefault() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.instances("inventory").size() == 1);
		RestClient actuator = RestClient.create("http://localhost:" + this.port + "/actuator");
		assertThat(status(actuator.get().uri("/srsr"))).isEqualTo(404);
		assertThat(status(actuator.post().uri("/srsr/deregister"))).isEqualTo(404);
		assertThat(this.registry.instances("inventory")).hasSize(1);
		assertThat(status(actuator.get().uri("/health"))).isEqualTo(200);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WebTestApplication {

	}

}
