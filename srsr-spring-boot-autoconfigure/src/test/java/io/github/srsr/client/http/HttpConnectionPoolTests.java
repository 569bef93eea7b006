package io.github.srsr.client.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The idle connections of {@link SrsrHttpRequestFactory} ({@link HttpConnection.Pool}), on real
 * sockets to a server that holds every connection open: most recent first, at most so many kept,
 * none used past the idle timeout, and never one connection handed to two threads at once.
 */
class HttpConnectionPoolTests {

	private static final long LONG_IDLE = Duration.ofMinutes(1).toNanos();

	private ServerSocket server;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private HttpConnection.Endpoint endpoint;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> {
			while (!this.server.isClosed()) {
				try {
					this.accepted.add(this.server.accept());
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "pool-test-acceptor");
		acceptor.setDaemon(true);
		acceptor.start();
		String host = this.server.getInetAddress().getHostAddress();
		this.endpoint = new HttpConnection.Endpoint("http", host, this.server.getLocalPort(),
				"http://" + host + ":" + this.server.getLocalPort());
	}

	@AfterEach
	void stopServer() throws IOException {
		this.server.close();
		for (Socket socket : this.accepted) {
			socket.close();
		}
	}

	@Test
	void theMostRecentlyReleasedConnectionIsTakenFirst() throws IOException {
		HttpConnection.Pool pool = new HttpConnection.Pool(LONG_IDLE, 16);
		HttpConnection older = open();
		HttpConnection newer = open();
		pool.release(older);
		pool.release(newer);
		assertThat(pool.take(this.endpoint.authority())).isSameAs(newer);
		assertThat(pool.take(this.endpoint.authority())).isSameAs(older);
		assertThat(pool.take(this.endpoint.authority())).isNull();
		assertThat(pool.idleCount()).isZero();
	}

	@Test
	void connectionsBeyondTheMostKeptAreClosedOldestFirst() throws IOException {
		HttpConnection.Pool pool = new HttpConnection.Pool(LONG_IDLE, 3);
		List<HttpConnection> connections = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			HttpConnection connection = open();
			connections.add(connection);
			pool.release(connection);
		}
		assertThat(pool.idleCount()).isEqualTo(3);
		assertThat(connections.subList(0, 2)).noneMatch(HttpConnection::isUsable);
		assertThat(connections.subList(2, 5)).allMatch(HttpConnection::isUsable);
	}

	@Test
	void connectionsIdleLongerThanTheIdleTimeoutAreClosedNotTaken() throws IOException {
		HttpConnection.Pool pool = new HttpConnection.Pool(Duration.ofMillis(200).toNanos(), 16);
		HttpConnection first = open();
		HttpConnection second = open();
		pool.release(first);
		pool.release(second);
		await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> true);
		assertThat(pool.take(this.endpoint.authority())).isNull();
		assertThat(pool.idleCount()).isZero();
		assertThat(List.of(first, second)).noneMatch(HttpConnection::isUsable);
	}

	@Test
	void aReleaseClosesTheConnectionsThatExpiredMeanwhile() throws IOException {
		HttpConnection.Pool pool = new HttpConnection.Pool(Duration.ofMillis(200).toNanos(), 16);
		HttpConnection expired = open();
		pool.release(expired);
		await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> true);
		HttpConnection fresh = open();
		pool.release(fresh);
		assertThat(expired.isUsable()).isFalse();
		assertThat(pool.idleCount()).isOne();
		assertThat(pool.take(this.endpoint.authority())).isSameAs(fresh);
	}

	@Test
	void connectionTheServerClosedIsClosedNotTaken() throws IOException {
		HttpConnection.Pool pool = new HttpConnection.Pool(LONG_IDLE, 16);
		HttpConnection connection = open();
		pool.release(connection);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.accepted.size() == 1);
		for (Socket socket : this.accepted) {
			socket.close();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> !connection.isUsable());
		assertThat(pool.take(this.endpoint.authority())).isNull();
		assertThat(pool.idleCount()).isZero();
	}

	@Test
	void sixteenThreadsNeverShareAConnection() throws Exception {
		sixteenThreadsNeverShareAConnection(LONG_IDLE);
	}

	@Test
	void sixteenThreadsNeverShareAConnectionWhileConnectionsExpire() throws Exception {
		// Expired connections are removed by releases and takes racing for them.
		sixteenThreadsNeverShareAConnection(Duration.ofMillis(1).toNanos());
	}

	private void sixteenThreadsNeverShareAConnection(long idleTimeoutNanos) throws Exception {
		int threads = 16;
		HttpConnection.Pool pool = new HttpConnection.Pool(idleTimeoutNanos, 4);
		Set<HttpConnection> inUse = ConcurrentHashMap.newKeySet();
		Set<HttpConnection> opened = ConcurrentHashMap.newKeySet();
		AtomicInteger sharedOrClosed = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				done.add(executor.submit(() -> {
					for (int i = 0; i < 500; i++) {
						HttpConnection connection = pool.take(this.endpoint.authority());
						if (connection == null) {
							connection = open();
							opened.add(connection);
						}
						if (!inUse.add(connection) || !connection.isUsable()) {
							sharedOrClosed.incrementAndGet();
						}
						inUse.remove(connection);
						pool.release(connection);
					}
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(sharedOrClosed).hasValue(0);
		assertThat(pool.idleCount()).isBetween(1, 4);
		// Every connection opened is either idle in the pool, and usable, or closed.
		long usable = opened.stream().filter(HttpConnection::isUsable).count();
		assertThat(usable).isEqualTo(pool.idleCount());
	}

	private HttpConnection open() throws IOException {
		return HttpConnection.open(this.endpoint, 2000, null, new Resolver(), null);
	}

}
