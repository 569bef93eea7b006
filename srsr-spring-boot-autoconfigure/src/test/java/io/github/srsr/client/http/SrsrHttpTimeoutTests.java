package io.github.srsr.client.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.srsr.client.RegistryUrl;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.client.SrsrRegistryUnreachableException;
import io.github.srsr.testsupport.TestRegistryTls;

import static io.github.srsr.client.http.ScriptedHttpServer.ascii;
import static io.github.srsr.client.http.ScriptedHttpServer.ownAnswer;
import static io.github.srsr.client.http.SrsrHttpWireTests.own;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Every phase of a call of the starter's HTTP client is bounded, over http and https: a registry
 * that is silent, that stops reading, that dribbles its answer or its TLS handshake, ends each
 * call at its timeouts (name resolution: {@link ResolverTests}).
 */
class SrsrHttpTimeoutTests {

	/** The timeout of the calls that must end at it. */
	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	/** What a call that ends at its timeout may take beyond it on a busy machine. */
	private static final Duration SLACK = Duration.ofMillis(1500);

	private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	@ParameterizedTest(name = "tls: {0}")
	@ValueSource(booleans = { false, true })
	void silentRegistryEndsTheCallAtTheReadTimeout(boolean tls) {
		try (ScriptedHttpServer server = SrsrHttpWireTests.answeringTheSecondRequest(tls,
				(number, request, out) -> ScriptedHttpServer.silence())) {
			SrsrClient client = client(server.url(), SrsrHttpWireTests.PATIENT, TIMEOUT);
			assertThat(client.lookup("svc")).contains(own(1));
			assertEndsAtTheTimeout(() -> client.lookup("svc"), "no answer within the read timeout");
			assertThat(client.lookup("svc")).contains(own(3));
		}
	}

