package io.github.srsr.boot.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;

/**
 * Builds the {@link RestClient.Builder} the starter talks to the registry with: the JDK
 * {@code HttpClient}, connect and read timeouts, no redirects, no compression.
 */
final class SrsrRestClientBuilders {

	private SrsrRestClientBuilders() {
	}

	/**
	 * Create a builder with the given timeouts and the JDK's default TLS settings.
	 * @param connectTimeout the time to wait for a connection
	 * @param readTimeout the time to wait for an answer
	 * @return a new builder
	 */
	static RestClient.Builder create(Duration connectTimeout, Duration readTimeout) {
		return create(connectTimeout, readTimeout, null);
	}

	/**
	 * Create a builder with the given timeouts and TLS settings.
	 * @param connectTimeout the time to wait for a connection
	 * @param readTimeout the time to wait for an answer
	 * @param sslBundle the trust (and key) material for https, or {@code null} for the JDK's
	 * defaults
	 * @return a new builder
	 */
	static RestClient.Builder create(Duration connectTimeout, Duration readTimeout,
			@Nullable SslBundle sslBundle) {
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withTimeouts(connectTimeout, readTimeout)
			.withRedirects(HttpRedirects.DONT_FOLLOW)
			.withSslBundle(sslBundle);
		// srsr never compresses its answers: asking for gzip would only let a proxy make them
		// expensive to refuse.
		ClientHttpRequestFactoryBuilder<JdkClientHttpRequestFactory> factory = ClientHttpRequestFactoryBuilder.jdk()
			.withCustomizer((jdk) -> jdk.enableCompression(false));
		return RestClient.builder().requestFactory(new LazyClientHttpRequestFactory(() -> factory.build(settings)));
	}

	/**
	 * Builds the JDK {@code HttpClient} at the first request rather than at start-up: building it
	 * builds the JVM's default TLS context, some 450 classes, even for an http registry, and the
	 * first request is made after the application is ready, off its main thread.
	 */
	private static final class LazyClientHttpRequestFactory implements ClientHttpRequestFactory {

		private final SingletonSupplier<ClientHttpRequestFactory> factory;

		LazyClientHttpRequestFactory(Supplier<ClientHttpRequestFactory> factory) {
			this.factory = SingletonSupplier.of(factory);
		}

		@Override
		public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
			return this.factory.obtain().createRequest(uri, httpMethod);
		}

	}

}
