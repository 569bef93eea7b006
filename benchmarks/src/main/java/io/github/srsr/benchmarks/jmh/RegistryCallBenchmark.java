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
 * Latency of one registry call (issue 6, item 2): the starter's {@code SrsrClient} against the floor, the faster of
 * two bare JDK clients POSTing the same bytes to the same embedded registry in the same JVM: the JDK
 * {@code HttpClient} and {@code HttpURLConnection} (body buffered by the JDK). Each benchmark method
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

	private io.github.srsr.client.SrsrClient onJdkHttpClient;

	private io.github.srsr.client.SrsrClient onSimpleFactory;

	private io.github.srsr.client.SrsrClient onBufferedUrlConnection;

	private Clients.UrlConnectionPost urlConnectionRegister;

	private Clients.UrlConnectionPost urlConnectionHeartbeat;

	private Clients.UrlConnectionPost urlConnectionLookup;

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
		this.onJdkHttpClient = Clients.srsrClientOnJdkHttpClient(this.fixture.url);
		this.onSimpleFactory = Clients.srsrClientOnSimpleFactory(this.fixture.url);
		this.onBufferedUrlConnection = Clients.srsrClientOnBufferedUrlConnection(this.fixture.url);
		this.urlConnectionRegister = new Clients.UrlConnectionPost(this.fixture.url, "/register",
				RegistryFixture.REGISTER_JSON, false);
		this.urlConnectionHeartbeat = new Clients.UrlConnectionPost(this.fixture.url, "/heartbeat",
				this.fixture.heartbeatJson(), false);
		this.urlConnectionLookup = new Clients.UrlConnectionPost(this.fixture.url, "/lookup",
				RegistryFixture.LOOKUP_JSON, false);
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

	/**
	 * The second floor: a bare {@code HttpURLConnection} POST of the same bytes, body buffered by the JDK.
	 * @return the answer's body
	 * @throws IOException if the exchange fails
	 */
	@Benchmark
	public byte[] bareUrlConnectionRegister() throws IOException {
		return this.urlConnectionRegister.send();
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
	public byte[] bareUrlConnectionHeartbeat() throws IOException {
		return this.urlConnectionHeartbeat.send();
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

	@Benchmark
	public byte[] bareUrlConnectionLookup() throws IOException {
		return this.urlConnectionLookup.send();
	}

	/**
	 * A what-if, reported apart: {@link #srsrLookup()} on Spring's JDK request factory, the set-up before issue 12
	 * (see {@link Clients#srsrClientOnJdkHttpClient}).
	 * @return the answer
	 */
	@Benchmark
	public Optional<URI> whatIfLookupOnJdkHttpClient() {
		return this.onJdkHttpClient.lookup(RegistryFixture.LOOKUP_NAME);
	}

	/**
	 * A what-if, reported apart: {@link #srsrLookup()} on Spring Boot's {@code ClientHttpRequestFactoryBuilder.simple()}
	 * (see {@link Clients#srsrClientOnSimpleFactory}).
	 * @return the answer
	 */
	@Benchmark
	public Optional<URI> whatIfLookupOnSimpleFactory() {
		return this.onSimpleFactory.lookup(RegistryFixture.LOOKUP_NAME);
	}

	/**
	 * A what-if, reported apart: {@link #srsrLookup()} on a factory over {@code HttpURLConnection} with the body
	 * buffered by the JDK (see {@link BufferedUrlConnectionRequestFactory}).
	 * @return the answer
	 */
	@Benchmark
	public Optional<URI> whatIfLookupOnBufferedUrlConnection() {
		return this.onBufferedUrlConnection.lookup(RegistryFixture.LOOKUP_NAME);
	}

}
