package io.github.srsr.client.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.github.srsr.boot.autoconfigure.SrsrAutoConfiguration;
import io.github.srsr.client.RegistryUrl;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.client.SrsrRegistryUnreachableException;
import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.testsupport.TestRegistryTls;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
/**
 * What the starter's request factory ({@link SrsrHttpRequestFactory}) does with WireMock, the
 * embedded registry, a Spring context or a JVM of its own: a dribbled answer ends at the read
 * timeout, sixteen threads share its connections, no TLS class is loaded for an http registry,
 * and an SSL bundle named in the properties is applied. Kept apart from the fast tests of the
 * package, which mutation testing runs (docs/mutation-testing.md).
 */
class SrsrHttpRequestFactoryHeavyTests {




	@RegisterExtension
	static WireMockExtension wireMock = WireMockExtension.newInstance()
		.options(TestRegistryTls.wireMockConfig().gzipDisabled(true))
		.build();


	@Test
	void answerTrickledSlowlyEndsAtTheReadTimeout() {
		// 50 chunks, one every 200 ms: every read gets a byte well within the read timeout, the
		// whole answer would take 10 s.
		wireMock.stubFor(post("/lookup").willReturn(okJson("{\"success\": true, \"padding\": \"" + "x".repeat(5000) + "\"}")
			.withChunkedDribbleDelay(50, 10_000)));
		SrsrHttpRequestFactoryTests.assertLookupEndsAtTheReadTimeout("http://localhost:" + wireMock.getPort());
	}

	@Test
	void sixteenThreadsShareConnectionsWithoutAFailedCall() throws Exception {
		try (EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.start()) {
			SrsrHttpRequestFactory factory = new SrsrHttpRequestFactory(Duration.ofSeconds(2), Duration.ofSeconds(5),
					null);
			SrsrClient client = new RestClientSrsrClient(RegistryUrl.of(registry.url().toString()),
					RestClient.builder().requestFactory(factory));
			client.register(new ServiceRegistrationRequest("svc", "http://10.0.0.5:8080", null));
			AtomicInteger failures = new AtomicInteger();
			ExecutorService executor = Executors.newFixedThreadPool(16);
			try {
				List<Future<?>> calls = new ArrayList<>();
				for (int thread = 0; thread < 16; thread++) {
					calls.add(executor.submit(() -> {
						for (int i = 0; i < 200; i++) {
							try {
								assertThat(client.lookup("svc")).isPresent();
							}
							catch (RuntimeException ex) {
								failures.incrementAndGet();
							}
						}
					}));
				}
				for (Future<?> call : calls) {
					call.get(60, TimeUnit.SECONDS);
				}
			}
			finally {
				executor.shutdownNow();
			}
			assertThat(failures).hasValue(0);
			assertThat(factory.idleConnections()).isBetween(1, SrsrHttpRequestFactory.MAX_IDLE_PER_AUTHORITY);
		}
	}

	@Test
	void noTlsClassIsLoadedForAnHttpRegistry(@TempDir Path temp) throws Exception {
		try (ScriptedHttpServer server = new ScriptedHttpServer(ScriptedHttpServer.Behaviour.ANSWER)) {
			List<String> http = classesLoadedByClientFor(server.url(), temp.resolve("http.log"));
			assertThat(http).as("classes loaded").contains(SrsrHttpRequestFactory.class.getName());
			assertThat(http).as("TLS classes loaded for an http registry").noneMatch(SrsrHttpRequestFactoryHeavyTests::isTls);
		}
		// The same check sees them for an https registry (none listens there: the client still
		// gets ready for TLS before it connects).
		String https = "https://127.0.0.1:" + freePort();
		assertThat(classesLoadedByClientFor(https, temp.resolve("https.log"))).anyMatch(SrsrHttpRequestFactoryHeavyTests::isTls);
	}

	@Test
	void httpsRegistryWhoseCertificateNamesAnotherHostIsRefused() {
		wireMock.stubFor(post("/register").willReturn(okJson("{\"id\":\"i-1\",\"success\":true}")));
		// The test certificate is for localhost and 127.0.0.1; 127.0.0.2 reaches the same server.
		String url = "https://127.0.0.2:" + wireMock.getRuntimeInfo().getHttpsPort();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, SrsrAutoConfiguration.class))
			.withPropertyValues("srsr.registry.url=" + url, "srsr.registry.ssl.bundle=registry",
					TestRegistryTls.REGISTRY_BUNDLE_PROPERTY)
			.run((context) -> assertThatExceptionOfType(SrsrRegistryUnreachableException.class)
				.isThrownBy(() -> context.getBean(SrsrClient.class)
					.register(new ServiceRegistrationRequest("orders", null, 8080)))
				.withMessageContaining("TLS handshake failed")
				.withMessageContaining("127.0.0.2"));
	}

	@Test
	void sslBundleProtocolsAreApplied() {
		wireMock.stubFor(post("/register").willReturn(okJson("{\"id\":\"i-1\",\"success\":true}")));
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, SrsrAutoConfiguration.class))
			.withPropertyValues("srsr.registry.url=https://localhost:" + wireMock.getRuntimeInfo().getHttpsPort(),
					"srsr.registry.ssl.bundle=registry",
					TestRegistryTls.REGISTRY_BUNDLE_PROPERTY);
		runner.withPropertyValues("spring.ssl.bundle.pem.registry.options.enabled-protocols=TLSv1.2")
			.run((context) -> assertThat(context.getBean(SrsrClient.class)
				.register(new ServiceRegistrationRequest("orders", null, 8080))).isEqualTo("i-1"));
		// Only a protocol the JDK has disabled: no handshake is possible, so the bundle's options are used.
		runner.withPropertyValues("spring.ssl.bundle.pem.registry.options.enabled-protocols=TLSv1")
			.run((context) -> assertThatExceptionOfType(SrsrRegistryUnreachableException.class)
				.isThrownBy(() -> context.getBean(SrsrClient.class)
					.register(new ServiceRegistrationRequest("orders", null, 8080)))
				.withMessageContaining("TLS handshake failed"));
	}

	private static boolean isTls(String className) {
		return className.startsWith("sun.security.ssl.") || className.startsWith("javax.net.ssl.");
	}

	/**
	 * Run {@link TlsFreeClient} in a JVM of its own against the URL and return the names of the
	 * classes that JVM loaded.
	 */
	private static List<String> classesLoadedByClientFor(String url, Path log) throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-Xlog:class+load=info:file=" + log, "-cp",
				System.getProperty("java.class.path"), TlsFreeClient.class.getName(), url)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("done");
		List<String> classes = new ArrayList<>();
		for (String line : Files.readAllLines(log)) {
			int source = line.indexOf(" source: ");
			if (source > 0) {
				classes.add(line.substring(line.lastIndexOf(' ', source - 1) + 1, source));
			}
		}
		return classes;
	}

	private static int freePort() throws IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
