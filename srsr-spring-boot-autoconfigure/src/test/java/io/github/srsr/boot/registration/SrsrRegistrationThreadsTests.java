package io.github.srsr.boot.registration;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.srsr.boot.autoconfigure.SrsrAutoConfiguration;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.registry.EmbeddedSrsrRegistry;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which threads the starter starts, and that it leaves the application's own scheduling alone.
 */
class SrsrRegistrationThreadsTests {

	private final EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.start();

	@AfterEach
	void stopRegistry() {
		this.registry.stop();
	}

	@Test
	void withoutAServiceNameNoThreadStartsWhileLookupsAreServed() {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(context.getBean(SrsrClient.class).lookup("inventory")).isEmpty();
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3)).until(() -> srsrThreads(context) == 0);
		}
	}

	@Test
	void withAServiceNameOneThreadRegistersAndHeartbeats() {
		try (ConfigurableApplicationContext context = start("--srsr.service.name=orders")) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.registry.requests().stream().anyMatch((request) -> request.path().equals("/heartbeat")));
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3)).until(() -> srsrThreads(context) == 1);
		}
	}

	@Test
	void theApplicationsOwnScheduledMethodsStayOffWithoutEnableScheduling() {
		try (ConfigurableApplicationContext context = start("--srsr.service.name=orders")) {
			Ticks ticks = context.getBean(Ticks.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.registry.requests().stream().anyMatch((request) -> request.path().equals("/heartbeat")));
			assertThat(ticks.count.get()).isZero();
		}
	}

	private ConfigurableApplicationContext start(String... args) {
		return new SpringApplicationBuilder(Config.class).web(WebApplicationType.NONE)
			.properties("srsr.registry.url=" + this.registry.url(), "srsr.heartbeat.interval=100ms",
					"spring.main.banner-mode=off")
			.run(args);
	}

	// The threads of this context's scheduler (srsr-1, ...) only: contexts of other tests in the
	// same JVM (Spring's test context cache keeps them open, PIT runs every test in one JVM) have
	// scheduler threads of their own, with the same names.
	private static int srsrThreads(ConfigurableApplicationContext context) {
		return context.getBean(SrsrRegistration.SCHEDULER_BEAN_NAME, ThreadPoolTaskScheduler.class)
			.getScheduledThreadPoolExecutor()
			.getPoolSize();
	}

	@SpringBootConfiguration
	@ImportAutoConfiguration(SrsrAutoConfiguration.class)
	static class Config {

		@Bean
		Ticks ticks() {
			return new Ticks();
		}

	}

	static class Ticks {

		final AtomicInteger count = new AtomicInteger();

		@Scheduled(fixedDelay = 10)
		void tick() {
			this.count.incrementAndGet();
		}

	}

}
