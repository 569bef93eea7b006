package io.github.srsr.boot.metrics;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;

/**
 * {@link SrsrClient} that records every registry call, tagged with the {@code registry}:
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

	private final String registry;

	/**
	 * Create a metered client.
	 * @param delegate the client that makes the calls
	 * @param meterRegistry where to record, looked up at each call; calls are not recorded while
	 * it supplies {@code null}
	 * @param registry the value of the {@code registry} tag: the registry URL, credentials masked
	 */
	public MeteredSrsrClient(SrsrClient delegate, Supplier<@Nullable MeterRegistry> meterRegistry, String registry) {
		this.delegate = delegate;
		this.meterRegistry = meterRegistry;
		this.registry = registry;
	}

	@Override
	public String register(ServiceRegistrationRequest request) {
		try {
			String id = timed("register", () -> this.delegate.register(request), (result) -> "success");
			count("srsr.registrations", "success");
			return id;
		}
		catch (RuntimeException ex) {
			count("srsr.registrations", "failure");
			throw ex;
		}
	}

	@Override
	public boolean heartbeat(String instanceId) {
		try {
			boolean known = timed("heartbeat", () -> this.delegate.heartbeat(instanceId), MeteredSrsrClient::known);
			count("srsr.heartbeats", (known) ? "success" : "forgotten");
			return known;
		}
		catch (RuntimeException ex) {
			count("srsr.heartbeats", "failure");
			throw ex;
		}
	}

	@Override
	public boolean deregister(String instanceId) {
		return timed("deregister", () -> this.delegate.deregister(instanceId), MeteredSrsrClient::known);
	}

	@Override
	public Optional<URI> lookup(String serviceName) {
		return timed("lookup", () -> this.delegate.lookup(serviceName),
				(address) -> (address.isPresent()) ? "success" : "not-found");
	}

	/**
	 * Return the client this one records calls of.
	 * @return the delegate
	 */
	public SrsrClient getDelegate() {
		return this.delegate;
	}

	private static String known(boolean known) {
		return (known) ? "success" : "unknown-instance";
	}

	private <T> T timed(String operation, Supplier<T> call, Function<T, String> outcome) {
		long start = System.nanoTime();
		try {
			T result = call.get();
			record(operation, outcome.apply(result), start);
			return result;
		}
		catch (RuntimeException ex) {
			record(operation, "error", start);
			throw ex;
		}
	}

	private void record(String operation, String outcome, long startNanos) {
		MeterRegistry registry = this.meterRegistry.get();
		if (registry != null) {
			Timer.builder("srsr.registry.calls")
				.description("Calls to the srsr registry")
				.tag("registry", this.registry)
				.tag("operation", operation)
				.tag("outcome", outcome)
				.register(registry)
				.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
		}
	}

	private void count(String name, String outcome) {
		MeterRegistry registry = this.meterRegistry.get();
		if (registry != null) {
			Counter.builder(name).tag("registry", this.registry).tag("outcome", outcome).register(registry).increment();
		}
	}

}
