package io.github.srsr.boot.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.web.client.RestClient;

/**
 * The {@link RestClient.Builder} the starter's auto-configuration builds, for tests of the client
 * in other packages.
 */
public final class StarterRestClientBuilders {

	private StarterRestClientBuilders() {
	}

	public static RestClient.Builder create(Duration connectTimeout, Duration readTimeout) {
		return SrsrRestClientBuilders.create(connectTimeout, readTimeout);
	}

	public static RestClient.Builder create(Duration connectTimeout, Duration readTimeout,
			@Nullable SslBundle sslBundle) {
		return SrsrRestClientBuilders.create(connectTimeout, readTimeout, sslBundle);
	}

}
