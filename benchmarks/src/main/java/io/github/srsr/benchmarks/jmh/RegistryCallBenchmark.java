package io.github.srsr.benchmarks.jmh;

import java.io.IOException;
import java.net.URI;
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

/**
 * Latency of one registry call (issue 6, item 2): the starter's {@code SrsrClient} against the floor, a bare JDK
 * {@code HttpClient} POST of the same bytes to the same embedded registry in the same JVM. Each benchmark method
 * runs in its own fork with its own registry. Sample-time mode: JMH records the time of individual calls, so the
 * median and the 99th percentile can be read off.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class RegistryCallBenchmark {

	private RegistryFixture fixture;

	private Clients.BarePost bareRegister;

	private Clients.BarePost bareHeartbeat;

	private Clients.BarePost bareLookup;

	private io.github.srsr.client.SrsrClient withExecutor;

	private final tools.jackson.databind.json.JsonMapper jsonMapper = tools.jackson.databind.json.JsonMapper.builder()
		.build();

	@Setup(Level.Trial)
	public void start() {
		this.fixture = new RegistryFixture();
		this.bareRegister = new Clients.BarePost(this.fixture.bare, this.fixture.url, "/register",
				RegistryFixture.REGISTER_JSON);
		this.bareHeartbeat = new Clients.BarePost(this.fixture.bare, this.fixture.url, "/heartbeat",
				this.fixture.heartbeatJson());
		this.bareLookup = new Clients.BarePost(this.fixture.bare, this.fixture.url, "/lookup",
				RegistryFixture.LOOKUP_JSON);
		this.withExecutor = Clients.srsrClientWithExecutor(this.fixture.url);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.fixture.close();
	}

	@Benchmark
	public String srsrRegister() {
		return this.fixture.srsr.register(RegistryFixture.registerRequest());
	}

	@Benchmark
	public byte[] bareRegister() throws IOException, InterruptedException {
		return this.bareRegister.send();
	}

	@Benchmark
	public boolean srsrHeartbeat() {
		return this.fixture.srsr.heartbeat(this.fixture.heartbeatId);
	}

	@Benchmark
	public byte[] bareHeartbeat() throws IOException, InterruptedException {
		return this.bareHeartbeat.send();
	}

	@Benchmark
	public Optional<URI> srsrLookup() {
		return this.fixture.srsr.lookup(RegistryFixture.LOOKUP_NAME);
	}

	/**
	 * A what-if, reported apart from the figures above: {@link #srsrLookup()} with the JDK {@code HttpClient} given an
	 * executor (see {@link Clients#srsrClientWithExecutor}).
	 * @return the answer
	 */
	@Benchmark
	public Optional<URI> whatIfSrsrLookupWithExecutor() {
		return this.withExecutor.lookup(RegistryFixture.LOOKUP_NAME);
	}

	/**
	 * A what-if, reported apart: the floor's exchange plus what {@code RestClientSrsrClient} does with the answer
	 * (Jackson tree, {@code success} check, address to {@code URI}), i.e. an {@code SrsrClient} written directly on the
	 * JDK {@code HttpClient} with byte-array bodies.
	 * @return the answer
	 */
	@Benchmark
	public Optional<URI> whatIfLookupOnBareHttpClient() throws IOException, InterruptedException {
		tools.jackson.databind.JsonNode answer = this.jsonMapper.readTree(this.bareLookup.send());
		if (!answer.path("success").asBoolean()) {
			return Optional.empty();
		}
		return Optional.of(URI.create(answer.get("address").stringValue()));
	}

	@Benchmark
	public byte[] bareLookup() throws IOException, InterruptedException {
		return this.bareLookup.send();
	}

}
