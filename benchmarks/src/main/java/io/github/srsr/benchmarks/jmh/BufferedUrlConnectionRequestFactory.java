package io.github.srsr.benchmarks.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.AbstractBufferingClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

/**
 * A what-if of issue 12, not what the starter uses: a request factory on {@link HttpURLConnection} that hands the
 * JDK the whole body (no {@code setFixedLengthStreamingMode}), so that the JDK writes headers and body in one go.
 * Measured, and set aside: in this mode the JDK resends a POST once on its own when reading the answer fails (system
 * property {@code sun.net.http.retryPost}, true by default, JVM-wide), and its keep-alive cache runs a
 * {@code Keep-Alive-Timer} thread.
 */
final class BufferedUrlConnectionRequestFactory implements ClientHttpRequestFactory {

	private final int connectTimeoutMillis;

	private final int readTimeoutMillis;

	BufferedUrlConnectionRequestFactory(Duration connectTimeout, Duration readTimeout) {
		this.connectTimeoutMillis = (int) connectTimeout.toMillis();
		this.readTimeoutMillis = (int) readTimeout.toMillis();
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
		connection.setConnectTimeout(this.connectTimeoutMillis);
		connection.setReadTimeout(this.readTimeoutMillis);
		connection.setInstanceFollowRedirects(false);
		connection.setDoOutput(httpMethod == HttpMethod.POST || httpMethod == HttpMethod.PUT
				|| httpMethod == HttpMethod.PATCH);
		connection.setRequestMethod(httpMethod.name());
		return new Request(connection, uri, httpMethod);
	}

	private static final class Request extends AbstractBufferingClientHttpRequest {

		private final HttpURLConnection connection;

		private final URI uri;

		private final HttpMethod method;

		Request(HttpURLConnection connection, URI uri, HttpMethod method) {
			this.connection = connection;
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
			headers.forEach((name, values) -> {
				if (!HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
					values.forEach((value) -> this.connection.addRequestProperty(name, value));
				}
			});
			if (this.connection.getDoOutput()) {
				try (OutputStream out = this.connection.getOutputStream()) {
					out.write(body);
				}
			}
			return new Response(this.connection, HttpStatusCode.valueOf(this.connection.getResponseCode()));
		}

	}

	private static final class Response implements ClientHttpResponse {

		private final HttpURLConnection connection;

		private final HttpStatusCode status;

		private InputStream body;

		Response(HttpURLConnection connection, HttpStatusCode status) {
			this.connection = connection;
			this.status = status;
		}

		@Override
		public HttpStatusCode getStatusCode() {
			return this.status;
		}

		@Override
		public String getStatusText() throws IOException {
			return this.connection.getResponseMessage();
		}

		@Override
		public HttpHeaders getHeaders() {
			HttpHeaders headers = new HttpHeaders();
			for (Map.Entry<String, List<String>> header : this.connection.getHeaderFields().entrySet()) {
				if (header.getKey() != null) {
					headers.addAll(header.getKey(), header.getValue());
				}
			}
			return headers;
		}

		@Override
		public InputStream getBody() throws IOException {
			if (this.body == null) {
				InputStream error = this.connection.getErrorStream();
				this.body = (error != null) ? error : this.connection.getInputStream();
			}
			return this.body;
		}

		@Override
		public void close() {
			try {
				getBody().close();
			}
			catch (IOException ex) {
				this.connection.disconnect();
			}
		}

	}

}
