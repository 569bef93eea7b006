package io.github.srsr.benchmarks.jmh;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.srsr.client.http.SrsrRestClientBuilders;
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
 * java -cp ... io.github.srsr.benchmarks.jmh.TransportAlternation --throughput THREADS [rounds]
 * </pre>
 * With {@code --throughput}, each round gives every variant 1 s of THREADS threads calling as fast as they can
 * (the lookup bean without cache included), and the lookups per second and failed calls are reported.
 */
public final class TransportAlternation {

	static final int BLOCK = 200;

	private TransportAlternation() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("--throughput")) {
			throughput(Integer.parseInt(args[1]), (args.length > 2) ? Integer.parseInt(args[2]) : 12);
			return;
		}
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

	private static void throughput(int threads, int rounds) throws Exception {
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
			variants.put("srsrOnStarterFactory", lookup(new RestClientSrsrClient(RegistryUrl.of(url.toString()),
					SrsrRestClientBuilders.create(Clients.CONNECT_TIMEOUT, Clients.READ_TIMEOUT))));
			variants.put("srsrOnJdkHttpClient", lookup(Clients.srsrClientOnJdkHttpClient(url)));
			ServiceLookups.Started started = ServiceLookups.start(url, java.time.Duration.ZERO);
			variants.put("lookupBeanOnStarterFactory",
					() -> ServiceLookups.lookup(started.lookup(), RegistryFixture.LOOKUP_NAME));
			List<String> names = new ArrayList<>(variants.keySet());
			Map<String, List<Double>> rates = new LinkedHashMap<>();
			Map<String, Long> failures = new LinkedHashMap<>();
			Map<String, String> firstFailure = new LinkedHashMap<>();
			names.forEach((name) -> {
				rates.put(name, new ArrayList<>());
				failures.put(name, 0L);
			});
			java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
			try {
				for (int round = 0; round < rounds; round++) {
					for (int i = 0; i < names.size(); i++) {
						String name = names.get((i + round) % names.size());
						Callable<Object> call = variants.get(name);
						java.util.concurrent.atomic.LongAdder done = new java.util.concurrent.atomic.LongAdder();
						java.util.concurrent.atomic.LongAdder failed = new java.util.concurrent.atomic.LongAdder();
						long end = System.nanoTime() + 1_000_000_000L;
						List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
						for (int t = 0; t < threads; t++) {
							workers.add(pool.submit(() -> {
								while (System.nanoTime() < end) {
									try {
										call.call();
										done.increment();
									}
									catch (Exception ex) {
										failed.increment();
										synchronized (firstFailure) {
											firstFailure.putIfAbsent(name, ex.toString());
										}
									}
								}
							}));
						}
						for (java.util.concurrent.Future<?> worker : workers) {
							worker.get();
						}
						failures.merge(name, failed.sum(), Long::sum);
						if (round >= warmups) {
							rates.get(name).add((double) done.sum());
						}
					}
				}
			}
			finally {
				pool.shutdownNow();
				started.context().close();
			}
			System.out.printf("%d thread(s), %d rounds (%d warm-up) of 1 s per variant%n", threads, rounds, warmups);
			double floor = 0;
			Map<String, Double> medians = new LinkedHashMap<>();
			for (String name : names) {
				List<Double> values = new ArrayList<>(rates.get(name));
				java.util.Collections.sort(values);
				double median = values.get(values.size() / 2);
				medians.put(name, median);
				if (name.startsWith("bare")) {
					floor = Math.max(floor, median);
				}
			}
			System.out.println("| variant | lookups/s, median (min–max) | / fastest bare | failed calls (all rounds) |");
			System.out.println("|---|---|---|---|");
			for (String name : names) {
				List<Double> values = rates.get(name);
				System.out.printf("| %s | %.0f (%.0f–%.0f) | %.2f× | %d%s |%n", name, medians.get(name),
						java.util.Collections.min(values), java.util.Collections.max(values), medians.get(name) / floor,
						failures.get(name), firstFailure.containsKey(name) ? " (" + firstFailure.get(name) + ")" : "");
			}
		}
		System.exit(0);
	}

	private static Callable<Object> lookup(SrsrClient client) {
		return () -> client.lookup(RegistryFixture.LOOKUP_NAME);
	}

}
