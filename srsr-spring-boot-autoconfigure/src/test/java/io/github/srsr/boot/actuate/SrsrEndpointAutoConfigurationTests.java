package io.github.srsr.boot.actuate;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.srsr.boot.autoconfigure.SrsrAutoConfiguration;
import io.github.srsr.boot.actuate.SrsrEndpointAutoConfiguration;
import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.boot.registration.SrsrRegistrationStatus;
import io.github.srsr.boot.actuate.SrsrEndpoint;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SrsrEndpointAutoConfiguration}: the {@code srsr} endpoint exists when the
 * actuator is present, the starter is enabled and the endpoint is available.
 */
class SrsrEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SrsrAutoConfiguration.class, SrsrEndpointAutoConfiguration.class,
				EndpointAutoConfiguration.class))
		.withPropertyValues("srsr.service.name=orders");

	@Test
	void exposedEndpointIsCreated() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=srsr")
			.run((context) -> assertThat(context).hasSingleBean(SrsrEndpoint.class));
	}

	@Test
	void endpointThatIsNotExposedIsNotCreated() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SrsrRegistration.class);
			assertThat(context).doesNotHaveBean(SrsrEndpoint.class);
		});
	}

	@Test
	void endpointWithoutAccessIsNotCreated() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=srsr", "management.endpoint.srsr.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(SrsrEndpoint.class));
	}

	@Test
	void withoutServiceNameTheEndpointShowsAnInactiveRegistration() {
		// The service name is read at run time, so the endpoint exists whatever it is.
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SrsrAutoConfiguration.class,
					SrsrEndpointAutoConfiguration.class, EndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=srsr")
			.run((context) -> {
				SrsrEndpoint.RegistrationBody body = context.getBean(SrsrEndpoint.class).registration();
				SrsrRegistrationStatus status = body.status();
				assertThat(status.state()).isEqualTo(SrsrRegistrationStatus.State.NOT_ATTEMPTED);
				assertThat(status.inactive()).isEqualTo("no service name");
				assertThat(status.serviceName()).isNull();
				JsonNode json = JsonMapper.builder().build().readTree(JsonMapper.builder().build().writeValueAsString(body));
				assertThat(json.get("state").stringValue()).isEqualTo("NOT_ATTEMPTED");
				assertThat(json.get("inactive").stringValue()).isEqualTo("no service name");
			});
	}

	@Test
	void disabledStarterHasNoEndpoint() {
		this.contextRunner.withPropertyValues("srsr.enabled=false", "management.endpoints.web.exposure.include=srsr")
			.run((context) -> assertThat(context).doesNotHaveBean(SrsrEndpoint.class));
	}

	@Test
	void withoutActuatorThereIsNoEndpointButRegistrationWorks() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SrsrAutoConfiguration.class, SrsrEndpointAutoConfiguration.class))
			.withPropertyValues("srsr.service.name=orders", "management.endpoints.web.exposure.include=srsr")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(SrsrRegistration.class);
				assertThat(context).doesNotHaveBean(SrsrEndpoint.class);
			});
	}

	@Test
	void userDefinedEndpointWins() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=srsr")
			.withUserConfiguration(CustomEndpointConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(SrsrEndpoint.class);
				assertThat(context.getBean(SrsrEndpoint.class)).isSameAs(context.getBean("customSrsrEndpoint"));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomEndpointConfiguration {

		@Bean
		SrsrEndpoint customSrsrEndpoint(SrsrRegistration registration) {
			return new SrsrEndpoint(registration);
		}

	}

}
