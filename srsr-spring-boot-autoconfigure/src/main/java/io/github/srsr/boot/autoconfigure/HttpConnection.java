package io.github.srsr.boot.autoconfigure;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 connection of {@link SrsrHttpRequestFactory}: a socket with
 * {@code TCP_NODELAY}, read through a buffer whose every read is bounded by the deadline of the
 * exchange in progress. Not thread-safe: a connection serves one exchange at a time, and waits in
 * its {@link Pool} in between.
 */
final class HttpConnection {

	private final String authority;

	private final SocketChannel channel;

	private final Socket socket;

	private final OutputStream out;

	private final AnswerInput in;

	private final DeadlineInputStream timed;

	private long idleSince;

	private HttpConnection(String authority, SocketChannel channel, Socket socket) throws IOException {
		this.authority = authority;
		this.channel = channel;
		this.socket = socket;
		this.out = socket.getOutputStream();
		this.timed = new DeadlineInputStream(socket, socket.getInputStream());
		this.in = new AnswerInput(this.timed);
	}

	/**
	 * Open a connection, the TLS handshake included for https.
	 * @param endpoint where to connect
	 * @param connectTimeoutMillis the bound of the TCP connection and of the TLS handshake
	 * @param tls for https, what turns the TCP socket into a TLS one, otherwise {@code null}
	 * @return the connection
	 * @throws IOException if the connection or the handshake fails; a timeout as
	 * {@link HttpConnectTimeoutException}
	 */
	static HttpConnection open(Endpoint endpoint, int connectTimeoutMillis,
			SrsrHttpRequestFactory.@Nullable TlsLayer tls)
			throws IOException {
		SocketChannel channel = SocketChannel.open();
		try {
			Socket socket = channel.socket();
			socket.setTcpNoDelay(true);
			socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), connectTimeoutMillis);
			if (tls != null) {
				socket.setSoTimeout(connectTimeoutMillis);
				socket = tls.layer(socket, endpoint.host(), endpoint.port());
			}
			return new HttpConnection(endpoint.authority(), channel, socket);
		}
		catch (SocketTimeoutException ex) {
			closeQuietly(channel);
			throw connectTimeout(ex);
		}
		catch (IOException | RuntimeException ex) {
			closeQuietly(channel);
			throw ex;
		}
	}

	private static IOException connectTimeout(SocketTimeoutException ex) {
		HttpConnectTimeoutException timeout = new HttpConnectTimeoutException("connect timed out");
		timeout.initCause(ex);
		return timeout;
	}

	String authority() {
		return this.authority;
	}

	/**
	 * Send a request, head and body in one write, and start its deadline.
	 * @param request the request's bytes
	 * @param deadline the {@link System#nanoTime()} by which the whole answer must have been read
	 * @throws IOException if the write fails
	 */
	void send(byte[] request, long deadline) throws IOException {
		this.timed.deadline = deadline;
		this.out.write(request);
		this.out.flush();
	}

	/**
	 * Return the answer's bytes, read within the deadline given to {@link #send}.
	 * @return the buffered input
	 */
	InputStream input() {
		return this.in;
	}

	/**
	 * Whether the answer just read left nothing behind in this connection's own buffer: an
	 * answer followed by bytes its framing does not account for leaves its connection unusable.
	 * No system call: what is still in the socket (or, for TLS, in its records) is looked at by
	 * {@link #isUsable()} before the connection is used again.
	 * @return whether the buffer is empty
	 */
	boolean consumedExactly() {
		return this.in.buffered() == 0;
	}

	/**
	 * Whether an idle connection can take another request: the server has neither closed it nor
	 * sent anything unasked. Checked without waiting, TLS or not: nothing left in this
	 * connection's buffer, nothing decrypted and unread in the TLS socket ({@code available()}
	 * of an {@code SSLSocket} counts what it has decrypted), and a non-blocking read of the TCP
	 * socket underneath finds neither bytes nor its end. For TLS, bytes there are records the
	 * server sent unasked: the rest of an answer longer than it said, a {@code close_notify}
	 * before it closed the connection (or, rarely, a late session ticket or key update): the
	 * connection is not used again in every such case, which costs a new connection at worst.
	 */
	boolean isUsable() {
		if (!this.channel.isOpen()) {
			return false;
		}
		try {
			if (this.in.available() > 0) {
				return false;
			}
			this.channel.configureBlocking(false);
			try {
				return this.channel.read(ByteBuffer.allocate(1)) == 0;
			}
			finally {
				this.channel.configureBlocking(true);
			}
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// Nothing to do: the connection is abandoned either way.
		}
		closeQuietly(this.channel);
	}

	private static void closeQuietly(SocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// Nothing to do.
		}
	}

	/**
	 * The buffered input of a connection, which can tell whether it holds bytes not yet read.
	 */
	private static final class AnswerInput extends BufferedInputStream {

		AnswerInput(InputStream in) {
			super(in, 8192);
		}

		int buffered() {
			return this.count - this.pos;
		}

	}

	/**
	 * Where a request goes: host (without the brackets of an IPv6 literal), port, and the key of
	 * its connections ({@code scheme://host:port}).
	 */
	record Endpoint(String scheme, String host, int port, String authority) {

	}

	/**
	 * Reads from the socket with the time left until the deadline as the socket's timeout: a
	 * registry that sends nothing, or its answer a few bytes at a time, ends the exchange at the
	 * deadline.
	 */
	private static final class DeadlineInputStream extends InputStream {

		private static final long SLICE_MILLIS = 100;

		private final Socket socket;

		private final InputStream in;

		private long deadline;

		DeadlineInputStream(Socket socket, InputStream in) {
			this.socket = socket;
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n = read(one, 0, 1);
			return (n < 0) ? -1 : (one[0] & 0xff);
		}

		/**
		 * Read, waiting at most until the deadline, in slices of at most {@link #SLICE_MILLIS}
		 * between which an interrupt of the calling thread ends the wait: a socket read is not
		 * interruptible by itself.
		 */
		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			while (true) {
				long remaining = this.deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new HttpTimeoutException("no complete answer within the read timeout");
				}
				if (Thread.currentThread().isInterrupted()) {
					throw new InterruptedIOException("interrupted while waiting for the answer");
				}
				long millis = Math.max(1, (remaining + 999_999) / 1_000_000);
				this.socket.setSoTimeout((int) Math.min(SLICE_MILLIS, millis));
				try {
					return this.in.read(b, off, len);
				}
				catch (SocketTimeoutException ex) {
					if (millis <= SLICE_MILLIS) {
						HttpTimeoutException timeout = new HttpTimeoutException(
								"no complete answer within the read timeout");
						timeout.initCause(ex);
						throw timeout;
					}
				}
			}
		}

		@Override
		public int available() throws IOException {
			return this.in.available();
		}

	}

	/**
	 * Idle connections per authority, most recently used first. An idle connection is closed
	 * once it has been idle longer than the idle timeout, when the pool is next used for its
	 * authority: no timer, no thread. Lock-free: with more calling threads than cores, a thread
	 * preempted while holding a lock made the others wait for its next time slice (seen with 16
	 * threads on 2 cores: waits of 10 ms and more).
	 */
	static final class Pool {

		private final Map<String, Idle> idle = new ConcurrentHashMap<>();

		private final long idleTimeoutNanos;

		private final int maxIdlePerAuthority;

		Pool(long idleTimeoutNanos, int maxIdlePerAuthority) {
			this.idleTimeoutNanos = idleTimeoutNanos;
			this.maxIdlePerAuthority = maxIdlePerAuthority;
		}

		/**
		 * Take a usable idle connection to the given authority.
		 * @param authority the authority
		 * @return a connection, or {@code null} if there is none
		 */
		@Nullable HttpConnection take(String authority) {
			Idle connections = this.idle.get(authority);
			if (connections == null) {
				return null;
			}
			HttpConnection connection;
			while ((connection = connections.pollFirst()) != null) {
				if (expired(connection, System.nanoTime())) {
					// The most recent one has expired: so have all older ones.
					connection.close();
					connections.closeAll();
					return null;
				}
				if (connection.isUsable()) {
					return connection;
				}
				connection.close();
			}
			return null;
		}

		/**
		 * Give back a connection whose last answer was read to its end.
		 * @param connection the connection
		 */
		void release(HttpConnection connection) {
			long now = System.nanoTime();
			connection.idleSince = now;
			Idle connections = this.idle.computeIfAbsent(connection.authority(), (key) -> new Idle());
			// Only looked at, not taken, unless it has expired: most releases write nothing but their own
			// connection. Whoever removes an expired connection closes it, be it here or in take.
			HttpConnection oldest;
			while ((oldest = connections.peekLast()) != null && expired(oldest, now)) {
				if (connections.remove(oldest)) {
					oldest.close();
				}
			}
			connections.offerFirst(connection);
			while (connections.size() > this.maxIdlePerAuthority && (oldest = connections.pollLast()) != null) {
				oldest.close();
			}
		}

		/**
		 * Return how many idle connections the pool holds.
		 * @return the number of idle connections
		 */
		int idleCount() {
			return this.idle.values().stream().mapToInt(Idle::size).sum();
		}

		private boolean expired(HttpConnection connection, long now) {
			return now - connection.idleSince > this.idleTimeoutNanos;
		}

	}

	/**
	 * The idle connections of one authority: a lock-free deque and its size, kept beside it (the
	 * deque's own {@code size()} walks it).
	 */
	private static final class Idle {

		private final ConcurrentLinkedDeque<HttpConnection> connections = new ConcurrentLinkedDeque<>();

		private final AtomicInteger size = new AtomicInteger();

		@Nullable HttpConnection pollFirst() {
			return counted(this.connections.pollFirst());
		}

		@Nullable HttpConnection pollLast() {
			return counted(this.connections.pollLast());
		}

		@Nullable HttpConnection peekLast() {
			return this.connections.peekLast();
		}

		/**
		 * Remove the given connection, unless another thread took it first.
		 * @param connection the connection
		 * @return whether this call removed it
		 */
		boolean remove(HttpConnection connection) {
			if (!this.connections.removeLastOccurrence(connection)) {
				return false;
			}
			this.size.decrementAndGet();
			return true;
		}

		void offerFirst(HttpConnection connection) {
			this.connections.offerFirst(connection);
			this.size.incrementAndGet();
		}

		int size() {
			return this.size.get();
		}

		void closeAll() {
			HttpConnection connection;
			while ((connection = pollFirst()) != null) {
				connection.close();
			}
		}

		private @Nullable HttpConnection counted(@Nullable HttpConnection connection) {
			if (connection != null) {
				this.size.decrementAndGet();
			}
			return connection;
		}

	}

}