	@ParameterizedTest(name = "tls: {0}")
	@ValueSource(booleans = { false, true })
	void answerDribbledWithinTheReadTimeoutIsRead(boolean tls) {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(tls, (number, request, out) -> {
			byte[] answer = ownAnswer(number);
			// The first bytes one at a time, 250 ms apart: each read waits, the answer is whole
			// well within the read timeout.
			for (int i = 0; i < 4; i++) {
				out.write(answer[i]);
				out.flush();
				pause(250);
			}
			out.write(answer, 4, answer.length - 4);
			return true;
		})) {
			SrsrClient client = client(server.url(), SrsrHttpWireTests.PATIENT, SrsrHttpWireTests.PATIENT);
			assertThat(client.lookup("svc")).contains(own(1));
			assertThat(client.lookup("svc")).contains(own(2));
		}
	}

	@ParameterizedTest(name = "tls: {0}")
	@ValueSource(booleans = { false, true })
	void answerDribbledPastTheReadTimeoutEndsTheCallAtIt(boolean tls) {
		try (ScriptedHttpServer server = SrsrHttpWireTests.answeringTheSecondRequest(tls, (number, request, out) -> {
			// One byte every 100 ms: every read gets one well within the timeout, the whole
			// answer would take seconds past it.
			for (byte b : ownAnswer(number)) {
				out.write(b);
				out.flush();
				pause(100);
			}
			return true;
		})) {
			SrsrClient client = client(server.url(), SrsrHttpWireTests.PATIENT, TIMEOUT);
			assertThat(client.lookup("svc")).contains(own(1));
			assertEndsAtTheTimeout(() -> client.lookup("svc"), "no answer within the read timeout");
			assertThat(client.lookup("svc")).contains(own(3));
		}
	}

	@ParameterizedTest(name = "tls: {0}")
	@ValueSource(booleans = { false, true })
	void registryThatStopsReadingEndsTheCallAtTheReadTimeout(boolean tls) throws Exception {
		// Accepts (and completes the TLS handshake), then never reads: a request larger than
		// what the socket buffers hold can never be written whole.
		ServerSocket server = listen(tls, 4096);
		accept(server, (socket) -> {
			if (socket instanceof SSLSocket ssl) {
				ssl.startHandshake();
			}
		});
		String url = (tls ? "https" : "http") + "://127.0.0.1:" + server.getLocalPort();
		SrsrClient client = client(url, SrsrHttpWireTests.PATIENT, TIMEOUT);
		String hugeName = "n".repeat(8 * 1024 * 1024);
		assertEndsAtTheTimeout(() -> client.lookup(hugeName), "no answer within the read timeout");
	}

	@ParameterizedTest(name = "tls: {0}")
	@ValueSource(booleans = { false, true })
	void registryThatReadsLateGetsTheWholeRequest(boolean tls) throws Exception {
		// Reads nothing for a while (a request larger than the socket buffers hold waits for
		// room), then the whole request, and answers.
		ServerSocket server = listen(tls, 4096);
		List<ScriptedHttpServer.Received> received = new CopyOnWriteArrayList<>();
		accept(server, (socket) -> {
			if (socket instanceof SSLSocket ssl) {
				ssl.startHandshake();
			}
			pause(500);
			received.add(ScriptedHttpServer.readRequest(socket.getInputStream()));
			socket.getOutputStream().write(ownAnswer(1));
			socket.getOutputStream().flush();
		});
		String url = (tls ? "https" : "http") + "://127.0.0.1:" + server.getLocalPort();
		SrsrClient client = client(url, SrsrHttpWireTests.PATIENT, SrsrHttpWireTests.PATIENT);
		String hugeName = "n".repeat(8 * 1024 * 1024);
		assertThat(client.lookup(hugeName)).contains(own(1));
		assertThat(received).singleElement()
			.satisfies((request) -> assertThat(request.body()).isEqualTo("{\"name\":\"" + hugeName + "\"}"));
	}

	@Test
	void tcpConnectionNeverAcceptedEndsTheCallAtTheConnectTimeout() throws Exception {
		// A server whose accept queue is full and who never accepts: the kernel drops further
		// connection requests, so that a connect waits until its own timeout.
		ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		this.closeables.add(server);
		boolean full = false;
		for (int i = 0; i < 16 && !full; i++) {
			Socket filler = new Socket();
			this.closeables.add(filler);
			try {
				filler.connect(server.getLocalSocketAddress(), 500);
			}
			catch (SocketTimeoutException ex) {
				full = true;
			}
		}
		assertThat(full).as("accept queue filled").isTrue();
		SrsrClient client = client("http://127.0.0.1:" + server.getLocalPort(), TIMEOUT, SrsrHttpWireTests.PATIENT);
		assertEndsAtTheTimeout(() -> client.lookup("svc"), "connect timed out");
	}

	@ParameterizedTest(name = "tls: {0}")
	@ValueSource(booleans = { true })
	void silentTlsHandshakeEndsTheCallAtTheConnectTimeout(boolean tls) throws Exception {
		// A TCP server that reads the client's hello and never answers it.
		ServerSocket server = listen(false, 0);
		accept(server, (socket) -> socket.getInputStream().readAllBytes());
		SrsrClient client = client("https://127.0.0.1:" + server.getLocalPort(), TIMEOUT, SrsrHttpWireTests.PATIENT);
		assertEndsAtTheTimeout(() -> client.lookup("svc"), "connect timed out");
	}

	@ParameterizedTest(name = "tls: {0}")
	@ValueSource(booleans = { true })
	void tlsHandshakeDribbledByteByByteEndsTheCallAtTheConnectTimeout(boolean tls) throws Exception {
		// A relay to a real TLS server that passes the server's bytes on one every 100 ms: each
		// read gets a byte well within the timeout, the whole handshake would take minutes.
		try (ScriptedHttpServer target = ScriptedHttpServer.start(true, SrsrHttpWireTests::answer)) {
			int targetPort = Integer.parseInt(target.url().substring(target.url().lastIndexOf(':') + 1));
			ServerSocket relay = listen(false, 0);
			accept(relay, (socket) -> {
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
				this.closeables.add(upstream);
				daemon(() -> socket.getInputStream().transferTo(upstream.getOutputStream()));
				InputStream in = upstream.getInputStream();
				OutputStream out = socket.getOutputStream();
				int b;
				while ((b = in.read()) >= 0) {
					out.write(b);
					out.flush();
					pause(100);
				}
			});
			SrsrClient client = client("https://127.0.0.1:" + relay.getLocalPort(), TIMEOUT, SrsrHttpWireTests.PATIENT);
			assertEndsAtTheTimeout(() -> client.lookup("svc"), "connect timed out");
		}
	}

	@ParameterizedTest(name = "tls: {0}")
	@ValueSource(booleans = { false, true })
	void interruptEndsACallThatWaitsForTheAnswer(boolean tls) throws Exception {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(tls,
				(number, request, out) -> ScriptedHttpServer.silence())) {
			SrsrClient client = client(server.url(), SrsrHttpWireTests.PATIENT, SrsrHttpWireTests.PATIENT);
			assertInterruptEnds(() -> client.lookup("svc"), () -> server.requests().size() == 1,
					"interrupted while waiting for the answer");
		}
	}

	@ParameterizedTest(name = "tls: {0}")
	@ValueSource(booleans = { false, true })
	void interruptEndsACallWhoseRequestTheRegistryDoesNotRead(boolean tls) throws Exception {
		ServerSocket server = listen(tls, 4096);
		AtomicInteger connections = new AtomicInteger();
		accept(server, (socket) -> {
			if (socket instanceof SSLSocket ssl) {
				ssl.startHandshake();
			}
			connections.incrementAndGet();
		});
		String url = (tls ? "https" : "http") + "://127.0.0.1:" + server.getLocalPort();
		SrsrClient client = client(url, SrsrHttpWireTests.PATIENT, SrsrHttpWireTests.PATIENT);
		String hugeName = "n".repeat(8 * 1024 * 1024);
		// Interrupted once the request has had time to fill the socket buffers and wait for room.
		assertInterruptEnds(() -> client.lookup(hugeName), () -> connections.get() == 1, "interrupted");
	}

	/**
	 * Run a call on a thread of its own, interrupt that thread once the registry got the call,
	 * and assert that the call ends at once (well before its timeouts, which are patient) with
	 * the reason given.
	 */
	private static void assertInterruptEnds(Runnable call, Callable<Boolean> reached, String reason)
			throws Exception {
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread caller = new Thread(() -> {
			try {
				call.run();
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		}, "interrupted-caller");
		caller.start();
		await().atMost(SrsrHttpWireTests.PATIENT).pollInterval(Duration.ofMillis(50)).until(reached);
		await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> true);
		caller.interrupt();
		caller.join(SrsrHttpWireTests.PATIENT.dividedBy(2).toMillis());
		assertThat(caller.isAlive()).as("call still running half its read timeout after the interrupt").isFalse();
		assertThat(failure.get()).isInstanceOf(SrsrRegistryUnreachableException.class).hasMessageContaining(reason);
	}

	private static void assertEndsAtTheTimeout(Runnable call, String reason) {
		long start = System.nanoTime();
		assertThatExceptionOfType(SrsrRegistryUnreachableException.class).isThrownBy(call::run)
			.withMessageContaining(reason);
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(elapsed).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(TIMEOUT.plus(SLACK));
	}

	private ServerSocket listen(boolean tls, int receiveBuffer) throws Exception {
		ServerSocket server = ScriptedHttpServer.listen(tls, receiveBuffer);
		this.closeables.add(server);
		return server;
	}

	/**
	 * Accept connections, each handled on a thread of its own and kept open until the test ends.
	 */
	private void accept(ServerSocket server, Handler handler) {
		daemon(() -> {
			while (!server.isClosed()) {
				Socket socket = server.accept();
				this.closeables.add(socket);
				daemon(() -> handler.handle(socket));
			}
		});
	}

	private static void daemon(Handler.Action action) {
		Thread thread = new Thread(() -> {
			try {
				action.run();
			}
			catch (Exception ex) {
				// The connection went away: the test is over.
			}
		}, "timeout-test-server");
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * The pace of a server that sends slowly: what is under test, not a wait of the test.
	 */
	private static void pause(long millis) throws IOException {
		try {
			TimeUnit.MILLISECONDS.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	private static SrsrClient client(String url, Duration connectTimeout, Duration readTimeout) {
		return new RestClientSrsrClient(RegistryUrl.of(url),
				SrsrRestClientBuilders.create(connectTimeout, readTimeout, TestRegistryTls.trust()));
	}

	@FunctionalInterface
	private interface Handler {

		void handle(Socket socket) throws Exception;

		@FunctionalInterface
		interface Action {

			void run() throws Exception;

		}

	}

}
