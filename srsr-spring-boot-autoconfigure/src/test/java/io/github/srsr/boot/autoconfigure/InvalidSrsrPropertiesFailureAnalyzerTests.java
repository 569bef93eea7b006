package io.github.srsr.boot.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link InvalidSrsrPropertiesFailureAnalyzer}, through a real
 * {@link SpringApplication} start-up as a user sees it.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidSrsrPropertiesFailureAnalyzerTests {

	@Test
	void portInBothPlacesStopsStartUpWithBothPropertiesAndTheFixNamed(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--srsr.service.name=orders",
				"--srsr.service.address=http://localhost:3000", "--srsr.service.port=3000"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("srsr.service.address (http://localhost:3000) carries a port and srsr.service.port (3000)")
			.contains("Set the port in one place only");
	}

	@Test
	void aPortSentBesideAnAddressWithAPathStopsStartUpWithTheFixNamed(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--srsr.service.name=orders",
				"--srsr.service.address=http://10.0.0.5/ctx", "--srsr.service.port=8080"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("would register http://10.0.0.5/ctx:8080")
			.contains("Put the port into srsr.service.address");
	}

	@Test
	void everyProblemIsReportedAtOnce(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--srsr.service.name=orders", "--srsr.registry.url=registry:4214",
				"--srsr.heartbeat.interval=0"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("srsr.registry.url is invalid")
			.contains("srsr.heartbeat.interval is 0, but it must be positive")
			.contains("SRSR_HEARTBEAT_INTERVAL");
	}

	@Test
	void aBareNumberWithAFractionIsExplainedWithTheDurationItMeans(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--srsr.service.name=orders", "--srsr.heartbeat.interval=0.5"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("srsr.heartbeat.interval is '0.5'")
			.contains("a bare number means whole seconds here")
			.contains("Set srsr.heartbeat.interval (SRSR_HEARTBEAT_INTERVAL) to 500ms, which is what '0.5' means")
			// Spring Boot's own analysis of the failed binding, which names no fix, is not the one shown.
			.doesNotContain("Update your application's configuration");
	}

	@Test
	void aHeartbeatIntervalAboveTheUpperBoundStopsStartUp(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> run("--srsr.service.name=orders", "--srsr.heartbeat.interval=99999999999"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("srsr.heartbeat.interval is 99999999999 (a bare number means seconds: about 3,170 years), "
					+ "but it must be at most 1h")
			.contains("Set srsr.heartbeat.interval (SRSR_HEARTBEAT_INTERVAL) to at most two-thirds of the registry's "
					+ "timeout, such as 20s");
	}

	private static void run(String... args) {
		SpringApplication application = new SpringApplication(TestApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.run(args).close();
	}

	@SpringBootConfiguration
	@ImportAutoConfiguration(SrsrAutoConfiguration.class)
	static class TestApplication {

	}

}
