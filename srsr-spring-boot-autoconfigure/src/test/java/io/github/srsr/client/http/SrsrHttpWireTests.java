package io.github.srsr.client.http;

import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.srsr.client.RegistryUrl;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.client.SrsrClientException;
import io.github.srsr.client.SrsrInvalidResponseException;
import io.github.srsr.client.SrsrRegistryUnreachableException;
import io.github.srsr.testsupport.TestRegistryTls;

import static io.github.srsr.client.http.HttpAnswer.MAX_HEAD;
import static io.github.srsr.client.http.HttpAnswer.MAX_LINE;
import static io.github.srsr.client.http.ScriptedHttpServer.ascii;
import static io.github.srsr.client.http.ScriptedHttpServer.ownAnswer;
import static io.github.srsr.client.http.ScriptedHttpServer.ownBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
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
		try (ScriptedHttpServer server = answeringTheSecondRequest(tls, (number, request, out) -> {
			// The answer, then a whole second answer its Content-Length does not count, in
			// two writes: two TLS records.
			out.write(ownAnswer(2));
			out.flush();
			out.write(ownAnswer(99));
			out.flush();
			written.incrementAndGet();
			return true;
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
		try (ScriptedHttpServer server = answeringTheSecondRequest(tls, (number, request, out) -> {
			String body = ownBody(2) + new String(ownAnswer(99), java.nio.charset.StandardCharsets.ISO_8859_1);
			out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + ownBody(2).length() + "\r\n\r\n" + body));
			return true;
		})) {
			SrsrClient client = client(server);
			assertThat(client.lookup("svc")).contains(own(1));
			assertThat(client.lookup("svc")).contains(own(2));
			// Not kept in the pool with bytes its answer left behind: closed by the client at once
			// (the first call's connection is closed as it asked).
			await().atMost(PATIENT).until(() -> server.connectionsClosed() >= 2);
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

	@ParameterizedTest(name = "tls: {0}")
	@ValueSource(booleans = { false, true })
	void answerWithoutLengthEndsWhereTheRegistryClosesItsConnection(boolean tls) {
		try (ScriptedHttpServer server = answeringTheSecondRequest(tls, (number, request, out) -> {
			out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + ownBody(2)));
			return false;
		})) {
			SrsrClient client = client(server);
			for (int i = 1; i <= 3; i++) {
				assertThat(client.lookup("svc")).contains(own(i));
			}
			// Each of the first two answers ended its connection.
			assertThat(server.connections()).isEqualTo(3);
		}
	}

	/**
	 * Every malformed answer, over http and https: the call that gets it fails with the error a
	 * user sees (a registry that answered wrongly: invalid; one that went away: unreachable), and
	 * the next call, on a fresh connection, reads its own answer.
	 */
	@ParameterizedTest(name = "{0}, tls: {1}")
	@MethodSource("malformedAnswers")
	void malformedAnswerFailsItsCallAloneAndTheNextCallReadsItsOwnAnswer(String name, boolean tls, byte[] answer,
			Class<? extends SrsrClientException> error, String message) {
		try (ScriptedHttpServer server = answeringTheSecondRequest(tls, (number, request, out) -> {
			out.write(answer);
			// Kept open: the client, not the server, must drop the connection.
			return true;
		})) {
			SrsrClient client = client(server);
			assertThat(client.lookup("svc")).contains(own(1));
			assertThatExceptionOfType(error).isThrownBy(() -> client.lookup("svc"))
				.withMessageContaining("answered POST /lookup " + message)
				.withMessageContaining(server.url());
			assertThat(client.lookup("svc")).contains(own(3));
			assertThat(server.connections()).isEqualTo(3);
			// The malformed answer's connection, which the server kept open, was closed by the client.
			await().atMost(PATIENT).until(() -> server.connectionsClosed() >= 2);
		}
	}

	static Stream<Arguments> malformedAnswers() {
		String body = ownBody(2);
		String ok = "HTTP/1.1 200 OK\r\n";
		String fixed = "Content-Length: " + body.length() + "\r\n";
		String chunk = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n";
		String invalid = "with malformed HTTP";
		List<Object[]> cases = new ArrayList<>();
		cases.add(new Object[] { "Content-Length with a plus sign",
				ok + "Content-Length: +" + body.length() + "\r\n\r\n" + body, invalid, "invalid Content-Length '+" });
		cases.add(new Object[] { "negative Content-Length", ok + "Content-Length: -1\r\n\r\n" + body, invalid,
				"invalid Content-Length '-1'" });
		cases.add(new Object[] { "Content-Length not a number", ok + "Content-Length: 7a\r\n\r\n" + body, invalid,
				"invalid Content-Length '7a'" });
		cases.add(new Object[] { "empty Content-Length", ok + "Content-Length: \r\n\r\n" + body, invalid,
				"invalid Content-Length" });
		cases.add(new Object[] { "two differing Content-Length headers",
				ok + fixed + "Content-Length: " + (body.length() + 1) + "\r\n\r\n" + body, invalid,
				"differing Content-Length values" });
		cases.add(new Object[] { "a Content-Length list that differs",
				ok + "Content-Length: " + body.length() + ", 3\r\n\r\n" + body, invalid, "differing Content-Length values" });
		cases.add(new Object[] { "Content-Length and Transfer-Encoding",
				ok + fixed + "Transfer-Encoding: chunked\r\n\r\n" + chunk + "0\r\n\r\n", invalid,
				"both Content-Length and Transfer-Encoding" });
		cases.add(new Object[] { "whitespace before the colon",
				ok + "Transfer-Encoding : chunked\r\n\r\n" + chunk + "0\r\n\r\n", invalid,
				"not an HTTP header name: 'Transfer-Encoding : chunked'" });
		cases.add(new Object[] { "headers beginning with whitespace (obs-fold at the start)",
				ok + " " + fixed + "\r\n" + body, invalid, "the answer's headers begin with whitespace" });
		cases.add(new Object[] { "a bare CR in a header", ok + "X-A: 1\rContent-Length: 0\r\n" + fixed + "\r\n" + body,
				invalid, "a bare CR" });
		cases.add(new Object[] { "a transfer coding other than chunked",
				ok + "Transfer-Encoding: gzip, chunked\r\n\r\n" + chunk + "0\r\n\r\n", invalid,
				"unsupported Transfer-Encoding 'gzip, chunked'" });
		cases.add(new Object[] { "chunked twice", ok + "Transfer-Encoding: chunked, chunked\r\n\r\n" + chunk + "0\r\n\r\n",
				invalid, "unsupported Transfer-Encoding 'chunked, chunked'" });
		cases.add(new Object[] { "Transfer-Encoding in HTTP/1.0",
				"HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + "0\r\n\r\n", invalid,
				"Transfer-Encoding in an HTTP/1.0 answer" });
		String chunked = ok + "Transfer-Encoding: chunked\r\n\r\n";
		cases.add(new Object[] { "chunk size -0", chunked + chunk + "-0\r\n\r\n", invalid, "malformed chunk size '-0'" });
		cases.add(new Object[] { "chunk size with a plus sign", chunked + "+" + chunk + "0\r\n\r\n", invalid,
				"malformed chunk size '+" });
		cases.add(new Object[] { "chunk size with a 0x prefix", chunked + "0x" + chunk + "0\r\n\r\n", invalid,
				"malformed chunk size '0x" });
		cases.add(new Object[] { "empty chunk size", chunked + "\r\n" + chunk + "0\r\n\r\n", invalid,
				"malformed chunk size ''" });
		cases.add(new Object[] { "chunk longer than its size",
				chunked + "3\r\n" + body + "\r\n0\r\n\r\n", invalid, "a chunk of the answer is longer than its size says" });
		cases.add(new Object[] { "1-byte chunks with 8 KB extensions",
				chunked + ("1;x=" + "e".repeat(8000) + "\r\n{\r\n").repeat(64), invalid,
				"the chunk lines and trailers of the answer are larger than 32 KiB" });
		cases.add(new Object[] { "a flood of trailers",
				chunked + chunk + "0\r\n" + ("X-Trailer: " + "t".repeat(1000) + "\r\n").repeat(64) + "\r\n", invalid,
				"the chunk lines and trailers of the answer are larger than 32 KiB" });
		cases.add(new Object[] { "a flood of headers", ok + ("X-Flood: " + "h".repeat(1000) + "\r\n").repeat(64) + fixed
				+ "\r\n" + body, invalid, "the answer's head is larger than 32 KiB" });
		cases.add(new Object[] { "a flood of interim answers", "HTTP/1.1 100 Continue\r\n\r\n".repeat(2000) + ok + fixed
				+ "\r\n" + body, invalid, "the answer's head is larger than 32 KiB" });
		cases.add(new Object[] { "a header line longer than 8 KiB",
				ok + "X-Long: " + "l".repeat(9000) + "\r\n" + fixed + "\r\n" + body, invalid, "a line of the answer is longer than 8 KiB" });
		cases.add(new Object[] { "not HTTP at all", "SSH-2.0-OpenSSH_9.6\r\n", invalid, "not an HTTP answer" });
		cases.add(new Object[] { "HTTP/2 preface", "HTTP/2 200\r\n\r\n", invalid, "not an HTTP answer" });
		cases.add(new Object[] { "a status of four digits", "HTTP/1.1 2000 OK\r\n" + fixed + "\r\n" + body, invalid,
				"not an HTTP status" });
		cases.add(new Object[] { "a switch of protocols", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n",
				invalid, "unexpected switch of protocols" });
		cases.add(new Object[] { "a trailer that is not a header", chunked + chunk + "0\r\nnot a header\r\n\r\n", invalid,
				"not an HTTP header" });
		// Each limit, exceeded by one byte (the largest that is read: unusualAnswers).
		cases.add(new Object[] { "a header line of 8 KiB and 1 byte",
				ok + "X-Long: " + "l".repeat(MAX_LINE + 1 - 8) + "\r\n" + fixed + "\r\n" + body, invalid,
				"a line of the answer is longer than 8 KiB" });
		cases.add(new Object[] { "a head of 32 KiB and 1 byte", headOf(MAX_HEAD + 1, body) + body, invalid,
				"the answer's head is larger than 32 KiB" });
		cases.add(new Object[] { "a Content-Length of 19 digits",
				ok + "Content-Length: " + zeroPadded(String.valueOf(body.length()), 19) + "\r\n\r\n" + body, invalid,
				"invalid Content-Length '000" });
		cases.add(new Object[] { "a chunk size of 16 hex digits",
				chunked + zeroPadded(Integer.toHexString(body.length()), 16) + "\r\n" + body + "\r\n0\r\n\r\n", invalid,
				"chunk size too large '000" });
		cases.add(new Object[] { "a NUL in a header", ok + "X-A: 1\0\r\n" + fixed + "\r\n" + body, invalid,
				"a bare CR or a NUL" });
		cases.add(new Object[] { "an empty header name", ok + ": 1\r\n" + fixed + "\r\n" + body, invalid,
				"not an HTTP header: ': 1'" });
		cases.add(new Object[] { "a DEL in a header name", ok + "X\u007fA: 1\r\n" + fixed + "\r\n" + body, invalid,
				"not an HTTP header name: 'X?A: 1'" });
		// The first separator of the list, alone.
		cases.add(new Object[] { "a separator in a header name", ok + "X(A: 1\r\n" + fixed + "\r\n" + body, invalid,
				"not an HTTP header name: 'X(A: 1'" });
		cases.add(new Object[] { "a status below 100", "HTTP/1.1 099 Early\r\n" + fixed + "\r\n" + body, invalid,
				"not an HTTP status: 'HTTP/1.1 099 Early'" });
		cases.add(new Object[] { "a status with a character after 9", "HTTP/1.1 2:0 OK\r\n" + fixed + "\r\n" + body,
				invalid, "not an HTTP status: 'HTTP/1.1 2:0 OK'" });
		cases.add(new Object[] { "a status with a character before 0", "HTTP/1.1 2/0 OK\r\n" + fixed + "\r\n" + body,
				invalid, "not an HTTP status: 'HTTP/1.1 2/0 OK'" });
		// What an error quotes of the answer: at most 60 characters.
		cases.add(new Object[] { "a status line of 60 characters", "x".repeat(60) + "\r\n", invalid,
				"not an HTTP answer: '" + "x".repeat(60) + "')" });
		cases.add(new Object[] { "a status line of 61 characters", "y".repeat(61) + "\r\n", invalid,
				"not an HTTP answer: '" + "y".repeat(60) + "...')" });
		List<Arguments> arguments = new ArrayList<>();
		for (boolean tls : new boolean[] { false, true }) {
			for (Object[] c : cases) {
				arguments.add(Arguments.of(c[0], tls, ascii((String) c[1]), SrsrInvalidResponseException.class,
						c[2] + " (" + c[3]));
			}
		}
		return arguments.stream();
	}

	/**
	 * Answers that are well-formed, if unusual: each is read as the answer it is.
	 */
	@ParameterizedTest(name = "{0}, tls: {1}")
	@MethodSource("unusualAnswers")
	void unusualButValidAnswerIsRead(String name, boolean tls, String answer) {
		try (ScriptedHttpServer server = answeringTheSecondRequest(tls, (number, request, out) -> {
			out.write(ascii(answer));
			return true;
		})) {
			SrsrClient client = client(server);
			assertThat(client.lookup("svc")).contains(own(1));
			assertThat(client.lookup("svc")).contains(own(2));
			assertThat(client.lookup("svc")).contains(own(3));
			// Read to its end, the answer left its connection to the third call.
			assertThat(server.connections()).isEqualTo(2);
		}
	}

	static Stream<Arguments> unusualAnswers() {
		String body = ownBody(2);
		String ok = "HTTP/1.1 200 OK\r\n";
		String half = body.substring(0, 10);
		String rest = body.substring(10);
		List<String[]> cases = List.of(
				new String[] { "interim answers first",
						"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\nX-A: 1\r\n\r\n" + ok + "Content-Length: "
								+ body.length() + "\r\n\r\n" + body },
				new String[] { "the same Content-Length twice",
						ok + "Content-Length: " + body.length() + ", " + body.length() + "\r\nContent-Length: " + body.length()
								+ "\r\n\r\n" + body },
				new String[] { "chunks with extensions and trailers",
						ok + "Transfer-Encoding: Chunked\r\n\r\n" + Integer.toHexString(half.length()) + " ;a=b;c\r\n" + half
								+ "\r\n" + Integer.toHexString(rest.length()).toUpperCase() + "\r\n" + rest
								+ "\r\n0000\r\nX-Trailer: t\r\n\r\n" },
				new String[] { "a folded header after the first",
						ok + "X-Folded: a\r\n b\r\nContent-Length: " + body.length() + "\r\n\r\n" + body },
				new String[] { "lines ending in LF alone", "HTTP/1.1 200 OK\nContent-Length: " + body.length() + "\n\n" + body },
				new String[] { "no reason phrase", "HTTP/1.1 200\r\nContent-Length: " + body.length() + "\r\n\r\n" + body });
		List<String[]> limits = new ArrayList<>(cases);
		// Each limit, reached exactly (one byte more is refused: malformedAnswers).
		limits.add(new String[] { "a header line of exactly 8 KiB",
				ok + "X-Long: " + "l".repeat(MAX_LINE - 8) + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body });
		limits.add(new String[] { "a head of exactly 32 KiB", headOf(MAX_HEAD, body) + body });
		// 99 bytes, so that the length has a 9, written with 18 digits.
		String padded99 = body + " ".repeat(99 - body.length());
		limits.add(new String[] { "a Content-Length of 18 digits",
				ok + "Content-Length: " + zeroPadded("99", 18) + "\r\n\r\n" + padded99 });
		// 0xaF + 0xAf + 9 bytes: chunk sizes with the first and last hex letters in both cases, one of 15 digits.
		String padded359 = body + " ".repeat(359 - body.length());
		limits.add(new String[] { "a chunk size of 15 hex digits",
				ok + "Transfer-Encoding: chunked\r\n\r\n" + zeroPadded("aF", 15) + "\r\n" + padded359.substring(0, 175)
						+ "\r\nAf\r\n" + padded359.substring(175, 350) + "\r\n9\r\n" + padded359.substring(350)
						+ "\r\n0\r\n\r\n" });
		limits.add(new String[] { "empty and blank header values",
				ok + "X-Empty:\r\nX-Blank: \t \r\nContent-Length: " + body.length() + "\r\n\r\n" + body });
		limits.add(new String[] { "a status of 299", "HTTP/1.1 299 Fine\r\nContent-Length: " + body.length() + "\r\n\r\n" + body });
		List<Arguments> arguments = new ArrayList<>();
		for (boolean tls : new boolean[] { false, true }) {
			for (String[] c : limits) {
				arguments.add(Arguments.of(c[0], tls, c[1]));
			}
		}
		return arguments.stream();
	}

	/**
	 * An answer's head of exactly the given size: the status line, the body's
	 * {@code Content-Length}, as many padding headers as it takes, and the empty line.
	 */
	static String headOf(int bytes, String body) {
		StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n");
		int left = bytes - head.length() - 2;
		while (left > 0) {
			// A padding line ("X-Pad: p\r\n") takes 10 bytes at least.
			int line = Math.min(left, 8000);
			if (left - line > 0 && left - line < 10) {
				line = left - 10;
			}
			head.append("X-Pad: ").append("p".repeat(line - 9)).append("\r\n");
			left -= line;
		}
		String answerHead = head.append("\r\n").toString();
		assertThat(answerHead).hasSize(bytes);
		return answerHead;
	}

	static String zeroPadded(String digits, int length) {
		return "0".repeat(length - digits.length()) + digits;
	}

	/**
	 * The registry keeps every connection open: the client follows an answer on its connection
	 * only if the answer did not say the connection ends.
	 */
	@ParameterizedTest(name = "{0}, tls: {1}")
	@MethodSource("connectionEndings")
	void aConnectionIsUsedAgainOnlyIfItsAnswerKeepsIt(String name, boolean tls, String answer, int connections) {
		try (ScriptedHttpServer server = answeringTheSecondRequest(tls, (number, request, out) -> {
			out.write(ascii(answer));
			return true;
		})) {
			SrsrClient client = client(server);
			for (int i = 1; i <= 3; i++) {
				assertThat(client.lookup("svc")).contains(own(i));
			}
			// The first call asked to close its connection; the third follows the second, or not.
			assertThat(server.connections()).isEqualTo(connections);
		}
	}

	static Stream<Arguments> connectionEndings() {
		String body = ownBody(2);
		String fixed = "Content-Length: " + body.length() + "\r\n\r\n" + body;
		List<Object[]> cases = List.of(new Object[] { "HTTP/1.1", "HTTP/1.1 200 OK\r\n" + fixed, 2 },
				new Object[] { "HTTP/1.1, Connection: keep-alive", "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n" + fixed, 2 },
				new Object[] { "HTTP/1.0", "HTTP/1.0 200 OK\r\n" + fixed, 3 },
				new Object[] { "Connection: close in a list",
						"HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\n" + fixed, 3 });
		List<Arguments> arguments = new ArrayList<>();
		for (boolean tls : new boolean[] { false, true }) {
			for (Object[] c : cases) {
				arguments.add(Arguments.of(c[0], tls, c[1], c[2]));
			}
		}
		return arguments.stream();
	}

	/**
	 * Answers that have no body whatever their headers say: the call gets an answer without one
	 * at once (not at the read timeout), and the connection serves the next call.
	 */
	@ParameterizedTest(name = "{0}, tls: {1}")
	@MethodSource("answersWithoutBody")
	void answerWithoutBodyEndsAtItsHead(String name, boolean tls, String answer) {
		try (ScriptedHttpServer server = answeringTheSecondRequest(tls, (number, request, out) -> {
			out.write(ascii(answer));
			return true;
		})) {
			SrsrClient client = client(server);
			assertThat(client.lookup("svc")).contains(own(1));
			assertThatExceptionOfType(SrsrInvalidResponseException.class).isThrownBy(() -> client.lookup("svc"));
			assertThat(client.lookup("svc")).contains(own(3));
			assertThat(server.connections()).isEqualTo(2);
		}
	}

	static Stream<Arguments> answersWithoutBody() {
		List<String[]> cases = List.of(new String[] { "204", "HTTP/1.1 204 No Content\r\n\r\n" },
				new String[] { "304 with a Content-Length", "HTTP/1.1 304 Not Modified\r\nContent-Length: 20\r\n\r\n" });
		List<Arguments> arguments = new ArrayList<>();
		for (boolean tls : new boolean[] { false, true }) {
			for (String[] c : cases) {
				arguments.add(Arguments.of(c[0], tls, c[1]));
			}
		}
		return arguments.stream();
	}

	/**
	 * Answers cut off by the registry: the call fails as unreachable, the next one reads its own
	 * answer.
	 */
	@ParameterizedTest(name = "{0}, tls: {1}")
	@MethodSource("cutOffAnswers")
	void answerCutOffFailsAsUnreachableAndTheNextCallReadsItsOwnAnswer(String name, boolean tls, String answer,
			String message) {
		try (ScriptedHttpServer server = answeringTheSecondRequest(tls, (number, request, out) -> {
			out.write(ascii(answer));
			return false;
		})) {
			SrsrClient client = client(server);
			assertThat(client.lookup("svc")).contains(own(1));
			assertThatExceptionOfType(SrsrRegistryUnreachableException.class).isThrownBy(() -> client.lookup("svc"))
				.withMessageContaining("did not answer POST /lookup")
				.withMessageContaining(message);
			assertThat(client.lookup("svc")).contains(own(3));
		}
	}

	static Stream<Arguments> cutOffAnswers() {
		String body = ownBody(2);
		List<String[]> cases = List.of(new String[] { "closed without an answer", "", "without answering" },
				new String[] { "closed in the status line", "HTTP/1.1 20", "in the middle of a line" },
				new String[] { "closed in the headers", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n",
						"in the middle of the answer's headers" },
				new String[] { "closed in the body",
						"HTTP/1.1 200 OK\r\nContent-Length: " + (body.length() + 10) + "\r\n\r\n" + body,
						"10 bytes before the end of the answer" },
				new String[] { "closed in a chunked body",
						"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"suc",
						"before the end of a chunked answer" });
		List<Arguments> arguments = new ArrayList<>();
		for (boolean tls : new boolean[] { false, true }) {
			for (String[] c : cases) {
				arguments.add(Arguments.of(c[0], tls, c[1], c[2]));
			}
		}
		return arguments.stream();
	}

	/**
	 * Start a server that answers the second request as the script says, and every other one
	 * with its own answer.
	 */
	static ScriptedHttpServer answeringTheSecondRequest(boolean tls, ScriptedHttpServer.Script second) {
		return ScriptedHttpServer.start(tls,
				(number, request, out) -> (number == 2) ? second.answer(number, request, out) : answer(number, request, out));
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
				SrsrRestClientBuilders.create(PATIENT, readTimeout, TestRegistryTls.trust()));
	}

}
