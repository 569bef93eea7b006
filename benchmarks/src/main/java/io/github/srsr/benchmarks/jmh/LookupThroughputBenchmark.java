package io.github.srsr.benchmarks.jmh;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.SrsrClient;

/**
 * Lookups per second (issue 6, item 3), run by the suite with 1, 4 and 16 threads sharing one client, as the
 * threads of an application share its beans:
 * <ul>
 * <li>{@code bareLookup} and {@code bareUrlConnectionLookup}: the floor (the faster of the two), a bare JDK
 * {@code HttpClient} and a bare {@code HttpURLConnection} POST of the same bytes;</li>
 * <li>{@code clientLookup}: {@code SrsrClient.lookup};</li>
 * <li>{@code serviceLookup}: the starter's lookup bean with {@code srsr.lookup.cache-ttl=0} (no cache);</li>
 * <li>{@code cachedServiceLookup}: the same bean with {@code srsr.lookup.cache-ttl=60s}.</li>
 * </ul>
 * Each method has its own state, hence its own registry in its own fork. When the suite passes
 * {@value CallCounts#PROPERTY}, {@code bareLookup} hands back its calls and silent retries and the lookup-bean variants
 * their registry calls and failed calls ({@link CallCounts}), outside the measured code.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LookupThroughputBenchmark {

	@State(Scope.Benchmark)
	public static class Bare {

		RegistryFixture fixture;

		Clients.BarePost post;

		@Setup(Level.Trial)
		public void start() {
			this.fixture = new RegistryFixture();
			this.post = new Clients.BarePost(this.fixture.bare, this.fixture.url, "/lookup",
					RegistryFixture.LOOKUP_JSON);
			PreWarmUp.run(this.post::send);
		}

		@TearDown(Level.Trial)
		public void stop(BenchmarkParams params) {
			CallCounts.write(method(params), Map.of("calls", this.post.calls(), "retries", this.post.retries()));
			this.fixture.close();
		}

	}

	@State(Scope.Benchmark)
	public static class BareUrlConnection {

		RegistryFixture fixture;

		Clients.UrlConnectionPost post;

		@Setup(Level.Trial)
		public void start() {
			this.fixture = new RegistryFixture();
			this.post = new Clients.UrlConnectionPost(this.fixture.url, "/lookup", RegistryFixture.LOOKUP_JSON, false);
			PreWarmUp.run(this.post::send);
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.fixture.close();
		}

	}

	@State(Scope.Benchmark)
	public static class Client {

		RegistryFixture fixture;

		@Setup(Level.Trial)
		public void start() {
			this.fixture = new RegistryFixture();
			PreWarmUp.run(() -> this.fixture.srsr.lookup(RegistryFixture.LOOKUP_NAME));
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.fixture.close();
		}

	}

	/**
	 * The lookup bean in an application context of its own. When the suite asks ({@link CallCounts}), it writes the
	 * registry calls the context's {@code MeterRegistry} timed ({@code srsr.registry.calls}: every call of the bean's
	 * client, each retry included) and how many of them failed (tag {@code outcome=error}), at the end of the trial and
	 * whenever a lookup throws (JMH then ends the fork without its tear-down).
	 */
	public abstract static class LookupBean {

		RegistryFixture fixture;

		ServiceLookups.Started started;

		private String method;

		private MeterRegistry meters;

		/** Lookups that threw, i.e. reached the benchmark (and JMH) after the bean's own retries. */
		private final LongAdder thrown = new LongAdder();

		void start(Duration cacheTtl, BenchmarkParams params) {
			this.method = method(params);
			this.fixture = new RegistryFixture();
			this.started = ServiceLookups.start(this.fixture.url, cacheTtl);
			this.meters = this.started.context().getBeanProvider(MeterRegistry.class).getIfUnique();
			if (!(ServiceLookups.lookup(this.started.lookup(), RegistryFixture.LOOKUP_NAME) instanceof Optional<?> found
					&& found.isPresent())) {
				throw new IllegalStateException("the lookup bean does not find " + RegistryFixture.LOOKUP_NAME);
			}
			PreWarmUp.run(() -> ServiceLookups.lookup(this.started.lookup(), RegistryFixture.LOOKUP_NAME));
		}

		Object lookup() {
			try {
				return ServiceLookups.lookup(this.started.lookup(), RegistryFixture.LOOKUP_NAME);
			}
			catch (RuntimeException ex) {
				this.thrown.increment();
				writeCounts();
				throw ex;
			}
		}

		private void writeCounts() {
			if (this.meters == null) {
				CallCounts.write(this.method, Map.of("thrown", this.thrown.sum()));
				return;
			}
			long calls = 0;
			long failed = 0;
			for (Timer timer : this.meters.find(RestClientSrsrClient.OBSERVATION_NAME).timers()) {
				calls += timer.count();
				if ("error".equals(timer.getId().getTag("outcome"))) {
					failed += timer.count();
				}
			}
			CallCounts.write(this.method, Map.of("calls", calls, "failed", failed, "thrown", this.thrown.sum()));
		}

		@TearDown(Level.Trial)
		public void stop() {
			writeCounts();
			this.started.context().close();
			this.fixture.close();
		}

	}

	@State(Scope.Benchmark)
	public static class Uncached extends LookupBean {

		@Setup(Level.Trial)
		public void start(BenchmarkParams params) {
			start(Duration.ZERO, params);
		}

	}

	/**
	 * The {@code SrsrClient} bean of the same context as {@link Uncached}: what the lookup bean calls, observed by
	 * the application's {@code ObservationRegistry} (which {@link Client}'s client is not).
	 */
	@State(Scope.Benchmark)
	public static class ContextClient extends LookupBean {

		SrsrClient client;

		@Setup(Level.Trial)
		public void start(BenchmarkParams params) {
			start(Duration.ZERO, params);
			this.client = this.started.context().getBean(SrsrClient.class);
		}

	}

	@State(Scope.Benchmark)
	public static class Cached extends LookupBean {

		@Setup(Level.Trial)
		public void start(BenchmarkParams params) {
			start(Duration.ofSeconds(60), params);
		}

	}

	@Benchmark
	public byte[] bareLookup(Bare state) throws IOException, InterruptedException {
		return state.post.send();
	}

	@Benchmark
	public byte[] bareUrlConnectionLookup(BareUrlConnection state) throws IOException {
		return state.post.send();
	}

	@Benchmark
	public Optional<URI> clientLookup(Client state) {
		return state.fixture.srsr.lookup(RegistryFixture.LOOKUP_NAME);
	}

	@Benchmark
	public Object serviceLookup(Uncached state) {
		return state.lookup();
	}

	/**
	 * A diagnostic, not in the suite: {@code serviceLookup} minus the lookup layer.
	 */
	@Benchmark
	public Optional<URI> contextClientLookup(ContextClient state) {
		return state.client.lookup(RegistryFixture.LOOKUP_NAME);
	}

	@Benchmark
	public Object cachedServiceLookup(Cached state) {
		return state.lookup();
	}

	/** The benchmark's method name. */
	static String method(BenchmarkParams params) {
		String benchmark = params.getBenchmark();
		return benchmark.substring(benchmark.lastIndexOf('.') + 1);
	}

}
