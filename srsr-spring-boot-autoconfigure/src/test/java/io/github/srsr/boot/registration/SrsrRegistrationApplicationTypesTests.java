package io.github.srsr.boot.registration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.RegisteredInstance;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.reactor.netty.NettyWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter in the three kinds of application: reactive (Netty), servlet and non-web.
 */
class SrsrRegistrationApplicationTypesTests {

	private final EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.builder().timeout(Duration.ofSeconds(30)).start();

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
		this.registry.stop();
	}

	@Test
	void webFluxApplicationRegistersThePortNettyBoundShowsHealthAndDeregistersOnClose() throws Exception {
		this.context = start(WebApplicationType.REACTIVE);
		WebServerApplicationContext web = (WebServerApplicationContext) this.context;
		assertThat(web.getWebServer()).isInstanceOf(NettyWebServer.class);
		int port = web.getWebServer().getPort();
		assertThat(awaitInstance().address()).isEqualTo("http://127.0.0.1:" + port);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(get(port, "/actuator/health/srsr"))
			.contains("\"status\":\"UP\""));

		this.context.close();

		assertThat(this.registry.instances()).isEmpty();
	}

	@Test
	void servletApplicationRegistersTheBoundPort() {
		this.context = start(WebApplicationType.SERVLET);
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		assertThat(awaitInstance().address()).isEqualTo("http://127.0.0.1:" + port);
	}

	@Test
	void nonWebApplicationRegistersItsExplicitAddress() {
		this.context = start(WebApplicationType.NONE, "srsr.service.address=http://10.0.0.5:9000");
		assertThat(awaitInstance().address()).isEqualTo("http://10.0.0.5:9000");
		this.context.close();
		assertThat(this.registry.instances()).isEmpty();
	}

	private ConfigurableApplicationContext start(WebApplicationType type, String... properties) {
		return new SpringApplicationBuilder(TestApplication.class).web(type)
			.properties("server.port=0", "spring.application.name=inventory", "srsr.registry.url=" + this.registry.url(),
					"srsr.heartbeat.interval=200ms", "management.endpoint.health.show-details=always",
					"spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

	private RegisteredInstance awaitInstance() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.instances("inventory").size() == 1);
		RegisteredInstance instance = this.registry.instances("inventory").get(0);
		assertThat(instance.name()).isEqualTo("inventory");
		return instance;
	}

	private static String get(int port, String path) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		return response.body();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
