package io.github.srsr.client.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.AbstractBufferingClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.function.SingletonSupplier;

/**
 * The request factory behind the starter's {@code RestClient}: HTTP/1.1 on a plain
 * {@link Socket}, as little as the registry's protocol needs. Chosen by measurement (issue 12,
 * {@code docs/benchmarks.md}) over the JDK's two clients:
 * <ul>
 * <li>the JDK {@code HttpClient} (Spring's {@code JdkClientHttpRequestFactory}) writes every
 * request body from another thread, starts a selector thread per client and builds the JVM's
 * default {@code SSLContext} (some 450 classes) even for an {@code http://} registry;</li>
 * <li>{@code HttpURLConnection} either resends a POST on its own when the answer fails to arrive
 * (body buffered by the JDK: a registration could be made twice) or, when the body is streamed
 * (Spring's {@code SimpleClientHttpRequestFactory}), waits 1 ms on every reused connection to
 * check it; and it keeps idle connections with a {@code Keep-Alive-Timer} thread.</li>
 * </ul>
 * What it does:
 * <ul>
 * <li>The request's head and body go out in one write, on a socket with {@code TCP_NODELAY}. A
 * request is sent once: never resent by this factory.</li>
 * <li>Timeouts: every phase of a call is bounded. The connect timeout bounds name resolution
 * ({@link Resolver}), the TCP connection and the TLS handshake together; the read timeout bounds
 * the exchange, from the request's write to the last byte of the body (every read and write waits
 * at most for the time left: {@link Wire}). A timeout is reported as the JDK {@code HttpClient}
 * reports it ({@code HttpConnectTimeoutException}, {@code HttpTimeoutException}).</li>
 * <li>Redirects are not followed, compression is neither asked for nor undone (as with the JDK
 * {@code HttpClient} that Spring Boot builds). Answers are framed by {@code Content-Length},
 * chunked encoding, or the end of the connection.</li>
 * <li>Proxies: the JDK's {@link ProxySelector} (its default one reads the standard
 * {@code http.proxyHost}, {@code https.proxyHost}, {@code http.nonProxyHosts} properties) says
 * whether a new connection goes through an HTTP proxy: an http request is then sent to the proxy
 * in absolute form, an https one through a {@code CONNECT} tunnel, TLS end to end. No proxy
 * authentication; a SOCKS proxy is not used.</li>
 * <li>TLS only for {@code https://}: an {@link SslBundle}'s context, protocols and ciphers when
 * one is given, the JDK's default context otherwise; host name verified. No TLS class is loaded
 * for an {@code http://} registry.</li>
 * <li>Connections: no thread at all. A connection whose answer was read to its end waits for the
 * next request to its authority for at most {@link #IDLE_TIMEOUT}, checked (without waiting)
 * before it is used again. A request to an authority not called within the last
 * {@link #IDLE_TIMEOUT} asks the server to close the connection after answering: calls seconds
 * apart (heartbeats) keep no idle connection open in between, calls in quick succession (lookups
 * under load) reuse their connections.</li>
 * </ul>
 */
final class SrsrHttpRequestFactory implements ClientHttpRequestFactory {

	/**
	 * How long a connection may stay idle and still be used again; also how recent the previous
	 * request to an authority must be for a request to keep its connection open.
	 */
	static final Duration IDLE_TIMEOUT = Duration.ofSeconds(4);

	/** Idle connections kept per authority (as many as threads that call at once, usually). */
	static final int MAX_IDLE_PER_AUTHORITY = 16;

	private static final byte[] CRLF = { '\r', '\n' };

	private static final long LAST_REQUEST_RESOLUTION_NANOS = 1_000_000;

	private final int connectTimeoutMillis;

	private final long readTimeoutNanos;

	/** Built at the first https request: no TLS class is loaded for http. */
	private final SingletonSupplier<TlsLayer> tls;

	private final long idleTimeoutNanos;

	private final HttpConnection.Pool pool;

	private final Resolver resolver = new Resolver();

	/** The proxy selector, or {@code null} for the JDK's default one, looked up at each use. */
	private final @Nullable ProxySelector proxySelector;

	/** Per authority, the {@code System.nanoTime()} of the last request. */
	private final Map<String, Long> lastRequests = new ConcurrentHashMap<>();

	SrsrHttpRequestFactory(Duration connectTimeout, Duration readTimeout, @Nullable SslBundle sslBundle) {
		this(connectTimeout, readTimeout, sslBundle, IDLE_TIMEOUT);
	}

	SrsrHttpRequestFactory(Duration connectTimeout, Duration readTimeout, @Nullable SslBundle sslBundle,
			Duration idleTimeout) {
		this(connectTimeout, readTimeout, sslBundle, idleTimeout, null);
	}

