package io.github.srsr.boot.registration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.RegisteredInstance;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.reactor.netty.NettyWebServer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static io.github.srsr.testsupport.LeftBehind.assertOnlyDepartureNotices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter in the three kinds of application: reactive (Netty), servlet and non-web.
 */
@ExtendWith(OutputCaptureExtension.class)
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
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(port, "/actuator/health/srsr"))
			.contains("\"status\":\"UP\""));

		this.context.close();

		assertOnlyDepartureNotices(this.registry);
	}

	@Test
	void servletApplicationRegistersTheBoundPort() {
		this.context = start(WebApplicationType.SERVLET);
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		assertThat(awaitInstance().address()).isEqualTo("http://127.0.0.1:" + port);
	}

	@Test
	void servletApplicationWithAnAddressWithAPathRegistersTheBoundPortBeforeThePath() {
		this.context = start(WebApplicationType.SERVLET, "srsr.service.address=http://10.0.0.5/ctx");
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		// Not http://10.0.0.5/ctx:<port>, as srsr makes of an address with a port sent on its own.
		assertThat(awaitInstance().address()).isEqualTo("http://10.0.0.5:" + port + "/ctx");
	}

	@Test
	void servletApplicationClosingSaysItIsShuttingDownAndReleasesEveryIdItHeld(CapturedOutput output) {
		this.context = start(WebApplicationType.SERVLET);
		String id = awaitInstance().id();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.registry.instances("inventory" + LookupHealing.GENERATION_SUFFIX).size() == 1);

		// As on Ctrl-C or SIGTERM: the web server's context turns its readiness to refusing traffic
		// as it begins to close.
		this.context.close();

		assertThat(output).contains("Deregistered 'inventory' (instance " + id + ") from srsr registry "
				+ this.registry.url() + " (the application is shutting down), with the other id it held there: its "
				+ "marker id under 'inventory#srsr-generation'").doesNotContain("REFUSING_TRAFFIC");
		assertOnlyDepartureNotices(this.registry);
	}

	@Test
	void nonWebApplicationRegistersItsExplicitAddress(CapturedOutput output) {
		this.context = start(WebApplicationType.NONE, "srsr.service.address=http://10.0.0.5:9000");
		assertThat(awaitInstance().address()).isEqualTo("http://10.0.0.5:9000");
		this.context.close();
		assertOnlyDepartureNotices(this.registry);
		assertThat(output).doesNotContain("without a port");
	}

	@Test
	void nonWebApplicationWithNeitherAddressNorPortIsRegisteredWithoutAPortAndWarnedOfOnce(CapturedOutput output) {
		this.context = start(WebApplicationType.NONE);
		assertThat(awaitInstance().address()).isEqualTo("http://127.0.0.1");
		assertThat(output).containsOnlyOnce("srsr registers 'inventory' as http://<caller ip>, without a port")
			.contains("neither srsr.service.address (SRSR_SERVICE_ADDRESS) nor srsr.service.port (SRSR_SERVICE_PORT)");
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
