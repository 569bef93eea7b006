package io.github.srsr.client.http;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.converter.ByteArrayHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * Builds the {@link RestClient.Builder} the starter talks to the registry with: HTTP/1.1 on a
 * socket of its own ({@link SrsrHttpRequestFactory}), request head and body in one write, connect
 * and read timeouts, no redirects, no compression, no thread of its own, TLS classes loaded
 * only for an {@code https://} registry, and a single message converter, for the bytes the
 * client sends (it reads answers itself): building the defaults, a JSON mapper among them, would
 * cost start-up time for converters that are never used.
 */
public final class SrsrRestClientBuilders {

	private SrsrRestClientBuilders() {
	}

	/**
	 * Create a builder with the given timeouts and the JDK's default TLS settings.
	 * @param connectTimeout the time to wait for a connection
	 * @param readTimeout the time to wait for an answer
	 * @return a new builder
	 */
	public static RestClient.Builder create(Duration connectTimeout, Duration readTimeout) {
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
	public static RestClient.Builder create(Duration connectTimeout, Duration readTimeout,
			@Nullable SslBundle sslBundle) {
		return create(new SrsrHttpRequestFactory(connectTimeout, readTimeout, sslBundle));
	}

	/**
	 * Create a builder on another request factory (timeouts, TLS and redirects are then that
	 * factory's), with the starter's single message converter.
	 * @param requestFactory the request factory
	 * @return a new builder
	 */
	public static RestClient.Builder create(ClientHttpRequestFactory requestFactory) {
		return RestClient.builder()
			.requestFactory(requestFactory)
			.configureMessageConverters(
					(converters) -> converters.addCustomConverter(new ByteArrayHttpMessageConverter()));
	}

}
