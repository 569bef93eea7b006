package io.github.srsr.benchmarks.jmh;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.registry.EmbeddedSrsrRegistry;

/**
 * An embedded registry in the benchmark's JVM with one instance registered under {@link #LOOKUP_NAME} and one
 * live instance id for heartbeats, plus both clients pointed at it.
 */
final class RegistryFixture implements AutoCloseable {

	static final String LOOKUP_NAME = "bench-lookup";

	static final String REGISTER_NAME = "bench-register";

	static final int REGISTER_PORT = 8080;

	/** Exactly the bytes {@code RestClientSrsrClient} sends for {@link #registerRequest()}. */
	static final String REGISTER_JSON = "{\"name\":\"" + REGISTER_NAME + "\",\"port\":\"" + REGISTER_PORT + "\"}";

	/** Exactly the bytes {@code RestClientSrsrClient} sends for a lookup of {@link #LOOKUP_NAME}. */
	static final String LOOKUP_JSON = "{\"name\":\"" + LOOKUP_NAME + "\"}";

	/** Long enough that nothing registered during a run expires during it. */
	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	final EmbeddedSrsrRegistry registry;

	final URI url;

	final SrsrClient srsr;

	final HttpClient bare;

	final String heartbeatId;

	RegistryFixture() {
		this.registry = EmbeddedSrsrRegistry.builder().timeout(TIMEOUT).start();
		// 127.0.0.1 rather than localhost, so that neither client spends time on name resolution.
		this.url = URI.create("http://127.0.0.1:" + this.registry.port());
		this.srsr = Clients.srsrClient(this.url);
		this.bare = Clients.bareClient();
		this.srsr.register(new ServiceRegistrationRequest(LOOKUP_NAME, "http://127.0.0.1:8080", null));
		this.heartbeatId = this.srsr.register(new ServiceRegistrationRequest("bench-heartbeat", null, 8081));
	}

	static ServiceRegistrationRequest registerRequest() {
		return new ServiceRegistrationRequest(REGISTER_NAME, null, REGISTER_PORT);
	}

	String heartbeatJson() {
		return "{\"id\":\"" + this.heartbeatId + "\"}";
	}

	@Override
	public void close() {
		this.registry.stop();
	}

}
