package io.github.srsr.client.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 connection of {@link SrsrHttpRequestFactory}: a socket channel with
 * {@code TCP_NODELAY}, every phase of whose use is bounded by a deadline ({@link Wire}): the
 * connect deadline for name resolution, TCP connection and TLS handshake together, the exchange's
 * deadline for writing the request and reading the whole answer. Not thread-safe: a connection
 * serves one exchange at a time, and waits in its {@link Pool} in between.
 */
final class HttpConnection {

	private final String authority;

	private final SocketChannel channel;

	private final Wire wire;

	private final OutputStream out;

	private final AnswerInput in;

	private final boolean forwardedByProxy;

	private long idleSince;

	private HttpConnection(String authority, SocketChannel channel, Wire wire, InputStream in, OutputStream out,
			boolean forwardedByProxy) {
		this.authority = authority;
		this.forwardedByProxy = forwardedByProxy;
		this.channel = channel;
		this.wire = wire;
		this.out = out;
		this.in = new AnswerInput(in);
	}

	/**
	 * Open a connection, the TLS handshake included for https, all within the connect timeout.
	 * @param endpoint where to connect
	 * @param connectTimeoutMillis the bound of name resolution, TCP connection, proxy tunnel and
	 * TLS handshake together
	 * @param tls for https, what turns the TCP socket into a TLS one, otherwise {@code null}
	 * @param resolver resolves the host connected to
	 * @param proxy the HTTP proxy to go through, or {@code null} to connect directly
	 * @return the connection
	 * @throws IOException if the connection or the handshake fails; a timeout as
	 * {@link HttpConnectTimeoutException}
	 */
	static HttpConnection open(Endpoint endpoint, int connectTimeoutMillis,
			SrsrHttpRequestFactory.@Nullable TlsLayer tls, Resolver resolver, @Nullable InetSocketAddress proxy)
			throws IOException {
		long deadline = System.nanoTime() + connectTimeoutMillis * 1_000_000L;
		String host = (proxy != null) ? proxy.getHostString() : endpoint.host();
		int port = (proxy != null) ? proxy.getPort() : endpoint.port();
		InetAddress address = resolver.resolve(host, deadline);
		SocketChannel channel = SocketChannel.open();
		try {
			Socket socket = channel.socket();
			socket.setTcpNoDelay(true);
			try {
				socket.connect(new InetSocketAddress(address, port), Wire.millisLeft(deadline));
			}
			catch (IOException ex) {
				// The address may have changed: resolve it again for the next connection.
				resolver.forget(host);
				throw ex;
			}
			Wire wire = new Wire(channel);
			if (tls == null) {
				return new HttpConnection(endpoint.authority(), channel, wire, wire.input(), wire.output(),
						proxy != null);
			}
			wire.connecting(deadline);
			if (proxy != null) {
				tunnel(wire, endpoint);
			}
			Socket ssl = tls.layer(wire.socket(), endpoint.host(), endpoint.port());
			return new HttpConnection(endpoint.authority(), channel, wire, new TlsInput(ssl.getInputStream()),
					ssl.getOutputStream(), false);
		}
		catch (SocketTimeoutException ex) {
			closeQuietly(channel);
			throw Wire.connectTimeout("connect timed out", ex);
		}
		catch (IOException ex) {
			closeQuietly(channel);
			HttpConnectTimeoutException timeout = cause(ex, HttpConnectTimeoutException.class);
			throw (timeout != null) ? timeout : ex;
		}
		catch (RuntimeException ex) {
			closeQuietly(channel);
			throw ex;
		}
	}

	/**
	 * Ask the proxy for a tunnel to the endpoint ({@code CONNECT}, RFC 9110, 9.3.6), within the
	 * connect deadline; its answer's head is read byte by byte, so that nothing of what follows
	 * (the TLS handshake) is read with it.
	 */
	private static void tunnel(Wire wire, Endpoint endpoint) throws IOException {
		String target = SrsrHttpRequestFactory.uriHost(endpoint.host()) + ":" + endpoint.port();
		wire.output()
			.write(("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
		int status = HttpAnswer.readTunnelAnswer(wire.input());
		if (status < 200 || status > 299) {
			throw new IOException("the proxy refused a tunnel to " + target + " (status " + status + ")");
		}
	}

	private static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	String authority() {
		return this.authority;
	}

	/**
	 * Whether requests on this connection go to a proxy that forwards them (http through an
	 * HTTP proxy): they then name their whole URI.
	 * @return whether the request target is in absolute form
	 */
	boolean forwardedByProxy() {
		return this.forwardedByProxy;
	}

	/**
	 * Send a request, head and body in one write, within its deadline.
	 * @param request the request's bytes
	 * @param deadline the {@link System#nanoTime()} by which the request must have been written
	 * and the whole answer read
	 * @throws IOException if the write fails or does not end in time
	 */
	void send(byte[] request, long deadline) throws IOException {
		this.wire.exchanging(deadline);
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

	/**
	 * Close the connection: its channel, at once (over TLS without a {@code close_notify}, which
	 * could wait for the server; HTTP's framing, not TLS, says where an answer ends).
	 */
	void close() {
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
	 * The decrypted input of a TLS connection. The TLS socket reports a failure of the socket
	 * underneath (a timeout, an interrupt, the connection's end) wrapped in an
	 * {@link SSLException}: unwrapped here, so that a timeout reads as one rather than as a TLS
	 * failure.
	 */
	private static final class TlsInput extends InputStream {

		private final InputStream in;

		TlsInput(InputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n = read(one, 0, 1);
			return (n < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			try {
				return this.in.read(b, off, len);
			}
			catch (SSLException ex) {
				throw unwrapped(ex);
			}
		}

		@Override
		public int available() throws IOException {
			return this.in.available();
		}

		private static IOException unwrapped(SSLException ex) {
			Throwable cause = ex.getCause();
			return (cause instanceof IOException io && !(cause instanceof SSLException)) ? io : ex;
		}

	}

	/**
	 * Where a request goes: host (without the brackets of an IPv6 literal), port, and the key of
	 * its connections ({@code scheme://host:port}).
	 */
	record Endpoint(String scheme, String host, int port, String authority) {

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
