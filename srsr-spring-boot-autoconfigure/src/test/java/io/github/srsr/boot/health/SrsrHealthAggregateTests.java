package io.github.srsr.boot.health;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.registry.EmbeddedSrsrRegistry;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What {@code /actuator/health} of a real web application answers, aggregate status and HTTP
 * code, in each state of the registration: a registry outage must not take a healthy instance
 * out of rotation unless the user asks for it; a deliberate deregistration does.
 */
class SrsrHealthAggregateTests {

	private final EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.builder().timeout(Duration.ofSeconds(30)).start();

	private ConfigurableApplicationContext context;

	@AfterEach
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
		this.registry.stop();
	}

	@Test
	void registeredIsUpWith200() {
		start();
		awaitComponent("UP");
		assertThat(health().code()).isEqualTo(200);
		assertThat(health().status()).isEqualTo("UP");
	}

	@Test
	void beforeTheFirstAttemptHasFinishedIsUnknownWith200() {
		this.registry.pause();
		start("--srsr.registry.read-timeout=5s");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.requests().size() == 1);
		assertThat(health().component()).isEqualTo("UNKNOWN");
		assertThat(health().json().at("/components/srsr/details/consecutiveFailures").intValue()).isZero();
		assertThat(health().code()).isEqualTo(200);
		this.registry.resume();
	}

	@Test
	void aRegistryOutageShowsInTheComponentButLeavesTheAggregateAt200() {
		start();
		awaitComponent("UP");
		this.registry.stop();

		await().atMost(Duration.ofSeconds(10)).until(() -> health().json().at("/components/srsr/details/error").isString());
		Health health = health();
		assertThat(health.component()).isEqualTo("UNKNOWN");
		assertThat(health.json().at("/components/srsr/details/error").stringValue()).contains("connection refused");
		assertThat(health.json().at("/components/srsr/details/consecutiveFailures").intValue()).isPositive();
		assertThat(health.json().at("/components/srsr/details/failingSince").isString()).isTrue();
		assertThat(health.status()).isEqualTo("UP");
		assertThat(health.code()).isEqualTo(200);
	}

	@Test
	void aRegistryOutageIsDownWith503WhenAskedFor() {
		start("--srsr.health.failure-status=DOWN");
		awaitComponent("UP");
		this.registry.stop();

		awaitComponent("DOWN");
		assertThat(health().status()).isEqualTo("DOWN");
		assertThat(health().code()).isEqualTo(503);
	}

	@Test
	void aDeliberateDeregistrationIsOutOfServiceWith503() {
		start();
		awaitComponent("UP");
		this.context.getBean(SrsrRegistration.class).deregister();

		assertThat(health().component()).isEqualTo("OUT_OF_SERVICE");
		assertThat(health().status()).isEqualTo("OUT_OF_SERVICE");
		assertThat(health().code()).isEqualTo(503);
	}

	private void start(String... args) {
		this.context = new SpringApplicationBuilder(WebApplication.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "spring.application.name=inventory", "srsr.heartbeat.interval=200ms",
					"srsr.registry.url=" + this.registry.url(), "srsr.registry.read-timeout=1s",
					"srsr.retry.initial-interval=100ms", "management.endpoint.health.show-details=always",
					"spring.main.banner-mode=off")
			.run(args);
	}

	private void awaitComponent(String status) {
		await().atMost(Duration.ofSeconds(10)).until(() -> status.equals(health().component()));
	}

	private Health health() {
		String port = this.context.getEnvironment().getProperty("local.server.port");
		return RestClient.create()
			.get()
			.uri("http://localhost:" + port + "/actuator/health")
			.exchange((request, response) -> new Health(response.getStatusCode().value(),
					JsonMapper.builder().build().readTree(response.getBody())));
	}

	record Health(int code, JsonNode json) {

		String status() {
			return this.json.get("status").stringValue();
		}

		String component() {
			return this.json.at("/components/srsr/status").stringValue();
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WebApplication {

	}

}
