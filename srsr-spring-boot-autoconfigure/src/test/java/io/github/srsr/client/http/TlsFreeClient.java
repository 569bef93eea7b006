package io.github.srsr.client.http;

import java.time.Duration;

import io.github.srsr.client.RegistryUrl;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.SrsrClientException;

/**
 * Run in a JVM of its own by {@link SrsrHttpRequestFactoryHeavyTests}: builds the starter's client for
 * the registry URL given and makes a few lookups, so that the classes they load can be read off
 * the JVM's class-load log.
 */
public final class TlsFreeClient {

	private TlsFreeClient() {
	}

	public static void main(String[] args) {
		RestClientSrsrClient client = new RestClientSrsrClient(RegistryUrl.of(args[0]),
				SrsrRestClientBuilders.create(Duration.ofSeconds(2), Duration.ofSeconds(5)));
		for (int i = 0; i < 3; i++) {
			try {
				client.lookup("svc");
			}
			catch (SrsrClientException ex) {
				System.out.println("lookup failed: " + ex.getMessage());
			}
		}
		System.out.println("done");
	}

}
