package io.github.srsr.boot.autoconfigure;

import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.srsr.client.RegistryUrl;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.SrsrClient;

import static io.github.srsr.boot.autoconfigure.ScriptedHttpServer.ascii;
import static io.github.srsr.boot.autoconfigure.ScriptedHttpServer.ownAnswer;
import static io.github.srsr.boot.autoconfigure.ScriptedHttpServer.ownBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter's HTTP client against registries that answer raw bytes, over http and https: an
 * answer its framing does not account for, or a connection the registry closed, never changes
 * what a later call reads.
 */
class SrsrHttpWireTests {

	/** The timeouts of calls that must answer: patient, for a busy machine. */
	static final Duration PATIENT = Duration.ofSeconds(10);

	@ParameterizedTest(name = "tls: {0}")
	@ValueSource(booleans = { false, true })
	void bytesBeyondAnAnswersContentLengthNeverReachTheNextCall(boolean tls) {
		AtomicInteger written = new AtomicInteger();
		try (ScriptedHttpServer server = ScriptedHttpServer.start(tls, (number, request, out) -> {
			if (number == 2) {
				// The answer, then a whole second answer its Content-Length does not count, in
				// two writes: two TLS records.
				out.write(ownAnswer(2));
				out.flush();
				out.write(ownAnswer(99));
				out.flush();
				written.incrementAndGet();
				return true;
			}
			return answer(number, request, out);
		})) {
			SrsrClient client = client(server);
			assertThat(client.lookup("svc")).contains(own(1));
			assertThat(client.lookup("svc")).contains(own(2));
			await().atMost(PATIENT).until(() -> written.get() == 1);
			assertThat(client.lookup("svc")).contains(own(3));
			assertThat(client.lookup("svc")).contains(own(4));
		}
	}

	@ParameterizedTest(name = "tls: {0}")
	@ValueSource(booleans = { false, true })
	void bytesBeyondAnAnswersContentLengthInTheSameWriteNeverReachTheNextCall(boolean tls) {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(tls, (number, request, out) -> {
			if (number == 2) {
				String body = ownBody(2) + new String(ownAnswer(99), java.nio.charset.StandardCharsets.ISO_8859_1);
				out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + ownBody(2).length() + "\r\n\r\n" + body));
				return true;
			}
			return answer(number, request, out);
		})) {
			SrsrClient client = client(server);
			assertThat(client.lookup("svc")).contains(own(1));
			assertThat(client.lookup("svc")).contains(own(2));
			assertThat(client.lookup("svc")).contains(own(3));
			assertThat(client.lookup("svc")).contains(own(4));
		}
	}

	@ParameterizedTest(name = "tls: {0}")
	@ValueSource(booleans = { false, true })
	void connectionTheRegistryClosedWhileIdleIsNotReused(boolean tls) {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(tls, (number, request, out) -> {
			out.write(ownAnswer(number));
			// Closed after every answer, without saying so.
			return false;
		})) {
			SrsrClient client = client(server);
			for (int i = 1; i <= 5; i++) {
				assertThat(client.lookup("svc")).contains(own(i));
				int served = i;
				await().atMost(PATIENT).until(() -> server.connectionsClosed() >= served);
			}
			assertThat(server.connections()).isEqualTo(5);
		}
	}

	@ParameterizedTest(name = "tls: {0}")
	@ValueSource(booleans = { false, true })
	void callsInQuickSuccessionShareOneConnection(boolean tls) {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(tls, SrsrHttpWireTests::answer)) {
			SrsrClient client = client(server);
			for (int i = 1; i <= 10; i++) {
				assertThat(client.lookup("svc")).contains(own(i));
			}
			// The first call asks to close its connection; the nine that follow share one.
			assertThat(server.connections()).isEqualTo(2);
		}
	}

	/**
	 * Answer the request with its own answer, keeping the connection unless asked to close it.
	 */
	static boolean answer(int number, ScriptedHttpServer.Received request, OutputStream out)
			throws java.io.IOException {
		out.write(ownAnswer(number));
		return !request.asksToClose();
	}

	static URI own(int number) {
		return URI.create("http://10.0.0." + number + ":8080");
	}

	static SrsrClient client(ScriptedHttpServer server) {
		return client(server, PATIENT);
	}

	static SrsrClient client(ScriptedHttpServer server, Duration readTimeout) {
		return new RestClientSrsrClient(RegistryUrl.of(server.url()),
				SrsrRestClientBuilders.create(PATIENT, readTimeout, ScriptedHttpServer.trust()));
	}

}
