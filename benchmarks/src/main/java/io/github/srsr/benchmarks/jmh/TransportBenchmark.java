package io.github.srsr.benchmarks.jmh;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.github.srsr.client.SrsrClient;

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
 * Which HTTP transport the starter's {@code RestClient} should sit on (issue 12): one lookup, same bytes, same
 * embedded registry in the benchmark's JVM, through
 * <ul>
 * <li>{@code bareHttpClient}: a bare JDK {@code HttpClient} (the floor of item 2);</li>
 * <li>{@code bareUrlConnectionBuffered}: a bare {@code HttpURLConnection}, body buffered by the JDK and written with
 * the headers;</li>
 * <li>{@code bareUrlConnectionFixedLength}: the same with {@code setFixedLengthStreamingMode} (body streamed after
 * the headers);</li>
 * <li>{@code srsrOnStarterFactory}: {@code SrsrClient} as the starter builds it ({@code SrsrRestClientBuilders});</li>
 * <li>{@code srsrOnJdkHttpClient}: {@code SrsrClient} on Spring's JDK request factory (the set-up before issue 12);</li>
 * <li>{@code srsrOnJdkHttpClientWithExecutor}: the same with an executor given to the JDK {@code HttpClient};</li>
 * <li>{@code srsrOnBufferedUrlConnection}: {@code SrsrClient} on a factory over {@code HttpURLConnection} that
 * lets the JDK buffer the body ({@link BufferedUrlConnectionRequestFactory});</li>
 * <li>{@code srsrOnSimpleFactory}: {@code SrsrClient} on Spring Boot's {@code ClientHttpRequestFactoryBuilder.simple()}.</li>
 * </ul>
 * Each method runs in its own fork with its own registry.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class TransportBenchmark {

	private RegistryFixture fixture;

	private Clients.BarePost bareHttpClient;

	private Clients.UrlConnectionPost bareUrlConnectionBuffered;

	private Clients.UrlConnectionPost bareUrlConnectionFixedLength;

	private SrsrClient onJdkHttpClient;

	private SrsrClient onJdkHttpClientWithExecutor;

	private SrsrClient onSimpleFactory;

	private SrsrClient onBufferedUrlConnection;

	@Setup(Level.Trial)
	public void start() {
		this.fixture = new RegistryFixture();
		URI url = this.fixture.url;
		this.bareHttpClient = new Clients.BarePost(this.fixture.bare, url, "/lookup", RegistryFixture.LOOKUP_JSON);
		this.bareUrlConnectionBuffered = new Clients.UrlConnectionPost(url, "/lookup", RegistryFixture.LOOKUP_JSON,
				false);
		this.bareUrlConnectionFixedLength = new Clients.UrlConnectionPost(url, "/lookup", RegistryFixture.LOOKUP_JSON,
				true);
		this.onJdkHttpClient = Clients.srsrClientOnJdkHttpClient(url);
		this.onJdkHttpClientWithExecutor = Clients.srsrClientWithExecutor(url);
		this.onSimpleFactory = Clients.srsrClientOnSimpleFactory(url);
		this.onBufferedUrlConnection = Clients.srsrClientOnBufferedUrlConnection(url);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.fixture.close();
	}

	@Benchmark
	public byte[] bareHttpClient() throws IOException, InterruptedException {
		return this.bareHttpClient.send();
	}

	@Benchmark
	public byte[] bareUrlConnectionBuffered() throws IOException {
		return this.bareUrlConnectionBuffered.send();
	}

	@Benchmark
	public byte[] bareUrlConnectionFixedLength() throws IOException {
		return this.bareUrlConnectionFixedLength.send();
	}

	@Benchmark
	public Optional<URI> srsrOnStarterFactory() {
		return this.fixture.srsr.lookup(RegistryFixture.LOOKUP_NAME);
	}

	@Benchmark
	public Optional<URI> srsrOnJdkHttpClient() {
		return this.onJdkHttpClient.lookup(RegistryFixture.LOOKUP_NAME);
	}

	@Benchmark
	public Optional<URI> srsrOnJdkHttpClientWithExecutor() {
		return this.onJdkHttpClientWithExecutor.lookup(RegistryFixture.LOOKUP_NAME);
	}

	@Benchmark
	public Optional<URI> srsrOnBufferedUrlConnection() {
		return this.onBufferedUrlConnection.lookup(RegistryFixture.LOOKUP_NAME);
	}

	@Benchmark
	public Optional<URI> srsrOnSimpleFactory() {
		return this.onSimpleFactory.lookup(RegistryFixture.LOOKUP_NAME);
	}

}
