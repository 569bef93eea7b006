package io.github.srsr.boot.cloud;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.RegisteredInstance;
import io.github.srsr.registry.junit.EmbeddedSrsr;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Cloud on srsr, end to end: a second application (a real web server on a random port)
 * registers in an embedded registry under the name {@code greeter}; this application, which does
 * not register itself, reaches it through a {@code @LoadBalanced} {@link RestClient.Builder} at
 * {@code http://greeter/...}, and Spring Cloud's {@code serviceregistry} endpoint of the greeter
 * controls its srsr registration. Spring Cloud's compatibility verifier stays on: it accepts
 * Spring Boot 4.0.x.
 */
@EmbeddedSrsr
@SpringBootTest(classes = SrsrLoadBalancedRestClientTests.CallerApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "srsr.discovery.refresh-period=200ms", "srsr.discovery.not-found-grace=0s" })
class SrsrLoadBalancedRestClientTests {

	private static ConfigurableApplicationContext greeter;

	@Autowired
	private EmbeddedSrsrRegistry registry;

	@Autowired
	@LoadBalanced
	private RestClient.Builder loadBalanced;

	@Autowired
	private DiscoveryClient discoveryClient;

	@Autowired
	private ReactiveDiscoveryClient reactiveDiscoveryClient;

	@BeforeEach
	void greeterIsRegistered() {
		if (greeter == null) {
			greeter = new SpringApplicationBuilder(GreeterApplication.class)
				.properties("spring.application.name=greeter", "server.port=0",
						"srsr.registry.url=" + this.registry.url(), "srsr.heartbeat.interval=200ms",
						"management.endpoints.web.exposure.include=health,serviceregistry",
						"management.endpoint.health.show-details=always")
				.run();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> greeterInstances().size() == 1);
	}

	@AfterAll
	static void stopGreeter() {
		if (greeter != null) {
			greeter.close();
			greeter = null;
		}
	}

	@Test
	void loadBalancedRestClientReachesAServiceByItsSrsrName() {
		String greeting = this.loadBalanced.build().get().uri("http://greeter/greeting").retrieve().body(String.class);
		assertThat(greeting).isEqualTo("Hello from greeter on port " + greeterPort());
	}

	@Test
	void discoveryClientReturnsTheRegisteredInstance() {
		assertThat(this.discoveryClient.getInstances("greeter")).singleElement().satisfies((instance) -> {
			assertThat(instance.getServiceId()).isEqualTo("greeter");
			assertThat(instance.getHost()).isEqualTo("127.0.0.1");
			assertThat(instance.getPort()).isEqualTo(greeterPort());
			assertThat(instance.getUri()).isEqualTo(URI.create("http://127.0.0.1:" + greeterPort()));
		});
		assertThat(this.discoveryClient.getInstances("nobody")).isEmpty();
		List<ServiceInstance> reactive = this.reactiveDiscoveryClient.getInstances("greeter")
			.collectList()
			.block(Duration.ofSeconds(5));
		assertThat(reactive).singleElement()
			.satisfies((instance) -> assertThat(instance.getPort()).isEqualTo(greeterPort()));
	}

	@Test
	void servicesAreOnlyTheApplicationsOwnNameWhileRegistered() {
		assertThat(greeter.getBean(SrsrDiscoveryClient.class).getServices()).containsExactly("greeter");
		// This application looks others up but does not register: srsr cannot list services.
		assertThat(this.discoveryClient.getServices()).doesNotContain("greeter");
	}

	@Test
	void springCloudDiscoveryHealthKnowsTheInstanceIsRegistered() {
		RestClient management = RestClient.create("http://localhost:" + greeterPort() + "/actuator");
		JsonNode discovery = health(management).get("components").get("discoveryComposite");
		assertThat(discovery.get("status").stringValue()).isEqualTo("UP");
		assertThat(discovery.toString()).contains("greeter");
	}

	@Test
	void springCloudServiceRegistryEndpointTakesTheRegistrationOutOfRotationAndBack() {
		RestClient management = RestClient.create("http://localhost:" + greeterPort() + "/actuator");
		assertThat(management.get().uri("/serviceregistry").retrieve().body(String.class)).contains("UP");

		management.post()
			.uri("/serviceregistry")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"status\": \"OUT_OF_SERVICE\"}")
			.retrieve()
			.toBodilessEntity();
		assertThat(greeterInstances()).isEmpty();
		// The caller's instance set follows at its next refresh (no grace for a name not found here).
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.discoveryClient.getInstances("greeter").isEmpty());
		assertThat(management.get().uri("/serviceregistry").retrieve().body(String.class)).contains("OUT_OF_SERVICE");
		assertThat(srsrHealth(management)).isEqualTo("OUT_OF_SERVICE");

		management.post()
			.uri("/serviceregistry")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"status\": \"UP\"}")
			.retrieve()
			.toBodilessEntity();
		await().atMost(Duration.ofSeconds(10)).until(() -> greeterInstances().size() == 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> "UP".equals(srsrHealth(management)));
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.discoveryClient.getInstances("greeter").size() == 1);
	}

	private List<RegisteredInstance> greeterInstances() {
		return this.registry.instances()
			.stream()
			.filter((instance) -> instance.name().equals("greeter") && instance.visible())
			.toList();
	}

	private static int greeterPort() {
		return greeter.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private static String srsrHealth(RestClient management) {
		return health(management).get("components").get("srsr").get("status").stringValue();
	}

	private static JsonNode health(RestClient management) {
		// Read whatever the status: an OUT_OF_SERVICE component makes the health endpoint answer 503.
		String body = management.get().uri("/health").exchange((request, response) -> response.bodyTo(String.class));
		return JsonMapper.builder().build().readTree(body);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class CallerApplication {

		@Bean
		@LoadBalanced
		RestClient.Builder loadBalancedRestClientBuilder() {
			return RestClient.builder();
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(GreetingController.class)
	static class GreeterApplication {

	}

	@RestController
	static class GreetingController {

		private final Environment environment;

		GreetingController(Environment environment) {
			this.environment = environment;
		}

		@GetMapping("/greeting")
		String greeting() {
			return "Hello from " + this.environment.getProperty("spring.application.name") + " on port "
					+ this.environment.getProperty("local.server.port");
		}

	}

}
