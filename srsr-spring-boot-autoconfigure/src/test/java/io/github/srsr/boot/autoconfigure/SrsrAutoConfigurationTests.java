package io.github.srsr.boot.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.srsr.boot.CustomClientConfiguration;
import io.github.srsr.boot.health.SrsrHealthContributorAutoConfiguration;
import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.boot.registration.SrsrRegistrationStatus;
import io.github.srsr.registry.EmbeddedSrsrRegistry;
import org.awaitility.Awaitility;
import org.springframework.boot.health.contributor.HealthIndicator;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.TaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SrsrAutoConfiguration} and {@link SrsrHealthContributorAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SrsrAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SrsrAutoConfiguration.class,
				SrsrHealthContributorAutoConfiguration.class))
		.withPropertyValues("srsr.service.name=orders");

	@Test
	void enabledWithServiceNameCreatesClientRegistrationAndHealthIndicator() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RestClientSrsrClient.class);
			assertThat(context).hasSingleBean(SrsrRegistration.class);
			assertThat(context).hasBean("srsrHealthIndicator");
			assertThat(context).hasBean(SrsrRegistration.SCHEDULER_BEAN_NAME);
			assertThat(context.getBean(SrsrRegistration.class).getService().name()).isEqualTo("orders");
		});
	}

	@Test
	void disabledCreatesNothing() {
		this.contextRunner.withPropertyValues("srsr.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(SrsrClient.class);
			assertThat(context).doesNotHaveBean(SrsrRegistration.class);
			assertThat(context).doesNotHaveBean("srsrHealthIndicator");
			assertThat(context).doesNotHaveBean(SrsrRegistration.SCHEDULER_BEAN_NAME);
		});
	}

	@Test
	void disabledIgnoresInvalidSettings() {
		this.contextRunner.withPropertyValues("srsr.enabled=false", "srsr.registry.url=nonsense")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void withoutServiceNameStaysInactiveAndSaysHowToTurnItOn(CapturedOutput output) {
		// The beans exist whatever the name (an AOT-processed application decides at run time);
		// without one the registration is inactive.
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SrsrAutoConfiguration.class,
					SrsrHealthContributorAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SrsrRegistration registration = context.getBean(SrsrRegistration.class);
				assertThat(registration.getService()).isNull();
				SrsrRegistrationStatus status = registration.getStatus();
				assertThat(status.state()).isEqualTo(SrsrRegistrationStatus.State.NOT_ATTEMPTED);
				assertThat(status.serviceName()).isNull();
				assertThat(status.inactive()).isEqualTo("no service name");
				Health health = context.getBean("srsrHealthIndicator", HealthIndicator.class).health(true);
				assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
				assertThat(health.getDetails()).containsEntry("inactive", "no service name")
					.doesNotContainKey("serviceName");
				// Lookups still work without a name of one's own.
				assertThat(context).hasSingleBean(SrsrClient.class);
			});
		assertThat(output).containsOnlyOnce("srsr registration is inactive: no service name")
			.contains("srsr.service.name (SRSR_SERVICE_NAME)");
	}

	@Test
	void withoutServiceNameNeverRegistersAndSaysSoOnceAcrossStopAndStart(CapturedOutput output) {
		try (EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.builder().port(0).start()) {
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SrsrAutoConfiguration.class))
				.withPropertyValues("srsr.registry.url=" + registry.url(), "srsr.heartbeat.interval=50ms",
						"srsr.fail-fast=true")
				.run((context) -> {
					SrsrRegistration registration = context.getBean(SrsrRegistration.class);
					// With fail-fast too, the ready application neither waits nor fails.
					registration.onApplicationReady(new ApplicationReadyEvent(new SpringApplication(), new String[0],
							context.getSourceApplicationContext(), Duration.ZERO));
					registration.register();
					context.getSourceApplicationContext().stop();
					context.getSourceApplicationContext().start();
					// Several heartbeat intervals pass without a single request.
					Awaitility.await()
						.during(Duration.ofMillis(300))
						.atMost(Duration.ofSeconds(10))
						.until(() -> registry.requests().isEmpty());
					assertThat(registration.getStatus().state())
						.isEqualTo(SrsrRegistrationStatus.State.NOT_ATTEMPTED);
				});
			assertThat(registry.instances()).isEmpty();
		}
		assertThat(output).containsOnlyOnce("srsr registration is inactive: no service name");
	}

	@Test
	void serviceNameDefaultsToApplicationName() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SrsrAutoConfiguration.class))
			.withPropertyValues("spring.application.name=billing")
			.run((context) -> assertThat(context.getBean(SrsrRegistration.class).getService().name())
				.isEqualTo("billing"));
	}

	@Test
	void serviceNameWinsOverApplicationName() {
		this.contextRunner.withPropertyValues("spring.application.name=billing")
			.run((context) -> assertThat(context.getBean(SrsrRegistration.class).getService().name())
				.isEqualTo("orders"));
	}

	@Test
	void userDefinedClientWins() {
		this.contextRunner.withUserConfiguration(CustomClientConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SrsrClient.class);
			assertThat(context.getBean(SrsrClient.class)).isSameAs(context.getBean("customSrsrClient"));
			assertThat(context).doesNotHaveBean(RestClientSrsrClient.class);
			assertThat(context).hasSingleBean(SrsrRegistration.class);
		});
	}

	@Test
	void withoutActuatorThereIsNoHealthIndicatorButRegistrationWorks() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(SrsrRegistration.class);
			assertThat(context).doesNotHaveBean("srsrHealthIndicator");
		});
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		this.contextRunner.withPropertyValues("management.health.srsr.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(SrsrRegistration.class);
			assertThat(context).doesNotHaveBean("srsrHealthIndicator");
		});
	}

	@Test
	void servletWebApplicationIsRegistered() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SrsrAutoConfiguration.class,
					SrsrHealthContributorAutoConfiguration.class))
			.withPropertyValues("srsr.service.name=orders")
			.run((context) -> {
				assertThat(context).hasSingleBean(SrsrRegistration.class);
				assertThat(context).hasBean("srsrHealthIndicator");
			});
	}

	@Test
	void reactiveWebApplicationIsRegistered() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SrsrAutoConfiguration.class,
					SrsrHealthContributorAutoConfiguration.class))
			.withPropertyValues("srsr.service.name=orders")
			.run((context) -> {
				assertThat(context).hasSingleBean(SrsrRegistration.class);
				assertThat(context).hasBean("srsrHealthIndicator");
			});
	}

	@Test
	void applicationSchedulerIsNotReplacedByTheStartersScheduler() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(TaskSchedulingAutoConfiguration.class))
			.withUserConfiguration(SchedulingApplication.class)
			.run((context) -> {
				assertThat(context).hasBean("taskScheduler");
				// Injection by type finds the application's scheduler, not the starter's own.
				assertThat(context.getBean(TaskScheduler.class)).isSameAs(context.getBean("taskScheduler"));
			});
	}

	@Test
	void portInAddressAndOnItsOwnFailsWithBothPropertiesNamed() {
		this.contextRunner
			.withPropertyValues("srsr.service.address=http://localhost:3000", "srsr.service.port=3000")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidSrsrPropertiesException.class)
				.hasMessageContaining("srsr.service.address")
				.hasMessageContaining("srsr.service.port")
				.hasMessageContaining("http://localhost:3000:3000"));
	}

	@Test
	void portOnItsOwnWithAddressWithoutPortIsValid() {
		this.contextRunner.withPropertyValues("srsr.service.address=http://10.0.0.5", "srsr.service.port=3000")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void registryUrlThatIsNotHttpFails() {
		this.contextRunner.withPropertyValues("srsr.registry.url=localhost:4214")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidSrsrPropertiesException.class)
				.hasMessageContaining("srsr.registry.url"));
	}

	@Test
	void registryUrlWithCredentialsNeverShowsThePasswordInTheFailure() {
		this.contextRunner.withPropertyValues("srsr.registry.url=ftp://user:s3cret@registry:4214")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("srsr.registry.url")
				.hasMessageNotContaining("s3cret"));
	}

	@Test
	void nonPositiveIntervalAndTimeoutsFailTogether() {
		this.contextRunner
			.withPropertyValues("srsr.heartbeat.interval=0", "srsr.registry.read-timeout=-1s",
					"srsr.registry.connect-timeout=0s")
			.run((context) -> {
				assertThat(context).getFailure().rootCause().isInstanceOf(InvalidSrsrPropertiesException.class);
				InvalidSrsrPropertiesException ex = (InvalidSrsrPropertiesException) rootCause(context.getStartupFailure());
				assertThat(ex.getProblems()).extracting(InvalidSrsrPropertiesException.Problem::description)
					.anySatisfy((text) -> assertThat(text).startsWith("srsr.heartbeat.interval"))
					.anySatisfy((text) -> assertThat(text).startsWith("srsr.registry.read-timeout"))
					.anySatisfy((text) -> assertThat(text).startsWith("srsr.registry.connect-timeout"));
			});
	}

	@Test
	void invalidRetrySettingsFail() {
		this.contextRunner.withPropertyValues("srsr.retry.multiplier=0.5", "srsr.retry.initial-interval=0ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("srsr.retry.multiplier")
				.hasMessageContaining("srsr.retry.initial-interval"));
	}

	private static Throwable rootCause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SchedulingApplication {

	}

}
