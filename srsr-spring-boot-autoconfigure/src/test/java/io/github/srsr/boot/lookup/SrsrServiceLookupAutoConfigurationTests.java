package io.github.srsr.boot.lookup;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.github.srsr.boot.CustomClientConfiguration;
import io.github.srsr.boot.autoconfigure.SrsrAutoConfiguration;
import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the lookup bean of {@link SrsrAutoConfiguration}: when it exists, how
 * {@code srsr.lookup.*} binds, and how invalid settings stop start-up.
 */
class SrsrServiceLookupAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SrsrAutoConfiguration.class));

	@Test
	void lookupIsAvailableWithoutAServiceNameOfOnesOwn() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SrsrServiceLookup.class);
			assertThat(context).hasSingleBean(DefaultSrsrServiceLookup.class);
			assertThat(context).hasBean("srsrServiceLookup");
		});
	}

	@Test
	void lookupIsAvailableAlongsideTheRegistration() {
		this.contextRunner.withPropertyValues("srsr.service.name=orders")
			.run((context) -> assertThat(context).hasSingleBean(SrsrServiceLookup.class));
	}

	@Test
	void disabledStarterHasNoLookup() {
		this.contextRunner.withPropertyValues("srsr.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SrsrServiceLookup.class));
	}

	@Test
	void disabledStarterIgnoresInvalidLookupSettings() {
		this.contextRunner.withPropertyValues("srsr.enabled=false", "srsr.lookup.cache-max-size=0")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void userDefinedLookupWins() {
		this.contextRunner.withUserConfiguration(CustomLookupConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SrsrServiceLookup.class);
			assertThat(context).doesNotHaveBean(DefaultSrsrServiceLookup.class);
			assertThat(context.getBean(SrsrServiceLookup.class).lookup("anything"))
				.contains(URI.create("http://fixed:1"));
		});
	}

	@Test
	void userDefinedClientIsUsedForLookups() {
		this.contextRunner.withUserConfiguration(CustomClientConfiguration.class)
			.run((context) -> assertThat(context.getBean(SrsrServiceLookup.class).lookup("orders"))
				.contains(URI.create("http://from-custom-client:8080")));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomLookupConfiguration {

		@Bean
		SrsrServiceLookup customLookup() {
			return (name) -> Optional.of(URI.create("http://fixed:1"));
		}

	}

}
