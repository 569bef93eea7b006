package io.github.srsr.boot.autoconfigure;

import java.time.Duration;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.client.SrsrInvalidResponseException;
import io.github.srsr.client.SrsrRegistryUnreachableException;
import io.github.srsr.testsupport.TestRegistryTls;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.temporaryRedirect;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code srsr.registry.http-client=spring}: the registry calls go through the HTTP client Spring
 * Boot builds for the application, with srsr's timeouts, SSL bundle and no redirects.
 */
class SrsrHttpClientChoiceTests {

	private static final String ID = "5f1d2c3b-0000-4000-8000-000000000005";

	@RegisterExtension
	static WireMockExtension registry = TestRegistryTls.wireMock();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, SrsrAutoConfiguration.class))
		.withUserConfiguration(JdkClient.class)
		.withPropertyValues("srsr.registry.http-client=spring");

	@Test
	void theApplicationsClientHttpRequestFactoryBuilderMakesTheCalls() {
		registry.stubFor(post("/register").willReturn(okJson("{\"id\":\"" + ID + "\",\"success\":true}")));
		this.contextRunner.withPropertyValues("srsr.registry.url=http://localhost:" + registry.getPort())
			.run((context) -> assertThat(register(context.getBean(SrsrClient.class))).isEqualTo(ID));
		// The JDK's HttpClient says who it is; the starter's own client sends no User-Agent.
		registry.verify(postRequestedFor(urlEqualTo("/register")).withHeader("User-Agent", containing("Java-http-client")));
	}

	@Test
	void theStartersOwnClientIsTheDefault() {
		registry.stubFor(post("/register").willReturn(okJson("{\"id\":\"" + ID + "\",\"success\":true}")));
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, SrsrAutoConfiguration.class))
			.withUserConfiguration(JdkClient.class)
			.withPropertyValues("srsr.registry.url=http://localhost:" + registry.getPort())
			.run((context) -> assertThat(register(context.getBean(SrsrClient.class))).isEqualTo(ID));
		registry.verify(postRequestedFor(urlEqualTo("/register")).withoutHeader("User-Agent"));
	}

	@Test
	void withoutSpringBootsHttpClientSupportTheStartersOwnClientStillRegisters() {
		registry.stubFor(post("/register").willReturn(okJson("{\"id\":\"" + ID + "\",\"success\":true}")));
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, SrsrAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.http.client"))
			.withPropertyValues("srsr.registry.url=http://localhost:" + registry.getPort())
			.run((context) -> assertThat(register(context.getBean(SrsrClient.class))).isEqualTo(ID));
	}

	@Test
	void choosingSpringBootsClientWithoutItsHttpClientSupportStopsStartUpAndSaysWhatToAdd() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.http.client"))
			.withPropertyValues("srsr.registry.url=http://localhost:" + registry.getPort())
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidSrsrPropertiesException.class, (ex) -> assertThat(ex.getProblems())
					.singleElement()
					.satisfies((problem) -> {
						assertThat(problem.description()).isEqualTo("srsr.registry.http-client is 'spring', but "
								+ "Spring Boot's HTTP client support (spring-boot-http-client) is not on the class path.");
						assertThat(problem.action()).contains("Add spring-boot-starter-restclient")
							.contains("remove srsr.registry.http-client (SRSR_REGISTRY_HTTP_CLIENT)");
					})));
	}

	@Test
	void redirectsAreNotFollowed() {
		registry.stubFor(post("/register").willReturn(temporaryRedirect("/elsewhere")));
		registry.stubFor(post("/elsewhere").willReturn(okJson("{\"id\":\"" + ID + "\",\"success\":true}")));
		this.contextRunner.withPropertyValues("srsr.registry.url=http://localhost:" + registry.getPort())
			.run((context) -> assertThatExceptionOfType(SrsrInvalidResponseException.class)
				.isThrownBy(() -> register(context.getBean(SrsrClient.class)))
				.withMessageContaining("with a redirect (302 to /elsewhere)"));
		registry.verify(0, postRequestedFor(urlEqualTo("/elsewhere")));
	}

	@Test
	void theReadTimeoutIsSrsrs() {
		registry.stubFor(post("/register")
			.willReturn(okJson("{\"id\":\"" + ID + "\",\"success\":true}").withFixedDelay(8000)));
		this.contextRunner.withPropertyValues("srsr.registry.url=http://localhost:" + registry.getPort(), "srsr.registry.read-timeout=2s")
			.run((context) -> {
				SrsrClient client = context.getBean(SrsrClient.class);
				long start = System.nanoTime();
				assertThatExceptionOfType(SrsrRegistryUnreachableException.class).isThrownBy(() -> register(client));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3500));
			});
	}

	@Test
	void theSslBundleIsSrsrs() {
		registry.stubFor(post("/register").willReturn(okJson("{\"id\":\"" + ID + "\",\"success\":true}")));
		this.contextRunner
			.withPropertyValues("srsr.registry.url=https://localhost:" + registry.getRuntimeInfo().getHttpsPort(),
					"srsr.registry.ssl.bundle=registry",
					TestRegistryTls.REGISTRY_BUNDLE_PROPERTY)
			.run((context) -> assertThat(register(context.getBean(SrsrClient.class))).isEqualTo(ID));
	}

	private static String register(SrsrClient client) {
		return client.register(new ServiceRegistrationRequest("orders", null, 8080));
	}

	@Configuration(proxyBeanMethods = false)
	static class JdkClient {

		@Bean
		ClientHttpRequestFactoryBuilder<?> clientHttpRequestFactoryBuilder() {
			return ClientHttpRequestFactoryBuilder.jdk();
		}

	}


}
