package io.github.srsr.boot.metrics;

import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;

/**
 * {@link SrsrClient} that records every registry call:
 * <ul>
 * <li>{@code srsr.registry.calls} (timer), tags {@code operation} (register, heartbeat,
 * deregister, lookup) and {@code outcome} (success, unknown-instance, not-found, error);</li>
 * <li>{@code srsr.registrations} (counter), tag {@code outcome} (success, failure);</li>
 * <li>{@code srsr.heartbeats} (counter), tag {@code outcome} (success, forgotten, failure): a
 * forgotten heartbeat is one the registry answered {@code success: false}.</li>
 * </ul>
 */
public class MeteredSrsrClient implements SrsrClient {

	private final SrsrClient delegate;

	private final Supplier<@Nullable MeterRegistry> meterRegistry;

	/**
	 * Create a metered client.
	 * @param delegate the client that makes the calls
	 * @param meterRegistry where to record, looked up at the first call; calls are not recorded
	 * while it supplies {@code null}
	 */
	public MeteredSrsrClient(SrsrClient delegate, Supplier<@Nullable MeterRegistry> meterRegistry) {
		this.delegate = delegate;
		this.meterRegistry = meterRegistry;
	}

	@Override
	public String register(ServiceRegistrationRequest request) {
		long start = System.nanoTime();
		try {
			String id = this.delegate.register(request);
			record("register", "success", start);
			count("srsr.registrations", "success");
			return id;
		}
		catch (RuntimeException ex) {
			record("register", "error", start);
			count("srsr.registrations", "failure");
			throw ex;
		}
	}

	@Override
	public boolean heartbeat(String instanceId) {
		long start = System.nanoTime();
		try {
			boolean known = this.delegate.heartbeat(instanceId);
			record("heartbeat", (known) ? "success" : "unknown-instance", start);
			count("srsr.heartbeats", (known) ? "success" : "forgotten");
			return known;
		}
		catch (RuntimeException ex) {
			record("heartbeat", "error", start);
			count("srsr.heartbeats", "failure");
			throw ex;
		}
	}

	@Override
	public boolean deregister(String instanceId) {
		long start = System.nanoTime();
		try {
			boolean known = this.delegate.deregister(instanceId);
			record("deregister", (known) ? "success" : "unknown-instance", start);
			return known;
		}
		catch (RuntimeException ex) {
			record("deregister", "error", start);
			throw ex;
		}
	}

	@Override
	public Optional<URI> lookup(String serviceName) {
		long start = System.nanoTime();
		try {
			Optional<URI> address = this.delegate.lookup(serviceName);
			record("lookup", (address.isPresent()) ? "success" : "not-found", start);
			return address;
		}
		catch (RuntimeException ex) {
			record("lookup", "error", start);
			throw ex;
		}
	}

	/**
	 * Return the client this one records calls of.
	 * @return the delegate
	 */
	public SrsrClient getDelegate() {
		return this.delegate;
	}

	private void record(String operation, String outcome, long startNanos) {
		MeterRegistry registry = this.meterRegistry.get();
		if (registry != null) {
			Timer.builder("srsr.registry.calls")
				.description("Calls to the srsr registry")
				.tag("operation", operation)
				.tag("outcome", outcome)
				.register(registry)
				.record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
		}
	}

	private void count(String name, String outcome) {
		MeterRegistry registry = this.meterRegistry.get();
		if (registry != null) {
			Counter.builder(name).tag("outcome", outcome).register(registry).increment();
		}
	}

}
