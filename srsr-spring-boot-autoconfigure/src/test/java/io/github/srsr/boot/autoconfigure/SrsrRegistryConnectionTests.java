package io.github.srsr.boot.autoconfigure;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.client.SrsrRegistryUnreachableException;
import io.github.srsr.testsupport.TestRegistryTls;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How the starter's client reaches the registry: https with an SSL bundle, basic authentication,
 * and customizers for whatever a proxy in front of the registry needs.
 */
class SrsrRegistryConnectionTests {

	private static final String ID = "5f1d2c3b-0000-4000-8000-000000000004";

	@RegisterExtension
	static WireMockExtension registry = TestRegistryTls.wireMock();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, SrsrAutoConfiguration.class));

	@BeforeEach
	void stubRegistry() {
		registry.stubFor(post("/register").willReturn(okJson("{\"id\":\"" + ID + "\",\"success\":true}")));
	}

	@Test
	void httpsRegistryIsTrustedThroughTheNamedSslBundle() {
		this.contextRunner
			.withPropertyValues("srsr.registry.url=" + httpsUrl(), "srsr.registry.ssl.bundle=registry",
					TestRegistryTls.REGISTRY_BUNDLE_PROPERTY)
			.run((context) -> assertThat(register(context.getBean(SrsrClient.class))).isEqualTo(ID));
	}

	@Test
	void httpsRegistryWithAnUntrustedCertificateIsRefused() {
		// Without a bundle the JDK's trust store decides, and it does not know this self-signed certificate.
		this.contextRunner.withPropertyValues("srsr.registry.url=" + httpsUrl())
			.run((context) -> assertThatExceptionOfType(SrsrRegistryUnreachableException.class)
				.isThrownBy(() -> register(context.getBean(SrsrClient.class)))
				.withMessageContaining("TLS handshake failed")
				.withMessageContaining("unable to find valid certification path"));
		registry.verify(0, postRequestedFor(urlEqualTo("/register")));
	}

	@Test
	void unknownSslBundleStopsStartUp() {
		this.contextRunner.withPropertyValues("srsr.registry.url=" + httpsUrl(), "srsr.registry.ssl.bundle=missing")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidSrsrPropertiesException.class)
				.hasMessageContaining("srsr.registry.ssl.bundle is 'missing', but there is no SSL bundle of that name"));
	}

	@Test
	void userInfoIsSentAsBasicAuthenticationOverHttps() {
		this.contextRunner
			.withPropertyValues("srsr.registry.url=" + httpsUrl().replace("https://", "https://agent:s3cret@"),
					"srsr.registry.ssl.bundle=registry",
					TestRegistryTls.REGISTRY_BUNDLE_PROPERTY)
			.run((context) -> {
				register(context.getBean(SrsrClient.class));
				registry.verify(postRequestedFor(urlEqualTo("/register")).withHeader("Authorization",
						equalTo("Basic YWdlbnQ6czNjcmV0")));
			});
	}

	@Test
	void customizersShapeEveryRequestInOrder() {
		this.contextRunner.withUserConfiguration(SigningConfiguration.class)
			.withPropertyValues("srsr.registry.url=http://localhost:" + registry.getPort())
			.run((context) -> {
				register(context.getBean(SrsrClient.class));
				registry.verify(postRequestedFor(urlEqualTo("/register"))
					.withHeader("X-Registry-Tenant", equalTo("shop"))
					.withHeader("X-Signature", equalTo("signed:{\"name\":\"orders\",\"port\":\"8080\"}|shop")));
			});
	}

	private static String register(SrsrClient client) {
		return client.register(new ServiceRegistrationRequest("orders", null, 8080));
	}

	private static String httpsUrl() {
		return "https://localhost:" + registry.getRuntimeInfo().getHttpsPort();
	}

	@Configuration(proxyBeanMethods = false)
	static class SigningConfiguration {

		@Bean
		@Order(1)
		SrsrRestClientCustomizer tenantHeader() {
			return (builder) -> builder.defaultHeader("X-Registry-Tenant", "shop");
		}

		@Bean
		@Order(2)
		SrsrRestClientCustomizer signature() {
			// Stands in for an HMAC: what matters is that it sees the body and the earlier customizer's header.
			return (builder) -> builder.requestInterceptor((request, body, execution) -> {
				request.getHeaders()
					.set("X-Signature", "signed:" + new String(body) + "|" + request.getHeaders().getFirst("X-Registry-Tenant"));
				return execution.execute(request, body);
			});
		}

	}


}
