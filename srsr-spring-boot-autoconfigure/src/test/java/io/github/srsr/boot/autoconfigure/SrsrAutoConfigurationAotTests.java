package io.github.srsr.boot.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.github.srsr.boot.actuate.SrsrEndpointAutoConfiguration;
import io.github.srsr.boot.health.SrsrHealthContributorAutoConfiguration;
import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.boot.registration.SrsrRegistrationStatus;
import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.RegisteredInstance;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.Compiled;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;
import org.springframework.mock.env.MockEnvironment;

import static io.github.srsr.testsupport.LeftBehind.assertOnlyDepartureNotices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests that {@link SrsrAutoConfiguration} works ahead of time: processed by Spring AOT without a
 * service name, as an application built without one is, then the generated code compiled and run
 * with its settings in the environment ({@code SRSR_*}), as a deployment sets them. On the JVM:
 * this machine has no GraalVM.
 */
@CompileWithForkedClassLoader
class SrsrAutoConfigurationAotTests {

	@Test
	void processedWithoutServiceNameRegistersUnderTheNameOfTheRunTimeEnvironment() {
		TestGenerationContext generationContext = new TestGenerationContext();
		ClassName initializer = processWithoutServiceName(generationContext);
		// The srsr endpoint's hints, the endpoint being exposed when the application was built.
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(SrsrRegistrationStatus.class)
			.withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).accepts(generationContext.getRuntimeHints());
		// Spring Boot's own processing registers the settings for binding.
		assertThat(RuntimeHintsPredicates.reflection().onType(SrsrProperties.class))
			.accepts(generationContext.getRuntimeHints());
		try (EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.builder().port(0).start()) {
			TestCompiler.forSystem().with(generationContext).compile((compiled) -> {
				GenericApplicationContext runTime = runTime(compiled, initializer,
						Map.of("SRSR_SERVICE_NAME", "aot-check", "SRSR_REGISTRY_URL", registry.url().toString(),
								"SRSR_SERVICE_ADDRESS", "http://10.0.0.5:8080"));
				runTime.refresh();
				try {
					SrsrRegistration registration = runTime.getBean(SrsrRegistration.class);
					runTime.publishEvent(
							new ApplicationReadyEvent(new SpringApplication(), new String[0], runTime, Duration.ZERO));
					Awaitility.await()
						.atMost(Duration.ofSeconds(10))
						.until(() -> registration.getStatus().state() == SrsrRegistrationStatus.State.REGISTERED);
					assertThat(registry.instances("aot-check")).extracting(RegisteredInstance::name).containsExactly("aot-check");
					assertThat(runTime.getBean("srsrHealthIndicator", HealthIndicator.class).health(true).getStatus())
						.isEqualTo(Status.UP);
				}
				finally {
					runTime.close();
				}
				assertOnlyDepartureNotices(registry);
			});
		}
	}

	@Test
	void processedApplicationStillValidatesItsSettingsAtStartUp() {
		TestGenerationContext generationContext = new TestGenerationContext();
		ClassName initializer = processWithoutServiceName(generationContext);
		TestCompiler.forSystem().with(generationContext).compile((compiled) -> {
			GenericApplicationContext runTime = runTime(compiled, initializer,
					Map.of("SRSR_SERVICE_NAME", "aot-check", "SRSR_REGISTRY_URL", "registry.internal:4214"));
			assertThatExceptionOfType(Exception.class).isThrownBy(runTime::refresh)
				.havingRootCause()
				.isInstanceOf(InvalidSrsrPropertiesException.class)
				.withMessageContaining("srsr.registry.url");
		});
	}

	private static ClassName processWithoutServiceName(TestGenerationContext generationContext) {
		AnnotationConfigApplicationContext buildTime = new AnnotationConfigApplicationContext();
		// Nothing of the build machine's environment: no service name, no registry URL.
		buildTime.setEnvironment(new MockEnvironment().withProperty("management.endpoints.web.exposure.include", "srsr"));
		buildTime.register(AotApplication.class);
		ClassName initializer = new ApplicationContextAotGenerator().processAheadOfTime(buildTime, generationContext);
		generationContext.writeGeneratedContent();
		return initializer;
	}

	@SuppressWarnings("unchecked")
	private static GenericApplicationContext runTime(Compiled compiled, ClassName initializer,
			Map<String, Object> environmentVariables) {
		GenericApplicationContext runTime = new GenericApplicationContext();
		// Spring Boot reads a SystemEnvironmentPropertySource named "*-systemEnvironment" as the
		// operating system's environment.
		runTime.getEnvironment()
			.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(
					"test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environmentVariables));
		compiled.getInstance(ApplicationContextInitializer.class, initializer.reflectionName()).initialize(runTime);
		return runTime;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SrsrAutoConfiguration.class, SrsrHealthContributorAutoConfiguration.class,
			SrsrEndpointAutoConfiguration.class })
	static class AotApplication {

	}

}
