package io.github.srsr.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.srsr.client.http.SrsrRestClientBuilders;
import io.github.srsr.client.RestClientSrsrClientContractTests.Endpoint;
import io.github.srsr.testsupport.TestRegistryTls;

import org.springframework.boot.ssl.SslBundle;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * How {@link RestClientSrsrClient} describes a registry it cannot talk to: the reason in the
 * message is what an operator acts on (start the registry, fix the host name, open the firewall,
 * trust the certificate), so each kind of failure must be named for what it is and never for
 * another kind. Real sockets and real HTTP throughout; the client is built as the
 * auto-configuration builds it.
 */
class RestClientSrsrClientFailureDescriptionTests {

	private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

	/**
	 * Longer than the connect timeout, as with the starter's defaults (2 s and 5 s): the JDK's
	 * HttpClient runs the read timeout from the start of the request, connecting and the TLS
	 * handshake included, so a shorter one would end a hanging connect before the connect timeout
	 * does (and a cold TLS handshake on a busy machine can take longer than a few hundred ms).
	 */
	private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

	private static final String ID = "3f0b8a4e-6c1d-4b9e-9f2a-7d5c8e1a2b3c";

	/**
	 * The JDK's HttpClient counts the TLS handshake against the connect timeout (a slow handshake
	 * reads "connect timed out"): https calls get a patient one, since a handshake on a busy
	 * machine can take longer than the short connect timeout of the other tests. A refused
	 * certificate fails the handshake at once, whatever the timeout.
	 */
	private static final Duration TLS_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private static WireMockServer wireMock;

	@BeforeAll
	static void startRegistry() {
		// Serves http and https; the https side presents a self-signed certificate (CN=localhost)
		// that the JDK's default trust store does not know.
		wireMock = new WireMockServer(TestRegistryTls.wireMockConfig().gzipDisabled(true));
		wireMock.start();
		warmUpTls();
	}

	/**
	 * The first TLS handshake of a JVM builds its default TLS context (hundreds of classes): make
	 * it once, patiently, so that no test's timeout measures it.
	 */
	private static void warmUpTls() {
		RestClientSrsrClient patient = new RestClientSrsrClient(RegistryUrl.of(httpsUrl()),
				SrsrRestClientBuilders.create(Duration.ofSeconds(10), Duration.ofSeconds(10)));
		catchThrowable(() -> patient.heartbeat(ID));
	}

	@AfterAll
	static void stopRegistry() {
		wireMock.stop();
	}

	@BeforeEach
	void resetRegistry() {
		wireMock.resetAll();
	}

	// ---------------------------------------------------------------- connect timeout

	@Nested
	class ConnectTimeout {

		@Test
		void registryThatNeverCompletesTheConnectionIsDescribedAsConnectTimedOut() throws IOException {
			try (UnacceptingServer server = UnacceptingServer.start()) {
				String url = "http://127.0.0.1:" + server.port();
				SrsrRegistryUnreachableException ex = assertTimeoutPreemptively(CONNECT_TIMEOUT.plusSeconds(2),
						() -> Endpoint.HEARTBEAT.fails(client(url), SrsrRegistryUnreachableException.class));
				assertThat(ex.getMessage()).contains("connect timed out")
					.contains("POST /heartbeat")
					.contains(url)
					.doesNotContain("connection refused")
					.doesNotContain("read timeout");
			}
		}

		@Test
		void connectTimeoutIsDescribedAsSuchOnEveryEndpoint() throws IOException {
			try (UnacceptingServer server = UnacceptingServer.start()) {
				for (Endpoint endpoint : Endpoint.values()) {
					SrsrRegistryUnreachableException ex = assertTimeoutPreemptively(CONNECT_TIMEOUT.plusSeconds(2),
							() -> endpoint.fails(client("http://127.0.0.1:" + server.port()),
									SrsrRegistryUnreachableException.class));
					assertThat(ex.getMessage()).as(endpoint.path).contains("connect timed out");
				}
			}
		}

	}

	// ---------------------------------------------------------------- unknown host

	@Nested
	class UnknownHost {

		/**
		 * {@code .invalid} is reserved (RFC 2606, RFC 6761): a name under it never resolves, with
		 * or without a network. The JDK's HttpClient reports it as a {@code ConnectException}
		 * caused by an {@code UnresolvedAddressException}, which must not read "connection refused".
		 */
		@ParameterizedTest
		@EnumSource(Endpoint.class)
		void hostThatDoesNotResolveIsDescribedAsUnknownHost(Endpoint endpoint) {
			String url = "http://srsr-registry.invalid:4214";
			// A generous bound: only the resolver decides how long the failed look-up takes.
			SrsrRegistryUnreachableException ex = assertTimeoutPreemptively(Duration.ofSeconds(15),
					() -> endpoint.fails(client(url), SrsrRegistryUnreachableException.class));
			assertThat(ex.getMessage()).contains("unknown host srsr-registry.invalid")
				.contains("POST " + endpoint.path)
				.contains(url)
				.doesNotContain("connection refused")
				.doesNotContain("timed out");
		}

		@Test
		void unknownHostMessageHidesCredentials() {
			SrsrRegistryUnreachableException ex = Endpoint.REGISTER.fails(client("http://:t0k3n@srsr-registry.invalid:4214"),
					SrsrRegistryUnreachableException.class);
			assertThat(ex.getMessage()).contains("unknown host srsr-registry.invalid")
				.contains("http://:******@srsr-registry.invalid:4214")
				.doesNotContain("t0k3n");
		}

	}

