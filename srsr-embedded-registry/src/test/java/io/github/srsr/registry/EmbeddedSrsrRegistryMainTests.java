package io.github.srsr.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The command line: srsr's flags, help, errors and exit codes, and a real start and stop.
 */
class EmbeddedSrsrRegistryMainTests {

	private static final Pattern LISTENING = Pattern
		.compile("srsr embedded registry listening on http://localhost:(\\d+) \\(timeout \\d+s\\)");

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@ParameterizedTest
	@ValueSource(strings = { "--help", "-h", "-help" })
	void helpPrintsUsageAndExitsZero(String flag) {
		assertThat(run(flag)).isZero();
		assertThat(out()).contains("Usage:", "-p PORT", "-t TIMEOUT_SECONDS", "default 4214", "default 30");
		assertThat(err()).isEmpty();
	}

	@Test
	void anUnknownFlagPrintsAnErrorAndUsageAndExitsTwo() {
		assertThat(run("-x")).isEqualTo(2);
		assertThat(err()).startsWith("flag provided but not defined: -x").contains("Usage:");
		assertThat(out()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "-p abc", "-p 70000", "-t 0", "-t soon", "-p=-1" })
	void aBadValuePrintsAnErrorAndUsageAndExitsTwo(String args) {
		assertThat(run(args.split(" "))).isEqualTo(2);
		assertThat(err()).startsWith("invalid value ").contains("for flag -" + args.charAt(1), "Usage:");
	}

	@Test
	void aMissingValuePrintsAnErrorAndExitsTwo() {
		assertThat(run("-p")).isEqualTo(2);
		assertThat(err()).startsWith("flag needs an argument: -p");
	}

	@Test
	void aPositionalArgumentIsRefused() {
		assertThat(run("serve")).isEqualTo(2);
		assertThat(err()).startsWith("unexpected argument: serve");
	}

	@Test
	void aPortInUsePrintsOneLineNamingThePortAndExitsOne() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();
			assertThat(run("-p", Integer.toString(port))).isEqualTo(1);
			assertThat(err()).isEqualTo(
					"srsr embedded registry: port " + port + " on localhost is already in use" + System.lineSeparator());
			assertThat(out()).isEmpty();
		}
	}

	@Test
	void servesUntilInterruptedThenStops() throws Exception {
		int port = freePort();
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<Integer> exitCode = executor.submit(() -> run("-p=" + port, "--t", "5"));
			String expected = "srsr embedded registry listening on http://localhost:" + port + " (timeout 5s)";
			await().atMost(Duration.ofSeconds(5)).until(() -> out().startsWith(expected + System.lineSeparator()));
			SrsrTestClient client = new SrsrTestClient(URI.create("http://localhost:" + port));
			String id = client.register("svc", "http://a:1");
			assertThat(client.heartbeat(id)).isTrue();
			executor.shutdownNow();
			await().atMost(Duration.ofSeconds(5)).until(exitCode::isDone);
			assertThat(exitCode.get()).isZero();
			assertThat(out()).endsWith("srsr embedded registry stopped" + System.lineSeparator());
			assertThatThrownBy(() -> client.lookup("svc")).isInstanceOf(UncheckedIOException.class)
				.hasCauseInstanceOf(ConnectException.class);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void portZeroListensOnAFreePortAndSaysWhichOne() throws Exception {
		try (Background main = new Background("-p", "0")) {
			int port = main.listeningPort();
			assertThat(port).isBetween(1, 65535);
			assertThat(new SrsrTestClient(URI.create("http://localhost:" + port)).lookup("svc").body())
				.isEqualTo("{\"address\":\"\",\"success\":false}");
		}
	}

	@Test
	void portZeroPicksAnotherFreePortEachTime() throws Exception {
		try (Background first = new Background("-p", "0")) {
			int firstPort = first.listeningPort();
			try (Background second = new Background("-p", "0")) {
				assertThat(second.listeningPort()).isNotEqualTo(firstPort);
			}
		}
	}

	@Test
	void theHighestPortIsAccepted() throws Exception {
		try (Background main = new Background("-p", "65535")) {
			assertThat(main.listeningPort()).isEqualTo(65535);
			SrsrTestClient client = new SrsrTestClient(URI.create("http://localhost:65535"));
			String id = client.register("svc", "http://a:1");
			assertThat(client.heartbeat(id)).isTrue();
		}
	}

	@Test
	void aOneSecondTimeoutExpiresAnInstanceAboutASecondAfterItsLastHeartbeat() throws Exception {
		try (Background main = new Background("-p", "0", "-t", "1")) {
			int port = main.listeningPort();
			assertThat(main.out()).contains("(timeout 1s)");
			SrsrTestClient client = new SrsrTestClient(URI.create("http://localhost:" + port));
			String id = client.register("svc", "http://a:1");
			long beforeHeartbeat = System.nanoTime();
			assertThat(client.heartbeat(id)).isTrue();
			await().atMost(Duration.ofSeconds(8))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> !client.lookup("svc").json().get("success").booleanValue());
			// Measured from before the heartbeat, so that a busy machine only makes it longer.
			assertThat(Duration.ofNanos(System.nanoTime() - beforeHeartbeat)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
			assertThat(client.heartbeat(id)).isFalse();
		}
	}

	private int run(String... args) {
		return EmbeddedSrsrRegistryMain.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private String out() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	private String err() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

	/**
	 * The command line running on its own thread with its own output, stopped like
	 * {@link #servesUntilInterruptedThenStops()} stops it.
	 */
	private static final class Background implements AutoCloseable {

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		private final ByteArrayOutputStream err = new ByteArrayOutputStream();

		private final ExecutorService executor = Executors.newSingleThreadExecutor();

		private final Future<Integer> exitCode;

		Background(String... args) {
			PrintStream out = new PrintStream(this.out, true, StandardCharsets.UTF_8);
			PrintStream err = new PrintStream(this.err, true, StandardCharsets.UTF_8);
			this.exitCode = this.executor.submit(() -> EmbeddedSrsrRegistryMain.run(args, out, err));
		}

		/** The port its start-up line names, once it has printed it. */
		int listeningPort() {
			await().atMost(Duration.ofSeconds(5))
				.until(() -> LISTENING.matcher(out()).find() || this.exitCode.isDone());
			Matcher matcher = LISTENING.matcher(out());
			assertThat(matcher.find()).as("start-up line; stderr: %s", this.err.toString(StandardCharsets.UTF_8))
				.isTrue();
			return Integer.parseInt(matcher.group(1));
		}

		String out() {
			return this.out.toString(StandardCharsets.UTF_8);
		}

		@Override
		public void close() throws Exception {
			this.executor.shutdownNow();
			await().atMost(Duration.ofSeconds(5)).until(this.exitCode::isDone);
			assertThat(this.exitCode.get()).isZero();
		}

	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
