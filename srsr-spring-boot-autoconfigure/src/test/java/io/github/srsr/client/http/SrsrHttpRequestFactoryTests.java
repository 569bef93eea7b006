package io.github.srsr.client.http;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.srsr.client.RegistryUrl;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.client.SrsrRegistryUnreachableException;
import io.github.srsr.testsupport.TestRegistryTls;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
/**
 * What the starter's request factory ({@link SrsrHttpRequestFactory}) does on the wire, against
 * raw sockets: one write per request, connections reused only between calls in quick
 * succession, no thread started, timeouts that end a call at the read timeout, and the SSL
 * bundle's host name check and options applied. What needs WireMock, the embedded registry, a
 * Spring context or a JVM of its own is in {@link SrsrHttpRequestFactoryHeavyTests}.
 */
class SrsrHttpRequestFactoryTests {


	/** The read timeout of the tests whose registry stalls. */
	private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * What a call that ends at the read timeout may take beyond it on a busy machine: less than
	 * the read timeout, so that a call that waited for two timeouts still fails.
	 */
	private static final Duration SLACK = Duration.ofMillis(1500);


	@Test
	void requestHeadAndBodyReachTheServerInOneWrite() {
		try (ScriptedHttpServer server = new ScriptedHttpServer(ScriptedHttpServer.Behaviour.ANSWER)) {
			SrsrClient client = client(server.url(), Duration.ofSeconds(5));
			for (int i = 0; i < 5; i++) {
				client.lookup("svc");
			}
			assertThat(server.requests()).hasSize(5).allSatisfy((request) -> {
				assertThat(request.inOneRead()).as("head and body in the server's first read").isTrue();
				assertThat(request.head()).startsWith("POST /lookup HTTP/1.1\r\n")
					.contains("\r\nHost: 127.0.0.1:")
					.contains("\r\nContent-Type: application/json\r\n")
					.contains("\r\nContent-Length: 14\r\n")
					.doesNotContainIgnoringCase("Accept-Encoding")
					.doesNotContainIgnoringCase("Transfer-Encoding");
				assertThat(request.body()).isEqualTo("{\"name\":\"svc\"}");
			});
		}
	}

	@Test
	void callsInQuickSuccessionShareOneConnection() {
		try (ScriptedHttpServer server = new ScriptedHttpServer(ScriptedHttpServer.Behaviour.ANSWER)) {
			SrsrClient client = client(server.url(), Duration.ofSeconds(5));
			for (int i = 0; i < 10; i++) {
				client.lookup("svc");
			}
			// The first call, with no recent one before it, does not keep its connection; the
			// nine that follow it closely share one.
			assertThat(server.requests().get(0).head()).contains("\r\nConnection: close\r\n");
			assertThat(server.requests().subList(1, 10))
				.allSatisfy((request) -> assertThat(request.head()).doesNotContain("Connection: close"));
			assertThat(server.connections()).isEqualTo(2);
		}
	}

