package io.github.srsr.client.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

/**
 * Name resolution of the starter's HTTP client ({@link Resolver}): bounded by the connect
 * deadline although the JDK's lookup is not, on a thread only when a name must be looked up, and
 * at most one lookup of a name at a time.
 */
class ResolverTests {

	private static final InetAddress ADDRESS = InetAddress.getLoopbackAddress();

	private static final long LONG_TTL = Duration.ofMinutes(1).toNanos();

	@Test
	void aLookupThatHangsEndsTheCallAtTheDeadline() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		Resolver resolver = new Resolver(LONG_TTL, (host) -> {
			awaitQuietly(release);
			return ADDRESS;
		});
		try {
			long start = System.nanoTime();
			assertThatExceptionOfType(HttpConnectTimeoutException.class)
				.isThrownBy(() -> resolver.resolve("registry.example", deadlineIn(Duration.ofSeconds(2))))
				.withMessage("connect timed out (resolving registry.example)");
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofMillis(3500));
		}
		finally {
			release.countDown();
		}
		// The lookup, once it ends, is kept for the next call.
		await().atMost(Duration.ofSeconds(5)).until(() -> noResolverThread());
		assertThat(resolver.resolve("registry.example", deadlineIn(Duration.ofSeconds(2)))).isEqualTo(ADDRESS);
	}

	@Test
	void callersOfTheSameNameShareTheLookupInFlight() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger lookups = new AtomicInteger();
		Resolver resolver = new Resolver(LONG_TTL, (host) -> {
			lookups.incrementAndGet();
			awaitQuietly(release);
			return ADDRESS;
		});
		try {
			for (int i = 0; i < 3; i++) {
				assertThatExceptionOfType(HttpConnectTimeoutException.class)
					.isThrownBy(() -> resolver.resolve("registry.example", deadlineIn(Duration.ofMillis(200))));
			}
			assertThat(lookups).hasValue(1);
			assertThat(resolverThreads()).isOne();
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void aResolvedNameIsKeptForTheTtlAndLookedUpAgainAfter() throws Exception {
		AtomicInteger lookups = new AtomicInteger();
		Resolver resolver = new Resolver(Duration.ofMillis(300).toNanos(), (host) -> {
			lookups.incrementAndGet();
			return ADDRESS;
		});
		for (int i = 0; i < 5; i++) {
			assertThat(resolver.resolve("registry.example", deadlineIn(Duration.ofSeconds(5)))).isEqualTo(ADDRESS);
		}
		assertThat(lookups).hasValue(1);
		await().pollDelay(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> true);
		resolver.resolve("registry.example", deadlineIn(Duration.ofSeconds(5)));
		assertThat(lookups).hasValue(2);
		resolver.forget("registry.example");
		resolver.resolve("registry.example", deadlineIn(Duration.ofSeconds(5)));
		assertThat(lookups).hasValue(3);
	}

	@Test
	void anUnknownHostIsReportedAsSuchAndNotKept() {
		AtomicInteger lookups = new AtomicInteger();
		Resolver resolver = new Resolver(LONG_TTL, (host) -> {
			lookups.incrementAndGet();
			throw new UnknownHostException(host);
		});
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(UnknownHostException.class)
				.isThrownBy(() -> resolver.resolve("nowhere.invalid", deadlineIn(Duration.ofSeconds(5))))
				.withMessage("nowhere.invalid");
		}
		assertThat(lookups).hasValue(2);
	}

	@Test
	void anIpLiteralIsNeverLookedUp() throws IOException {
		Resolver resolver = new Resolver(LONG_TTL, (host) -> {
			throw new AssertionError("looked up " + host);
		});
		assertThat(resolver.resolve("127.0.0.1", deadlineIn(Duration.ofSeconds(1))).getHostAddress())
			.isEqualTo("127.0.0.1");
		assertThat(resolver.resolve("::1", deadlineIn(Duration.ofSeconds(1))).getHostAddress())
			.isEqualTo("0:0:0:0:0:0:0:1");
		assertThat(Resolver.isLiteral("registry.example")).isFalse();
		assertThat(Resolver.isLiteral("10.0.0.5")).isTrue();
		assertThat(Resolver.isLiteral("192.0.2.9")).isTrue();
		assertThat(Resolver.isLiteral("10.0.0.5x")).isFalse();
		assertThat(Resolver.isLiteral("/10.0.0.5")).isFalse();
		assertThat(Resolver.isLiteral("")).isFalse();
	}

	@Test
	void anInterruptEndsTheWaitForALookupAndStaysSet() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		Resolver resolver = new Resolver(LONG_TTL, (host) -> {
			awaitQuietly(release);
			return ADDRESS;
		});
		try {
			Thread.currentThread().interrupt();
			assertThatExceptionOfType(InterruptedIOException.class)
				.isThrownBy(() -> resolver.resolve("registry.example", deadlineIn(Duration.ofSeconds(30))))
				.withMessage("interrupted while resolving registry.example");
			assertThat(Thread.interrupted()).as("the calling thread's interrupt, kept").isTrue();
		}
		finally {
			Thread.interrupted();
			release.countDown();
		}
	}

	@Test
	void aLookupThatFailsOtherwiseIsReportedAsItFailed() {
		Resolver resolver = new Resolver(LONG_TTL, (host) -> {
			throw new IOException("name service unavailable");
		});
		assertThatIOException()
			.isThrownBy(() -> resolver.resolve("registry.example", deadlineIn(Duration.ofSeconds(5))))
			.withMessage("name service unavailable");
		Resolver broken = new Resolver(LONG_TTL, (host) -> {
			throw new IllegalStateException("no name service");
		});
		assertThatExceptionOfType(UnknownHostException.class)
			.isThrownBy(() -> broken.resolve("registry.example", deadlineIn(Duration.ofSeconds(5))))
			.withMessage("registry.example");
	}

	@Test
	void aLookupThatHangsDoesNotKeepTheJvmAlive() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		Resolver resolver = new Resolver(LONG_TTL, (host) -> {
			awaitQuietly(release);
			return ADDRESS;
		});
		try {
			assertThatExceptionOfType(HttpConnectTimeoutException.class)
				.isThrownBy(() -> resolver.resolve("registry.example", deadlineIn(Duration.ofMillis(100))));
			assertThat(Thread.getAllStackTraces().keySet().stream().filter((t) -> t.getName().equals("srsr-resolve")))
				.isNotEmpty()
				.allMatch(Thread::isDaemon);
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void aConnectionThatFailsMakesTheNextOneResolveAgain() throws Exception {
		AtomicInteger lookups = new AtomicInteger();
		Resolver resolver = new Resolver(LONG_TTL, (host) -> {
			lookups.incrementAndGet();
			return ADDRESS;
		});
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, ADDRESS)) {
			closedPort = socket.getLocalPort();
		}
		HttpConnection.Endpoint endpoint = new HttpConnection.Endpoint("http", "registry.example", closedPort,
				"http://registry.example:" + closedPort);
		for (int i = 1; i <= 2; i++) {
			assertThatExceptionOfType(ConnectException.class)
				.isThrownBy(() -> HttpConnection.open(endpoint, 5000, null, resolver, null));
			assertThat(lookups).hasValue(i);
		}
	}

	private static long deadlineIn(Duration duration) {
		return System.nanoTime() + duration.toNanos();
	}

	private static long resolverThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter((t) -> t.getName().equals("srsr-resolve")).count();
	}

	private static boolean noResolverThread() {
		return resolverThreads() == 0;
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
