package io.github.srsr.sample;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.RecordedRequest;
import io.github.srsr.registry.RegisteredInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end: the packaged sample jar, started as its own process with srsrpy's environment
 * variables, against an embedded registry in this JVM.
 */
class SampleApplicationProcessIT {

	private static final Duration START = Duration.ofSeconds(60);

	private static final Duration EXIT = Duration.ofSeconds(20);

	/** The exit code of a JVM ended by SIGTERM: 128 + 15. */
	private static final int SIGTERM_EXIT_CODE = 143;

	private EmbeddedSrsrRegistry registry;

	@BeforeEach
	void startRegistry() {
		this.registry = EmbeddedSrsrRegistry.builder().port(0).timeout(Duration.ofSeconds(3)).start();
	}

	@AfterEach
	void stopRegistry() {
		this.registry.stop();
	}

	@Test
	void registersWithItsRealPortReportsHealthAndDeregistersOnSigterm() {
		try (SampleProcess sample = start("orders")) {
			await().atMost(START).untilAsserted(() -> assertThat(lookup("orders").path("success").booleanValue()).isTrue());
			assertThat(lookup("orders").path("address").stringValue()).isEqualTo("http://127.0.0.1:" + sample.port());
			await().atMost(START).until(() -> "UP".equals(sample.srsrHealth()));
			JsonNode details = sample.get("/actuator/health").path("components").path("srsr").path("details");
			assertThat(details.path("serviceName").stringValue()).isEqualTo("orders");
			assertThat(details.path("registryUrl").stringValue()).isEqualTo(this.registry.url().toString());
			assertThat(sample.get("/").path("message").stringValue()).isEqualTo("Hello from orders!");
			assertThat(sample.get("/services/orders").path("address").stringValue())
				.isEqualTo("http://127.0.0.1:" + sample.port());
			assertThat(sample.get("/services/unknown").path("error").stringValue()).contains("unknown");

			sample.terminate();

			assertThat(sample.awaitExit(EXIT)).isEqualTo(SIGTERM_EXIT_CODE);
			assertThat(lookup("orders").path("success").booleanValue()).isFalse();
			assertThat(this.registry.instances()).isEmpty();
			// The test's own lookups aside, the deregistration was the sample's last request.
			assertThat(this.registry.requests()).map(RecordedRequest::path)
				.filteredOn((path) -> !path.equals("/lookup"))
				.last()
				.isEqualTo("/deregister");
			assertThat(sample.output()).containsOnlyOnce("Registered 'orders'").containsOnlyOnce("Deregistered 'orders'");
		}
	}

	@Test
	void sigtermWithASilentRegistryEndsWithinTheReadTimeout() {
		Duration readTimeout = Duration.ofSeconds(2);
		try (SampleProcess sample = start("orders", "--srsr.registry.read-timeout=" + readTimeout.toMillis() + "ms")) {
			await().atMost(START).until(() -> "UP".equals(sample.srsrHealth()));
			// The registry keeps accepting connections but answers nothing any more.
			this.registry.pause();

			long start = System.nanoTime();
			sample.terminate();
			int exitCode = sample.awaitExit(EXIT);
			Duration shutdown = Duration.ofNanos(System.nanoTime() - start);

			assertThat(exitCode).isEqualTo(SIGTERM_EXIT_CODE);
			assertThat(shutdown).isLessThan(readTimeout.plusSeconds(1));
			assertThat(sample.output()).contains("Could not deregister 'orders'")
				.contains("no answer within the read timeout");
		}
	}

	@Test
	void twoInstancesUnderOneNameShowTheRegistrysNameWideRemovalDefect() {
		try (SampleProcess first = start("twin"); SampleProcess second = start("twin")) {
			await().atMost(START).until(() -> this.registry.instances().size() == 2);
			await().atMost(START).until(() -> "UP".equals(first.srsrHealth()) && "UP".equals(second.srsrHealth()));

			first.terminate();
			assertThat(first.awaitExit(EXIT)).isEqualTo(SIGTERM_EXIT_CODE);

			// srsr removes every instance of the name from lookup when one deregisters...
			assertThat(lookup("twin").path("success").booleanValue()).isFalse();
			assertThat(lookup("twin").path("address").stringValue()).isEmpty();
			// ...while the survivor's heartbeats still succeed, so its health cannot tell.
			RegisteredInstance survivor = this.registry.instances().get(0);
			assertThat(survivor.visible()).isFalse();
			Duration heartbeatsAfter = Duration.ofSeconds(1);
			await().atMost(START).until(() -> this.registry.instances().get(0).lastHeartbeat()
				.isAfter(survivor.lastHeartbeat().plus(heartbeatsAfter)));
			assertThat(second.srsrHealth()).isEqualTo("UP");
			assertThat(this.registry.instances()).hasSize(1);
		}
	}

	@Test
	void runsWithTheStarterDisabled() {
		try (SampleProcess sample = SampleProcess.start(Map.of("SRSR_REGISTRY_URL", this.registry.url().toString(),
				"SRSR_ENABLED", "false"))) {
			await().atMost(START).until(() -> sample.get("/actuator/health") != null);
			JsonNode health = sample.get("/actuator/health");
			assertThat(health.path("status").stringValue()).isEqualTo("UP");
			assertThat(health.path("components").has("srsr")).isFalse();
			assertThat(sample.get("/services/orders").path("error").stringValue()).contains("srsr is disabled");
			sample.terminate();
			assertThat(sample.awaitExit(EXIT)).isEqualTo(SIGTERM_EXIT_CODE);
			assertThat(this.registry.requests()).isEmpty();
			assertThat(sample.output()).doesNotContain("embedded registry");
		}
	}

	@Test
	void portInBothPlacesFailsStartUpWithAFailureAnalysis() {
		try (SampleProcess sample = start("orders", "--srsr.service.address=http://localhost:3000",
				"--srsr.service.port=3000")) {
			assertThat(sample.awaitExit(START)).isNotZero();
			assertThat(sample.output()).contains("APPLICATION FAILED TO START")
				.contains("srsr.service.address (http://localhost:3000) carries a port and srsr.service.port (3000)");
			assertThat(this.registry.requests()).isEmpty();
		}
	}

	private SampleProcess start(String name, String... args) {
		return SampleProcess.start(Map.of("SRSR_REGISTRY_URL", this.registry.url().toString(), "SRSR_SERVICE_NAME", name,
				"SRSR_HEARTBEAT_INTERVAL", "300ms"), withDefaults(args));
	}

	private static String[] withDefaults(String... args) {
		String[] all = new String[args.length + 1];
		all[0] = "--sample.embedded-registry.enabled=false";
		System.arraycopy(args, 0, all, 1, args.length);
		return all;
	}

	private JsonNode lookup(String name) {
		return SampleProcess.lookup(this.registry.url(), name);
	}

}