	@Test
	void callsFurtherApartThanTheIdleTimeoutKeepNoConnectionOpen() {
		try (ScriptedHttpServer server = new ScriptedHttpServer(ScriptedHttpServer.Behaviour.ANSWER)) {
			SrsrHttpRequestFactory factory = new SrsrHttpRequestFactory(Duration.ofSeconds(2), Duration.ofSeconds(5),
					null, Duration.ofMillis(200));
			SrsrClient client = new RestClientSrsrClient(RegistryUrl.of(server.url()),
					RestClient.builder().requestFactory(factory));
			for (int i = 0; i < 3; i++) {
				client.lookup("svc");
				assertThat(factory.idleConnections()).isZero();
				// Past the idle timeout, as heartbeats are.
				await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> true);
			}
			assertThat(server.requests())
				.allSatisfy((request) -> assertThat(request.head()).contains("\r\nConnection: close\r\n"));
			assertThat(server.connections()).isEqualTo(3);
		}
	}

	@Test
	void callsInSteadySuccessionShareOneConnectionLongerThanTheIdleTimeout() {
		try (ScriptedHttpServer server = new ScriptedHttpServer(ScriptedHttpServer.Behaviour.ANSWER)) {
			SrsrHttpRequestFactory factory = new SrsrHttpRequestFactory(Duration.ofSeconds(2), Duration.ofSeconds(5),
					null, Duration.ofSeconds(1));
			SrsrClient client = new RestClientSrsrClient(RegistryUrl.of(server.url()),
					RestClient.builder().requestFactory(factory));
			long end = System.nanoTime() + Duration.ofMillis(2500).toNanos();
			while (System.nanoTime() < end) {
				client.lookup("svc");
				// Well within the idle timeout of one second, even on a busy machine.
				await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> true);
			}
			// Each call finds the one before it recent: only the first asks to close its connection.
			assertThat(server.requests().subList(1, server.requests().size()))
				.allSatisfy((request) -> assertThat(request.head()).doesNotContain("Connection: close"));
			assertThat(server.connections()).isEqualTo(2);
		}
	}

	@Test
	void connectionTheServerClosedWhileIdleIsNotUsedAgain() {
		try (ScriptedHttpServer server = new ScriptedHttpServer(ScriptedHttpServer.Behaviour.ANSWER_THEN_DROP)) {
			SrsrClient client = client(server.url(), Duration.ofSeconds(5));
			for (int i = 1; i <= 10; i++) {
				assertThat(client.lookup("svc")).isPresent();
				int served = i;
				// The server has closed the connection it answered on (without saying it would).
				await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionsClosed() >= served);
			}
			assertThat(server.connections()).isEqualTo(10);
		}
	}

	@Test
	void silentRegistryEndsTheCallAtTheReadTimeout() {
		try (ScriptedHttpServer server = new ScriptedHttpServer(ScriptedHttpServer.Behaviour.SILENT)) {
			assertLookupEndsAtTheReadTimeout(server.url());
		}
	}

	@Test
	void callsStartNoThread() {
		try (ScriptedHttpServer server = new ScriptedHttpServer(ScriptedHttpServer.Behaviour.ANSWER)) {
			Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
			SrsrClient client = client(server.url(), Duration.ofSeconds(5));
			for (int i = 0; i < 50; i++) {
				client.lookup("svc");
			}
			List<String> started = Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter((thread) -> !before.contains(thread))
				.map(Thread::getName)
				.filter((name) -> !name.startsWith("scripted-http"))
				.toList();
			assertThat(started).isEmpty();
		}
	}

	@Test
	void answerToAHeadRequestHasNoBodyWhateverItsContentLength() {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(false, (number, request, out) -> {
			if (request.head().startsWith("HEAD ")) {
				out.write(ScriptedHttpServer.ascii("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n"));
				return true;
			}
			return SrsrHttpWireTests.answer(number, request, out);
		})) {
			RestClient client = RestClient.builder()
				.requestFactory(new SrsrHttpRequestFactory(Duration.ofSeconds(5), Duration.ofSeconds(5), null))
				.baseUrl(server.url())
				.build();
			for (int i = 0; i < 2; i++) {
				assertThat(client.head().uri("/").retrieve().toBodilessEntity().getHeaders().getContentLength())
					.isEqualTo(50);
			}
			assertThat(client.post().uri("/lookup").retrieve().body(String.class)).isEqualTo(ScriptedHttpServer.ownBody(3));
			// The first request asked to close its connection; the second and third shared one.
			assertThat(server.connections()).isEqualTo(2);
		}
	}

	@Test
	void requestHeadersAreSentAsGivenExceptTheFramingOnesWhichTheFactoryWrites() {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(false, SrsrHttpWireTests::answer)) {
			RestClient client = restClient(server);
			String answer = client.post()
				.uri("/lookup?x=1")
				.header("X-Odd!~", "a\tb")
				.header("X-Empty", "")
				.header("Host", "registry.example")
				.header("Content-Length", "999")
				.header("Transfer-Encoding", "chunked")
				.header("Connection", "upgrade")
				.header("Keep-Alive", "timeout=5")
				.header("Upgrade", "h2c")
				.header("TE", "trailers")
				.body("{}")
				.retrieve()
				.body(String.class);
			assertThat(answer).isEqualTo(ScriptedHttpServer.ownBody(1));
			assertThat(server.requests()).singleElement().satisfies((request) -> {
				assertThat(request.head()).startsWith("POST /lookup?x=1 HTTP/1.1\r\n")
					.contains("\r\nX-Odd!~: a\tb\r\n")
					.contains("\r\nX-Empty: \r\n")
					.contains("\r\nHost: registry.example\r\n")
					.contains("\r\nContent-Length: 2\r\n")
					.contains("\r\nConnection: close\r\n")
					.doesNotContain("Host: 127.0.0.1", "999", "chunked", "upgrade", "timeout=5", "h2c", "trailers");
				assertThat(request.body()).isEqualTo("{}");
			});
		}
	}

	@Test
	void onlyMethodsWithABodySayItsLength() {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(false, SrsrHttpWireTests::answer)) {
			RestClient client = restClient(server);
			client.get().uri("/a").retrieve().toBodilessEntity();
			client.delete().uri("/b").retrieve().toBodilessEntity();
			client.put().uri("/c").retrieve().toBodilessEntity();
			client.patch().uri("/d").retrieve().toBodilessEntity();
			client.post().uri("/e").retrieve().toBodilessEntity();
			client.method(org.springframework.http.HttpMethod.DELETE).uri("/f").body("{}").retrieve().toBodilessEntity();
			assertThat(server.requests()).extracting(ScriptedHttpServer.Received::head)
				.satisfiesExactly((head) -> assertThat(head).startsWith("GET /a ").doesNotContain("Content-Length"),
						(head) -> assertThat(head).startsWith("DELETE /b ").doesNotContain("Content-Length"),
						(head) -> assertThat(head).startsWith("PUT /c ").contains("\r\nContent-Length: 0\r\n"),
						(head) -> assertThat(head).startsWith("PATCH /d ").contains("\r\nContent-Length: 0\r\n"),
						(head) -> assertThat(head).startsWith("POST /e ").contains("\r\nContent-Length: 0\r\n"),
						(head) -> assertThat(head).startsWith("DELETE /f ").contains("\r\nContent-Length: 2\r\n"));
		}
	}

	@Test
	void headerThatWouldCorruptTheRequestFailsTheCallBeforeAnythingIsSent() {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(false, SrsrHttpWireTests::answer)) {
			RestClient client = restClient(server);
			for (String name : List.of("X A", "X\u007fA", "X\u0080A", "X(A", "X:A", "")) {
				assertThatExceptionOfType(ResourceAccessException.class)
					.isThrownBy(() -> client.post().uri("/lookup").header(name, "v").retrieve().toBodilessEntity())
					.withMessageContaining(name.isEmpty() ? "empty header name" : "invalid header name '" + name + "'");
			}
			for (String value : List.of("a\rb", "a\nb", "a\0b")) {
				assertThatExceptionOfType(ResourceAccessException.class)
					.isThrownBy(() -> client.post().uri("/lookup").header("X-V", value).retrieve().toBodilessEntity())
					.withMessageContaining("invalid character in the value of header 'X-V'");
			}
			assertThat(server.requests()).isEmpty();
			assertThat(client.post().uri("/lookup").retrieve().body(String.class))
				.isEqualTo(ScriptedHttpServer.ownBody(1));
		}
	}

	@Test
	void onlyHttpAndHttpsUrlsAreCalled() {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(false, SrsrHttpWireTests::answer)) {
			RestClient client = RestClient.builder()
				.requestFactory(new SrsrHttpRequestFactory(Duration.ofSeconds(5), Duration.ofSeconds(5), null))
				.build();
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client.get().uri(java.net.URI.create("ftp://127.0.0.1/x")).retrieve().toBodilessEntity())
				.withMessageContaining("not an http or https URL");
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client.get().uri(java.net.URI.create("x/y")).retrieve().toBodilessEntity())
				.withMessageContaining("not an http or https URL");
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client.get().uri(java.net.URI.create("http:/x")).retrieve().toBodilessEntity())
				.withMessageContaining("URL without a host");
			// The scheme in capitals is the same scheme.
			assertThat(client.post().uri(java.net.URI.create(server.url().replace("http:", "HTTP:") + "/lookup"))
				.retrieve()
				.body(String.class)).isEqualTo(ScriptedHttpServer.ownBody(1));
		}
	}

	@Test
	void answerWhoseBodyIsNotReadHasItsConnectionClosed() {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(false, SrsrHttpWireTests::answer)) {
			RestClient client = restClient(server);
			assertThat(client.post().uri("/lookup").retrieve().body(String.class)).isEqualTo(ScriptedHttpServer.ownBody(1));
			// The first call asked to close its connection, the second keeps it, but does not read its body.
			Integer status = client.post().uri("/lookup").exchange((request, response) -> response.getStatusCode().value());
			assertThat(status).isEqualTo(200);
			await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionsClosed() >= 2);
			assertThat(client.post().uri("/lookup").retrieve().body(String.class)).isEqualTo(ScriptedHttpServer.ownBody(3));
			assertThat(server.connections()).isEqualTo(3);
		}
	}

	@Test
	void reasonPhraseOfAnErrorAnswerReachesTheCaller() {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(false, (number, request, out) -> {
			out.write(ScriptedHttpServer.ascii("HTTP/1.1 418 I'm a teapot \t\r\nContent-Length: 0\r\n\r\n"));
			return true;
		})) {
			assertThatExceptionOfType(HttpClientErrorException.class)
				.isThrownBy(() -> restClient(server).post().uri("/lookup").retrieve().toBodilessEntity())
				.satisfies((ex) -> assertThat(ex.getStatusText()).isEqualTo("I'm a teapot"));
		}
	}

	private static RestClient restClient(ScriptedHttpServer server) {
		return RestClient.builder()
			.requestFactory(new SrsrHttpRequestFactory(Duration.ofSeconds(5), Duration.ofSeconds(5), null))
			.baseUrl(server.url())
			.build();
	}

	@Test
	void httpsRegistryWhoseCertificateNamesAnotherHostIsRefused() throws Exception {
		// The test certificate is for localhost and 127.0.0.1, not 127.0.0.2.
		try (ScriptedHttpServer server = ScriptedHttpServer.start(InetAddress.getByName("127.0.0.2"), true,
				SrsrHttpWireTests::answer)) {
			SrsrClient client = tlsClient(server.url(), TestRegistryTls.trust());
			assertThatExceptionOfType(SrsrRegistryUnreachableException.class).isThrownBy(() -> client.lookup("svc"))
				.withMessageContaining("TLS handshake failed")
				.withMessageContaining("127.0.0.2");
			assertThat(server.requests()).isEmpty();
		}
	}

	@Test
	void sslBundleProtocolsAndCiphersAreApplied() {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(true, SrsrHttpWireTests::answer)) {
			assertThat(tlsClient(server.url(), trust(SslOptions.of(null, new String[] { "TLSv1.2" }))).lookup("svc"))
				.isPresent();
			assertThat(tlsClient(server.url(),
					trust(SslOptions.of(new String[] { "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" }, null)))
				.lookup("svc")).isPresent();
			// Only a protocol, or only a cipher, the JDK has disabled: no handshake is possible, so
			// the bundle's options are used.
			assertThatExceptionOfType(SrsrRegistryUnreachableException.class)
				.isThrownBy(() -> tlsClient(server.url(), trust(SslOptions.of(null, new String[] { "TLSv1" })))
					.lookup("svc"))
				.withMessageContaining("TLS handshake failed");
			assertThatExceptionOfType(SrsrRegistryUnreachableException.class)
				.isThrownBy(() -> tlsClient(server.url(), trust(SslOptions.of(new String[] { "TLS_RSA_WITH_NULL_SHA256" },
						null))).lookup("svc"))
				.withMessageContaining("TLS handshake failed");
			assertThat(server.requests()).hasSize(2);
		}
	}

	private static SslBundle trust(SslOptions options) {
		return SslBundle.of(TestRegistryTls.trust().getStores(), null, options);
	}

	private static SrsrClient tlsClient(String url, SslBundle trust) {
		return new RestClientSrsrClient(RegistryUrl.of(url),
				SrsrRestClientBuilders.create(Duration.ofSeconds(5), Duration.ofSeconds(5), trust));
	}

	/**
	 * A lookup from a client with {@link #READ_TIMEOUT} fails as unreachable at that timeout,
	 * within {@link #SLACK} after it.
	 */
	static void assertLookupEndsAtTheReadTimeout(String url) {
		SrsrClient client = client(url, READ_TIMEOUT);
		long start = System.nanoTime();
		assertThatExceptionOfType(SrsrRegistryUnreachableException.class).isThrownBy(() -> client.lookup("svc"))
			.withMessageContaining("no answer within the read timeout");
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(elapsed).isGreaterThanOrEqualTo(READ_TIMEOUT).isLessThan(READ_TIMEOUT.plus(SLACK));
	}

	static SrsrClient client(String url, Duration readTimeout) {
		return new RestClientSrsrClient(RegistryUrl.of(url), SrsrRestClientBuilders.create(Duration.ofSeconds(2),
				readTimeout));
	}

}
