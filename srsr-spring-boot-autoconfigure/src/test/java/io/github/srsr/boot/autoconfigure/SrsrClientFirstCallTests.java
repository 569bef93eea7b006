package io.github.srsr.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.srsr.boot.SrsrRegistries;
import io.github.srsr.boot.SrsrRegistry;
import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.client.SrsrClientException;
import io.github.srsr.registry.EmbeddedSrsrRegistry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The starter's clients build their HTTP stack at their first call, not while the application
 * starts: what a {@link SrsrRestClientCustomizer} sees of that, and what a call sees when building
 * fails.
 */
class SrsrClientFirstCallTests {

	private final EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.builder().port(0).start();

	private final EmbeddedSrsrRegistry second = EmbeddedSrsrRegistry.builder().port(0).start();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SrsrAutoConfiguration.class))
		.withUserConfiguration(CountingCustomizerConfiguration.class);

	@AfterEach
	void stopRegistries() {
		this.registry.close();
		this.second.close();
	}

	@Test
	void customizersRunAtEachClientsFirstCallAndOnlyThen() {
		this.contextRunner
			.withPropertyValues("srsr.registry.url=" + this.registry.url() + "," + this.second.url())
			.run((context) -> {
				AtomicInteger customized = context.getBean(CountingCustomizerConfiguration.class).customized;
				assertThat(customized).as("customized while the application started").hasValue(0);
				List<SrsrRegistry> registries = context.getBean(SrsrRegistries.class).asList();
				SrsrClient first = registries.get(0).client();
				List<CompletableFuture<String>> calls = new ArrayList<>();
				for (int i = 0; i < 8; i++) {
					calls.add(CompletableFuture.supplyAsync(() -> register(first)));
				}
				calls.forEach((call) -> assertThat(call.join()).isNotBlank());
				assertThat(customized).as("customized for the first registry's 8 concurrent calls").hasValue(1);
				register(registries.get(1).client());
				register(first);
				assertThat(customized).as("customized once more, for the second registry's client").hasValue(2);
			});
	}

	@Test
	void aCustomizerThatFailsFailsTheCallWithItsReasonAndTheNextCallBuildsAgain() {
		this.contextRunner.withPropertyValues("srsr.registry.url=" + this.registry.url(),
				"failing-customizer.failures=1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SrsrClient client = context.getBean(SrsrClient.class);
				assertThatExceptionOfType(SrsrClientException.class).isThrownBy(() -> register(client))
					.withMessageContaining("POST /register")
					.withMessageContaining("the signing key is not there yet");
				assertThat(register(client)).isNotBlank();
				assertThat(this.registry.instances("orders")).hasSize(1);
			});
	}

	private static String register(SrsrClient client) {
		return client.register(new ServiceRegistrationRequest("orders", "http://127.0.0.1:8080", null));
	}

	@Configuration(proxyBeanMethods = false)
	static class CountingCustomizerConfiguration {

		final AtomicInteger customized = new AtomicInteger();

		@Bean
		SrsrRestClientCustomizer countingCustomizer(Environment environment) {
			int failures = environment.getProperty("failing-customizer.failures", Integer.class, 0);
			return (builder) -> {
				if (this.customized.incrementAndGet() <= failures) {
					throw new IllegalStateException("the signing key is not there yet");
				}
			};
		}

	}

}
