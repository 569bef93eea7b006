package io.github.srsr.benchmarks.jmh;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.srsr.boot.autoconfigure.SrsrRestClientBuilders;
import io.github.srsr.client.RegistryUrl;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.SrsrClient;

/**
 * The lookups of {@link TransportBenchmark}, in one JVM against one embedded registry, in alternating blocks: on a
 * shared, busy machine every variant then sees the same load, which separate JMH forks minutes apart do not. Each
 * round runs a block of {@value #BLOCK} timed calls per variant, the order rotating from round to round; the first
 * rounds are warm-up. Prints p50 and p90 per variant and the p50 ratio to the fastest bare client.
 * <pre>
 * java -cp "benchmarks/target/srsr-benchmarks.jar:benchmarks/target/lib/*" io.github.srsr.benchmarks.jmh.TransportAlternation [rounds]
 * </pre>
 */
public final class TransportAlternation {

	static final int BLOCK = 200;

	private TransportAlternation() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 60;
		int warmups = rounds / 3;
		try (RegistryFixture fixture = new RegistryFixture()) {
			URI url = fixture.url;
			Map<String, Callable<Object>> variants = new LinkedHashMap<>();
			Clients.BarePost bareHttpClient = new Clients.BarePost(fixture.bare, url, "/lookup",
					RegistryFixture.LOOKUP_JSON);
			variants.put("bareHttpClient", bareHttpClient::send);
			Clients.UrlConnectionPost buffered = new Clients.UrlConnectionPost(url, "/lookup",
					RegistryFixture.LOOKUP_JSON, false);
			variants.put("bareUrlConnectionBuffered", buffered::send);
			Clients.UrlConnectionPost fixedLength = new Clients.UrlConnectionPost(url, "/lookup",
					RegistryFixture.LOOKUP_JSON, true);
			variants.put("bareUrlConnectionFixedLength", fixedLength::send);
			variants.put("srsrOnStarterFactory", lookup(new RestClientSrsrClient(RegistryUrl.of(url.toString()),
					SrsrRestClientBuilders.create(Clients.CONNECT_TIMEOUT, Clients.READ_TIMEOUT))));
			variants.put("srsrOnJdkHttpClient", lookup(Clients.srsrClientOnJdkHttpClient(url)));
			variants.put("srsrOnJdkHttpClientWithExecutor", lookup(Clients.srsrClientWithExecutor(url)));
			variants.put("srsrOnSimpleFactory", lookup(Clients.srsrClientOnSimpleFactory(url)));
			variants.put("srsrOnBufferedUrlConnection", lookup(Clients.srsrClientOnBufferedUrlConnection(url)));
			List<String> names = new ArrayList<>(variants.keySet());
			Map<String, long[]> times = new LinkedHashMap<>();
			Map<String, Integer> counts = new LinkedHashMap<>();
			for (String name : names) {
				times.put(name, new long[(rounds - warmups) * BLOCK]);
				counts.put(name, 0);
			}
			for (int round = 0; round < rounds; round++) {
				for (int i = 0; i < names.size(); i++) {
					String name = names.get((i + round) % names.size());
					Callable<Object> call = variants.get(name);
					for (int n = 0; n < BLOCK; n++) {
						long start = System.nanoTime();
						call.call();
						long elapsed = System.nanoTime() - start;
						if (round >= warmups) {
							int count = counts.get(name);
							times.get(name)[count] = elapsed;
							counts.put(name, count + 1);
						}
					}
				}
			}
			double fastestBare = Double.MAX_VALUE;
			Map<String, double[]> percentiles = new LinkedHashMap<>();
			for (String name : names) {
				long[] sorted = times.get(name).clone();
				Arrays.sort(sorted);
				double p50 = sorted[sorted.length / 2] / 1000.0;
				double p90 = sorted[(int) (sorted.length * 0.9)] / 1000.0;
				percentiles.put(name, new double[] { p50, p90 });
				if (name.startsWith("bare")) {
					fastestBare = Math.min(fastestBare, p50);
				}
			}
			System.out.printf("%d rounds (%d warm-up) of %d calls per variant, %d timed calls per variant%n", rounds,
					warmups, BLOCK, (rounds - warmups) * BLOCK);
			System.out.println("| variant | p50 µs | p90 µs | p50 / fastest bare |");
			System.out.println("|---|---|---|---|");
			for (String name : names) {
				double[] p = percentiles.get(name);
				System.out.printf("| %s | %.0f | %.0f | %.2f× |%n", name, p[0], p[1], p[0] / fastestBare);
			}
		}
		System.exit(0);
	}

	private static Callable<Object> lookup(SrsrClient client) {
		return () -> client.lookup(RegistryFixture.LOOKUP_NAME);
	}

}