	SrsrHttpRequestFactory(Duration connectTimeout, Duration readTimeout, @Nullable SslBundle sslBundle,
			Duration idleTimeout, @Nullable ProxySelector proxySelector) {
		this.proxySelector = proxySelector;
		this.idleTimeoutNanos = idleTimeout.toNanos();
		this.pool = new HttpConnection.Pool(this.idleTimeoutNanos, MAX_IDLE_PER_AUTHORITY);
		this.connectTimeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
		this.readTimeoutNanos = Math.max(1, readTimeout.toNanos());
		this.tls = SingletonSupplier.of(() -> Tls.layer(sslBundle));
	}

	/**
	 * Return how many idle connections are open.
	 * @return the number of idle connections
	 */
	int idleConnections() {
		return this.pool.idleCount();
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new IOException("not an http or https URL: " + uri);
		}
		String host = uri.getHost();
		if (host == null) {
			throw new IOException("URL without a host: " + uri);
		}
		return new Request(uri, httpMethod);
	}

	private boolean keepAlive(String authority) {
		long now = System.nanoTime();
		Long previous = this.lastRequests.get(authority);
		// Written at most once a millisecond: under load, threads writing the same entry on every
		// request contended for it (seen with 16 threads); the time kept is at most that much older.
		if (previous == null || now - previous > LAST_REQUEST_RESOLUTION_NANOS) {
			this.lastRequests.put(authority, now);
		}
		return previous != null && now - previous < this.idleTimeoutNanos;
	}

	private static HttpConnection.Endpoint endpoint(URI uri) {
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		String host = uri.getHost();
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : (scheme.equals("https") ? 443 : 80);
		return new HttpConnection.Endpoint(scheme, host, port, scheme + "://" + host + ":" + port);
	}

	/**
	 * The HTTP proxy to reach an endpoint through, as the proxy selector says (the JDK's default
	 * one reads the standard properties {@code http.proxyHost}, {@code https.proxyHost},
	 * {@code http.nonProxyHosts} and the rest); asked for each new connection, never for a
	 * pooled one. A SOCKS proxy is not supported: the connection is then made directly.
	 */
	private @Nullable InetSocketAddress proxy(HttpConnection.Endpoint endpoint) {
		ProxySelector selector = (this.proxySelector != null) ? this.proxySelector : ProxySelector.getDefault();
		if (selector == null) {
			return null;
		}
		List<Proxy> proxies = selector.select(URI.create(endpoint.scheme() + "://" + uriHost(endpoint.host()) + ":"
				+ endpoint.port()));
		if (proxies != null) {
			for (Proxy proxy : proxies) {
				if (proxy.type() == Proxy.Type.HTTP && proxy.address() instanceof InetSocketAddress address) {
					return address;
				}
				if (proxy.type() == Proxy.Type.DIRECT) {
					return null;
				}
			}
		}
		return null;
	}

	static String uriHost(String host) {
		return (host.indexOf(':') >= 0) ? "[" + host + "]" : host;
	}

	private static boolean mayHaveBody(HttpMethod method) {
		return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
	}

	/**
	 * The request's head and body, one array: {@code Host}, the request's headers (those that
	 * frame the message are this factory's), {@code Content-Length}, and {@code Connection: close}
	 * when the connection is not to be kept.
	 */
	private static byte[] requestBytes(URI uri, HttpMethod method, HttpHeaders headers, byte[] body,
			boolean keepAlive, boolean absoluteForm) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256 + body.length);
		String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath();
		if (uri.getRawQuery() != null) {
			path = path + "?" + uri.getRawQuery();
		}
		if (absoluteForm) {
			// To a proxy that forwards it (RFC 9112, 3.2.2): the whole URI, without user info.
			path = uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : "") + path;
		}
		ascii(out, method.name() + " " + path + " HTTP/1.1");
		if (!headers.containsHeader(HttpHeaders.HOST)) {
			int port = uri.getPort();
			ascii(out, "Host: " + uri.getHost() + ((port != -1) ? ":" + port : ""));
		}
		for (Map.Entry<String, List<String>> header : headers.headerSet()) {
			String name = header.getKey();
			if (isFraming(name)) {
				continue;
			}
			checkToken(name);
			for (String value : header.getValue()) {
				String text = (value != null) ? value : "";
				checkValue(name, text);
				out.write(name.getBytes(StandardCharsets.ISO_8859_1));
				out.write(':');
				out.write(' ');
				out.write(text.getBytes(StandardCharsets.ISO_8859_1));
				out.write(CRLF);
			}
		}
		if (body.length > 0 || mayHaveBody(method)) {
			ascii(out, "Content-Length: " + body.length);
		}
		if (!keepAlive) {
			ascii(out, "Connection: close");
		}
		out.write(CRLF);
		out.write(body);
		return out.toByteArray();
	}

	private static boolean isFraming(String name) {
		return name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH) || name.equalsIgnoreCase(HttpHeaders.TRANSFER_ENCODING)
				|| name.equalsIgnoreCase(HttpHeaders.CONNECTION) || name.equalsIgnoreCase("Keep-Alive")
				|| name.equalsIgnoreCase(HttpHeaders.UPGRADE) || name.equalsIgnoreCase(HttpHeaders.TE);
	}

	private static void ascii(ByteArrayOutputStream out, String line) throws IOException {
		out.write(line.getBytes(StandardCharsets.ISO_8859_1));
		out.write(CRLF);
	}

	private static void checkToken(String name) throws IOException {
		if (name.isEmpty()) {
			throw new IOException("empty header name");
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
				throw new IOException("invalid header name '" + name + "'");
			}
		}
	}

	private static void checkValue(String name, String value) throws IOException {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\r' || c == '\n' || c == 0) {
				throw new IOException("invalid character in the value of header '" + name + "'");
			}
		}
	}

	private final class Request extends AbstractBufferingClientHttpRequest {

		private final URI uri;

		private final HttpMethod method;

		Request(URI uri, HttpMethod method) {
			this.uri = uri;
			this.method = method;
		}

		@Override
		public HttpMethod getMethod() {
			return this.method;
		}

		@Override
		public URI getURI() {
			return this.uri;
		}

		@Override
		protected ClientHttpResponse executeInternal(HttpHeaders headers, byte[] body) throws IOException {
			HttpConnection.Endpoint endpoint = endpoint(this.uri);
			boolean keepAlive = keepAlive(endpoint.authority());
			HttpConnection connection = SrsrHttpRequestFactory.this.pool.take(endpoint.authority());
			if (connection == null) {
				connection = HttpConnection.open(endpoint, SrsrHttpRequestFactory.this.connectTimeoutMillis,
						endpoint.scheme().equals("https") ? SrsrHttpRequestFactory.this.tls.obtain() : null,
						SrsrHttpRequestFactory.this.resolver, proxy(endpoint));
			}
			try {
				byte[] request = requestBytes(this.uri, this.method, headers, body, keepAlive,
						connection.forwardedByProxy());
				connection.send(request, System.nanoTime() + SrsrHttpRequestFactory.this.readTimeoutNanos);
				return HttpAnswer.read(connection, this.method == HttpMethod.HEAD, keepAlive,
						SrsrHttpRequestFactory.this.pool);
			}
			catch (IOException | RuntimeException ex) {
				connection.close();
				throw ex;
			}
		}

	}

	/**
	 * An answer: status, headers, and a body that gives the connection back to the pool once
	 * read to its end (or closes it, when closed before).
	 */
	static final class Response implements ClientHttpResponse {

		private final HttpStatusCode status;

		private final String reason;

		private final HttpHeaders headers;

		private final InputStream body;

		Response(HttpStatusCode status, String reason, HttpHeaders headers, InputStream body) {
			this.status = status;
			this.reason = reason;
			this.headers = headers;
			this.body = body;
		}

		@Override
		public HttpStatusCode getStatusCode() {
			return this.status;
		}

		@Override
		public String getStatusText() {
			return this.reason;
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public InputStream getBody() {
			return this.body;
		}

		/**
		 * Close without reading what is left of the body: a connection whose answer was not read
		 * to its end is closed, not kept.
		 */
		@Override
		public void close() {
			try {
				this.body.close();
			}
			catch (IOException ex) {
				// Nothing to do: the connection is closed either way.
			}
		}

	}

	/**
	 * Turns a connected TCP socket into a TLS one, host name verified; the handshake's reads and
	 * writes are bounded by the socket's streams ({@link Wire}).
	 */
	interface TlsLayer {

		Socket layer(Socket socket, String host, int port) throws IOException;

	}

	/**
	 * Everything TLS, in a class of its own: loaded only for an https request.
	 */
	private static final class Tls implements TlsLayer {

		private final SSLSocketFactory factory;

		private final @Nullable SslOptions options;

		private Tls(SSLSocketFactory factory, @Nullable SslOptions options) {
			this.factory = factory;
			this.options = options;
		}

		static TlsLayer layer(@Nullable SslBundle bundle) {
			if (bundle == null) {
				return new Tls((SSLSocketFactory) SSLSocketFactory.getDefault(), null);
			}
			return new Tls(bundle.createSslContext().getSocketFactory(), bundle.getOptions());
		}

		@Override
		public Socket layer(Socket socket, String host, int port) throws IOException {
			SSLSocket ssl = (SSLSocket) this.factory.createSocket(socket, host, port, true);
			try {
				SSLParameters parameters = ssl.getSSLParameters();
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
				if (this.options != null && this.options.getCiphers() != null) {
					parameters.setCipherSuites(this.options.getCiphers());
				}
				if (this.options != null && this.options.getEnabledProtocols() != null) {
					parameters.setProtocols(this.options.getEnabledProtocols());
				}
				ssl.setSSLParameters(parameters);
				ssl.startHandshake();
				return ssl;
			}
			catch (IOException | RuntimeException ex) {
				ssl.close();
				throw ex;
			}
		}

	}

}
