package io.github.srsr.benchmarks.jmh;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.srsr.client.http.SrsrRestClientBuilders;
import io.github.srsr.client.RegistryUrl;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.SrsrClient;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.web.client.RestClient;

/**
 * The two clients every JMH benchmark compares: the starter's {@link SrsrClient}, built exactly as
 * {@code SrsrAutoConfiguration#srsrClient} builds it (through {@code SrsrRestClientBuilders}), and the floor, a bare JDK {@link HttpClient} with the same
 * transport settings that POSTs the same bytes and reads the answer as bytes, without parsing it.
 */
public final class Clients {

	/** The starter's default connect timeout. */
	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	/** The starter's default read timeout. */
	static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

	private Clients() {
	}

	/**
	 * The starter's client, built as the auto-configuration builds it.
	 * @param registry the registry's base URL
	 * @return the client
	 */
	public static SrsrClient srsrClient(URI registry) {
		return new RestClientSrsrClient(RegistryUrl.of(registry.toString()),
				SrsrRestClientBuilders.create(CONNECT_TIMEOUT, READ_TIMEOUT));
	}

	/**
	 * A what-if, not what the starter does: the starter's client (as {@code SrsrRestClientBuilders} builds it) with
	 * one change, an {@link java.util.concurrent.Executor} given to the JDK {@code HttpClient}. Without one, Spring's {@code JdkClientHttpRequestFactory} writes every
	 * request body from a new thread ({@code SimpleAsyncTaskExecutor}); with one, it reuses that executor's threads.
	 * @param registry the registry's base URL
	 * @return the client
	 */
	public static SrsrClient srsrClientWithExecutor(URI registry) {
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withTimeouts(CONNECT_TIMEOUT, READ_TIMEOUT)
			.withRedirects(HttpRedirects.DONT_FOLLOW);
		java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "srsr-http");
			thread.setDaemon(true);
			return thread;
		});
		RestClient.Builder builder = RestClient.builder()
			.requestFactory(ClientHttpRequestFactoryBuilder.jdk()
				.withExecutor(executor)
				.withCustomizer((factory) -> factory.enableCompression(false))
				.build(settings));
		return new RestClientSrsrClient(RegistryUrl.of(registry.toString()), builder);
	}

	/**
	 * The starter's client as it was built before issue 12 (and as a what-if since): Spring's
	 * {@code JdkClientHttpRequestFactory} from {@code ClientHttpRequestFactoryBuilder.jdk()}, no executor, compression
	 * off, 2 s / 5 s timeouts, no redirects.
	 * @param registry the registry's base URL
	 * @return the client
	 */
	public static SrsrClient srsrClientOnJdkHttpClient(URI registry) {
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withTimeouts(CONNECT_TIMEOUT, READ_TIMEOUT)
			.withRedirects(HttpRedirects.DONT_FOLLOW);
		RestClient.Builder builder = RestClient.builder()
			.requestFactory(ClientHttpRequestFactoryBuilder.jdk()
				.withCustomizer((factory) -> factory.enableCompression(false))
				.build(settings));
		return new RestClientSrsrClient(RegistryUrl.of(registry.toString()), builder);
	}

	/**
	 * A what-if: the starter's client on Spring Boot's {@code ClientHttpRequestFactoryBuilder.simple()}, i.e. Spring's
	 * {@code SimpleClientHttpRequestFactory} on {@code HttpURLConnection}, which streams every request body
	 * ({@code setFixedLengthStreamingMode}).
	 * @param registry the registry's base URL
	 * @return the client
	 */
	public static SrsrClient srsrClientOnSimpleFactory(URI registry) {
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withTimeouts(CONNECT_TIMEOUT, READ_TIMEOUT)
			.withRedirects(HttpRedirects.DONT_FOLLOW);
		RestClient.Builder builder = RestClient.builder()
			.requestFactory(ClientHttpRequestFactoryBuilder.simple().build(settings));
		return new RestClientSrsrClient(RegistryUrl.of(registry.toString()), builder);
	}

	/**
	 * A what-if: the starter's client on a request factory over {@code HttpURLConnection} that lets the JDK buffer the
	 * body and write it with the headers ({@link BufferedUrlConnectionRequestFactory}).
	 * @param registry the registry's base URL
	 * @return the client
	 */
	public static SrsrClient srsrClientOnBufferedUrlConnection(URI registry) {
		RestClient.Builder builder = RestClient.builder()
			.requestFactory(new BufferedUrlConnectionRequestFactory(CONNECT_TIMEOUT, READ_TIMEOUT));
		return new RestClientSrsrClient(RegistryUrl.of(registry.toString()), builder);
	}

	/**
	 * The floor: what Spring Boot's JDK request factory builder configures (connect timeout, no redirects,
	 * the JDK's default protocol version), nothing more.
	 * @return the client
	 */
	public static HttpClient bareClient() {
		return HttpClient.newBuilder()
			.connectTimeout(CONNECT_TIMEOUT)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * A bare {@code HttpURLConnection} POST of the same bytes with the same content headers, answer read as bytes.
	 * Either the JDK buffers the body and writes it with the headers ({@code fixedLength} false), or it is streamed
	 * after them ({@code setFixedLengthStreamingMode}, as Spring's {@code SimpleClientHttpRequestFactory} does).
	 */
	public static final class UrlConnectionPost {

		private final java.net.URL url;

		private final byte[] body;

		private final boolean fixedLength;

		public UrlConnectionPost(URI registry, String path, String json, boolean fixedLength) {
			try {
				this.url = registry.resolve(path).toURL();
			}
			catch (java.net.MalformedURLException ex) {
				throw new IllegalArgumentException(ex);
			}
			this.body = json.getBytes(StandardCharsets.UTF_8);
			this.fixedLength = fixedLength;
		}

		/**
		 * Sends the request.
		 * @return the answer's body
		 * @throws IOException if the exchange fails
		 */
		public byte[] send() throws IOException {
			java.net.HttpURLConnection connection = (java.net.HttpURLConnection) this.url
				.openConnection(java.net.Proxy.NO_PROXY);
			connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
			connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
			connection.setInstanceFollowRedirects(false);
			connection.setDoOutput(true);
			connection.setRequestMethod("POST");
			connection.setRequestProperty("Content-Type", "application/json");
			connection.setRequestProperty("Accept", "application/json");
			if (this.fixedLength) {
				connection.setFixedLengthStreamingMode(this.body.length);
			}
			try (java.io.OutputStream out = connection.getOutputStream()) {
				out.write(this.body);
			}
			int status = connection.getResponseCode();
			if (status != 200) {
				throw new IllegalStateException("unexpected status " + status + " from " + this.url);
			}
			try (java.io.InputStream in = connection.getInputStream()) {
				return in.readAllBytes();
			}
		}

	}

	/**
	 * A POST the way the floor sends it: the same JSON bytes and the same content headers as the starter's client.
	 */
	public static final class BarePost {

		private final HttpClient client;

		private final HttpRequest request;

		/** Calls made through {@link #send()} (a retry not counted again). */
		private final java.util.concurrent.atomic.LongAdder calls = new java.util.concurrent.atomic.LongAdder();

		/** Calls retried after an {@code IOException}. */
		private final java.util.concurrent.atomic.LongAdder retries = new java.util.concurrent.atomic.LongAdder();

		public BarePost(HttpClient client, URI registry, String path, String json) {
			this.client = client;
			this.request = HttpRequest.newBuilder(registry.resolve(path))
				.timeout(READ_TIMEOUT)
				.header("Content-Type", "application/json")
				.header("Accept", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(json.getBytes(StandardCharsets.UTF_8)))
				.build();
		}

		/**
		 * Sends the request.
		 * @return the answer's body
		 * @throws IOException if the exchange fails
		 * @throws InterruptedException if interrupted
		 */
		public byte[] send() throws IOException, InterruptedException {
			this.calls.increment();
			HttpResponse<byte[]> response;
			try {
				response = this.client.send(this.request, HttpResponse.BodyHandlers.ofByteArray());
			}
			catch (IOException ex) {
				// Now and then (about 1 in 10^5 calls under 16 threads) the JDK client fails a call on a pooled
				// connection it is closing itself ("connection closed locally"); it never retries a POST. Retry once,
				// as the starter's lookup bean does on connection failures; the failed attempt's time counts.
				this.retries.increment();
				response = this.client.send(this.request, HttpResponse.BodyHandlers.ofByteArray());
			}
			if (response.statusCode() != 200) {
				throw new IllegalStateException("unexpected status " + response.statusCode() + " from "
						+ this.request.uri());
			}
			return response.body();
		}

		/**
		 * Return how many calls were made.
		 * @return the calls, retries not counted again
		 */
		public long calls() {
			return this.calls.sum();
		}

		/**
		 * Return how many calls failed with an {@code IOException} and were retried once.
		 * @return the retries
		 */
		public long retries() {
			return this.retries.sum();
		}

	}

}
