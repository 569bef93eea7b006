package io.github.srsr.boot.autoconfigure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user reads when a setting is wrong: addresses that are not http(s) with a host, values
 * echoed as typed, fixes that fit the setting, and which entry of a registry list is wrong.
 */
class SrsrSettingsMessagesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SrsrAutoConfiguration.class))
		.withPropertyValues("srsr.service.name=orders");

	@ParameterizedTest
	@ValueSource(strings = { "myhost:8080", "localhost:8080", "mailto:x", "http:/x", "//host:1", "ftp://host:21" })
	void anAddressThatIsNotHttpWithAHostStopsStartUp(String address) {
		this.contextRunner.withPropertyValues("srsr.service.address=" + address).run((context) -> {
			FailureAnalysis analysis = analysis(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("srsr.service.address is '" + address + "'")
				.contains("not an http or https address with a host");
			assertThat(analysis.getAction()).contains("SRSR_SERVICE_ADDRESS").contains("http://10.0.0.5:8080");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://10.0.0.5:8080", "https://orders.internal", "http://orders_service:8080",
			"HTTP://Host:1" })
	void anHttpAddressWithAHostIsAccepted(String address) {
		this.contextRunner.withPropertyValues("srsr.service.address=" + address)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aDurationIsEchoedAsTyped() {
		this.contextRunner.withPropertyValues("srsr.registry.read-timeout=-5", "srsr.deregistration.delay=-2s")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.contains("srsr.registry.read-timeout is -5, but it must be positive")
				.contains("srsr.deregistration.delay is -2s, but it must not be negative")
				.doesNotContain("PT-"));
	}

	@Test
	void theHeartbeatFixSuggestsSecondsAsItsBareNumbersMean() {
		this.contextRunner.withPropertyValues("srsr.heartbeat.interval=0")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getAction())
				.contains("Set srsr.heartbeat.interval (SRSR_HEARTBEAT_INTERVAL) to a positive duration, such as 20 or 20s")
				.doesNotContain("500ms"));
	}

	@Test
	void aHeartbeatIntervalBelowTheFloorStopsStartUpSayingItWouldFloodTheRegistry() {
		this.contextRunner.withPropertyValues("srsr.heartbeat.interval=1ms").run((context) -> {
			FailureAnalysis analysis = analysis(context.getStartupFailure());
			assertThat(analysis.getDescription())
				.contains("srsr.heartbeat.interval is 1ms, but it must be at least 50ms")
				.contains("floods the registry");
			assertThat(analysis.getAction()).contains("SRSR_HEARTBEAT_INTERVAL").contains("at least 50ms");
		});
	}

	@Test
	void millisecondsTypedAsABareHeartbeatIntervalAreNamedWithTheirUnit() {
		this.contextRunner.withPropertyValues("srsr.heartbeat.interval=20000").run((context) -> {
			FailureAnalysis analysis = analysis(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains(
					"srsr.heartbeat.interval is 20000 (a bare number means seconds: about 5 hours), but it must be "
							+ "at most 1h");
			assertThat(analysis.getAction()).endsWith("; for milliseconds, write the unit: 20000ms.");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "50ms", "20s", "1h" })
	void heartbeatIntervalsWithinTheBoundsAreAccepted(String interval) {
		this.contextRunner.withPropertyValues("srsr.heartbeat.interval=" + interval)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void anEmptyEntryOfARegistryListIsNamedWithTheListMasked() {
		this.contextRunner.withPropertyValues("srsr.registry.url=http://agent:s3cret@a:1,,http://b:2")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.contains("entry 2 of srsr.registry.url (http://agent:******@a:1,,http://b:2) is empty")
				.doesNotContain("s3cret")
				.doesNotContain("the URL is empty"));
	}

	@Test
	void anUnknownHealthFailureStatusStopsStartUp() {
		this.contextRunner.withPropertyValues("srsr.health.failure-status=not a status")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.contains("srsr.health.failure-status is 'not a status'"));
	}

	private static FailureAnalysis analysis(Throwable failure) {
		assertThat(failure).isNotNull();
		FailureAnalysis analysis = new InvalidSrsrPropertiesFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

}
