package io.github.srsr.boot.autoconfigure;

import java.time.Duration;

import org.springframework.web.client.RestClient;

/**
 * The {@link RestClient.Builder} the starter's auto-configuration builds, for the benchmarks: it
 * sits in the starter's package because the builder is not public API.
 */
public final class StarterHttp {

	private StarterHttp() {
	}

	public static RestClient.Builder restClientBuilder(Duration connectTimeout, Duration readTimeout) {
		return SrsrRestClientBuilders.create(connectTimeout, readTimeout);
	}

}