	// ---------------------------------------------------------------- connection reset and TLS

	@Nested
	class ConnectionResetIsNotTls {

		@ParameterizedTest
		@EnumSource(Endpoint.class)
		void connectionResetOfHttpRegistryIsNeverDescribedAsTlsFailure(Endpoint endpoint) {
			wireMock.stubFor(post(urlEqualTo(endpoint.path)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
			SrsrRegistryUnreachableException ex = endpoint.fails(client(httpUrl()), SrsrRegistryUnreachableException.class);
			assertThat(ex.getMessage()).contains("POST " + endpoint.path)
				.contains(httpUrl())
				.containsIgnoringCase("connection reset")
				.doesNotContainIgnoringCase("TLS")
				.doesNotContainIgnoringCase("SSL")
				.doesNotContainIgnoringCase("certificate")
				.doesNotContainIgnoringCase("handshake")
				.doesNotContain("connection refused");
		}

	}

	@Nested
	class TlsFailure {

		@ParameterizedTest
		@EnumSource(Endpoint.class)
		void untrustedCertificateIsDescribedAsTlsFailure(Endpoint endpoint) {
			wireMock.stubFor(post(urlEqualTo(endpoint.path)).willReturn(okJson(endpoint.successAnswer)));
			SrsrRegistryUnreachableException ex = endpoint.fails(tlsClient(httpsUrl()), SrsrRegistryUnreachableException.class);
			assertThat(ex.getMessage()).contains("TLS handshake failed")
				.contains("certificate")
				.contains("POST " + endpoint.path)
				.contains(httpsUrl())
				.doesNotContain("connection refused");
			// The handshake failed before any request reached the registry.
			assertThat(wireMock.getAllServeEvents()).isEmpty();
		}

		@Test
		void sameRegistryAnswersOnceItsCertificateIsTrusted() {
			// The control of the test above: the https side works, only trust was missing.
			wireMock.stubFor(post(urlEqualTo("/heartbeat")).willReturn(okJson("{\"success\": true}")));
			SslBundle trusting = TestRegistryTls.trust();
			RestClientSrsrClient client = new RestClientSrsrClient(RegistryUrl.of(httpsUrl()),
					SrsrRestClientBuilders.create(TLS_CONNECT_TIMEOUT, READ_TIMEOUT, trusting));
			assertThat(client.heartbeat(ID)).isTrue();
		}

		@Test
		void tlsFailureMessageHidesCredentials() {
			String url = httpsUrl().replace("https://", "https://:t0k3n@");
			SrsrRegistryUnreachableException ex = Endpoint.HEARTBEAT.fails(tlsClient(url), SrsrRegistryUnreachableException.class);
			assertThat(ex.getMessage()).contains("TLS handshake failed")
				.contains(httpsUrl().replace("https://", "https://:******@"))
				.doesNotContain("t0k3n");
		}

	}

	// ---------------------------------------------------------------- helpers

	/**
	 * A listening socket that never accepts, with its accept queue filled: Linux then drops
	 * further SYNs, so a new connection neither completes nor is refused and the client's connect
	 * timeout is what ends it. Works on loopback, without any network; a non-routable address
	 * (10.255.255.1 and the like) does not, since what it does depends on the machine's routes and
	 * firewalls (on some it is refused at once, on some it is even answered).
	 */
	private static final class UnacceptingServer implements AutoCloseable {

		private final ServerSocket serverSocket;

		private final List<Socket> queued;

		private UnacceptingServer(ServerSocket serverSocket, List<Socket> queued) {
			this.serverSocket = serverSocket;
			this.queued = queued;
		}

		static UnacceptingServer start() throws IOException {
			ServerSocket serverSocket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
			List<Socket> queued = new ArrayList<>();
			InetSocketAddress address = new InetSocketAddress(serverSocket.getInetAddress(), serverSocket.getLocalPort());
			// The accept queue holds a few connections (backlog + 1 on Linux); fill it until a
			// connection attempt hangs, which is the state the client must meet.
			for (int i = 0; i < 50; i++) {
				Socket socket = new Socket();
				try {
					socket.connect(address, 200);
					queued.add(socket);
				}
				catch (SocketTimeoutException ex) {
					socket.close();
					return new UnacceptingServer(serverSocket, queued);
				}
			}
			new UnacceptingServer(serverSocket, queued).close();
			throw new IllegalStateException("Could not fill the accept queue of a loopback server socket: this machine "
					+ "completes connections beyond the listen backlog, so no connect timeout can be produced on it");
		}

		int port() {
			return this.serverSocket.getLocalPort();
		}

		@Override
		public void close() throws IOException {
			for (Socket socket : this.queued) {
				socket.close();
			}
			this.serverSocket.close();
		}

	}

	private static String httpUrl() {
		return "http://localhost:" + wireMock.port();
	}

	private static String httpsUrl() {
		return "https://localhost:" + wireMock.httpsPort();
	}

	private static RestClientSrsrClient client(String url) {
		// Built exactly as the auto-configuration builds it, with the JDK's default trust store.
		return new RestClientSrsrClient(RegistryUrl.of(url), SrsrRestClientBuilders.create(CONNECT_TIMEOUT, READ_TIMEOUT));
	}

	private static RestClientSrsrClient tlsClient(String url) {
		// The JDK's default trust store, which does not know the registry's self-signed certificate.
		return new RestClientSrsrClient(RegistryUrl.of(url),
				SrsrRestClientBuilders.create(TLS_CONNECT_TIMEOUT, READ_TIMEOUT));
	}


}
