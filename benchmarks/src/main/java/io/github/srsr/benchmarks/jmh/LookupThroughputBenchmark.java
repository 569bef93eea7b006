package io.github.srsr.benchmarks.jmh;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

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
 * Each method has its own state, hence its own registry in its own fork.
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
		}

		@TearDown(Level.Trial)
		public void stop() {
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
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.fixture.close();
		}

	}

	public abstract static class LookupBean {

		RegistryFixture fixture;

		ServiceLookups.Started started;

		void start(Duration cacheTtl) {
			this.fixture = new RegistryFixture();
			this.started = ServiceLookups.start(this.fixture.url, cacheTtl);
			if (!(ServiceLookups.lookup(this.started.lookup(), RegistryFixture.LOOKUP_NAME) instanceof Optional<?> found
					&& found.isPresent())) {
				throw new IllegalStateException("the lookup bean does not find " + RegistryFixture.LOOKUP_NAME);
			}
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.started.context().close();
			this.fixture.close();
		}

	}

	@State(Scope.Benchmark)
	public static class Uncached extends LookupBean {

		@Setup(Level.Trial)
		public void start() {
			start(Duration.ZERO);
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
		public void start() {
			start(Duration.ZERO);
			this.client = this.started.context().getBean(SrsrClient.class);
		}

	}

	@State(Scope.Benchmark)
	public static class Cached extends LookupBean {

		@Setup(Level.Trial)
		public void start() {
			start(Duration.ofSeconds(60));
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
		return ServiceLookups.lookup(state.started.lookup(), RegistryFixture.LOOKUP_NAME);
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
		return ServiceLookups.lookup(state.started.lookup(), RegistryFixture.LOOKUP_NAME);
	}

}
