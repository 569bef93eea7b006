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

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
