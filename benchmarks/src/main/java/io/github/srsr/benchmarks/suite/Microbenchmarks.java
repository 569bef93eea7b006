package io.github.srsr.benchmarks.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.srsr.benchmarks.jmh.CallCounts;
import io.github.srsr.benchmarks.jmh.LookupThroughputBenchmark;
import io.github.srsr.benchmarks.jmh.RegistryCallBenchmark;
import io.github.srsr.benchmarks.jmh.ServiceLookups;
import io.github.srsr.benchmarks.jmh.PreWarmUp;
import io.github.srsr.benchmarks.suite.Report.Verdict;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.ListStatistics;
import org.openjdk.jmh.util.Statistics;

/**
 * Items 2 and 3: the JMH benchmarks, run through JMH's API (one fork per benchmark, short but real warm-up and
 * measurement), their full output in {@code logs/jmh-*.log}.
 */
final class Microbenchmarks {

	/** Issue 12: a registry call through {@code SrsrClient} at most 1.2 times the floor, at p50. */
	private static final double LATENCY_TARGET = 1.2;

	/** Issue 12: lookups without cache at least 0.8 times the floor's throughput, at 1, 4 and 16 threads. */
	private static final double THROUGHPUT_TARGET = 0.8;

	private static final String[] JVM_ARGS = { "-Xms512m", "-Xmx512m" };

	/** Issue 12: no failed registry call in the run with this many threads. */
	private static final int FAILED_CALLS_THREADS = 16;

	/**
	 * Forks of each benchmark a ratio compares: one fork's JIT can make it faster or slower than the next by more
	 * than the difference measured.
	 */
	private static final int COMPARED_FORKS = 2;

	private static final String[] CALLS = { "Register", "Heartbeat", "Lookup" };

	/** What-ifs of item 2, lookup only: method, label. */
	private static final String[][] WHAT_IFS = {
			{ "whatIfLookupOnJdkHttpClient", "lookup on Spring's JDK request factory (the set-up before issue 12)" },
			{ "whatIfSrsrLookupWithExecutor", "lookup on Spring's JDK request factory, `HttpClient` given an executor" },
			{ "whatIfLookupOnSimpleFactory", "lookup on `ClientHttpRequestFactoryBuilder.simple()` (`HttpURLConnection`, body streamed)" },
			{ "whatIfLookupOnBufferedUrlConnection", "lookup on `HttpURLConnection`, body buffered by the JDK" },
			{ "whatIfLookupOnBareHttpClient", "lookup, direct on `HttpClient`" } };

	/**
	 * Latency: per call, the floor and the starter's client (and, for lookup, the what-ifs) one right after the
	 * other, so that each ratio compares forks seconds apart. Written for several rounds (ratios would then be medians
	 * of the per-round ratios); one round with a warm-up long enough to reach steady state fits the time budget
	 * better than several short ones.
	 */
	void runLatency(Env env, Report report) throws RunnerException {
		// One thread converges in 11 to 13 s of a fresh fork on 2 cores (JIT of the JDK HTTP client and server, and of
		// RestClient for the starter's client; p50 per 1 s iteration, measured): measured after that, not during it.
		int rounds = 1;
		int warmups = env.reps(15, 2);
		int measurements = env.reps(3, 1);
		List<Map<String, Statistics>> byRound = new ArrayList<>();
		for (int round = 1; round <= rounds; round++) {
			Map<String, Statistics> results = new LinkedHashMap<>();
			for (String call : CALLS) {
				// What the ratio compares, in COMPARED_FORKS forks each (a fork's JIT makes it faster or slower
				// than the next by more than the difference measured); the rest, shown for information, in one.
				results.putAll(run(env, options(env, "latency-round" + round + "-" + call.toLowerCase(), warmups,
						measurements)
					.forks(COMPARED_FORKS)
					.include(RegistryCallBenchmark.class.getName() + "\\.(bareUrlConnection" + call + "|srsr" + call + ")$")));
				List<String> others = new ArrayList<>(List.of("bare" + call));
				if (call.equals("Lookup")) {
					for (String[] whatIf : WHAT_IFS) {
						others.add(whatIf[0]);
					}
				}
				results.putAll(run(env, options(env, "latency-round" + round + "-" + call.toLowerCase() + "-others",
						warmups, measurements)
					.include(RegistryCallBenchmark.class.getName() + "\\.(" + String.join("|", others) + ")$")));
			}
			// The floor of each call: the faster (at p50) of the two bare JDK clients.
			for (String call : CALLS) {
				Statistics httpClient = results.get("bare" + call);
				Statistics urlConnection = results.get("bareUrlConnection" + call);
				results.put("floor" + call,
						(urlConnection.getPercentile(50) < httpClient.getPercentile(50)) ? urlConnection : httpClient);
			}
			byRound.add(results);
		}
		report.section(2).line("## 2. Registry call latency")
			.blank()
			.line("JMH " + org.openjdk.jmh.util.Version.getPlainVersion() + ", sample-time mode (every call is timed), "
					+ "1 thread, " + COMPARED_FORKS + " forks for each of the starter's client and the bare "
					+ "`HttpURLConnection`, 1 fork for the other benchmarks (`" + String.join(" ", JVM_ARGS) + "`), "
					+ warmups
					+ " × 1 s warm-up (a fresh fork needs 11 to 13 s on this machine before its latency stops "
					+ "falling, the starter's client a second or two longer than the floor), " + measurements
					+ " × 1 s measurement. Per call, the floor and the starter's "
					+ "client (and for lookup the what-ifs) run one right after the other, so that the ratio compares "
					+ "forks seconds apart. Latencies are the p50 of all calls timed in all forks of a benchmark "
					+ "(min–max of all calls) and the p99: one fork's JIT can make it faster or slower than the next "
					+ "by 20 % or more, more than the difference measured. The embedded registry runs inside the benchmark's JVM (`EmbeddedSrsrRegistry`, on "
					+ "127.0.0.1). "
					+ "*srsr*: `SrsrClient` built as `SrsrAutoConfiguration#srsrClient` builds it "
					+ "(`SrsrRestClientBuilders`: Spring's `RestClient` on the starter's request factory, HTTP/1.1 on a "
					+ "socket, 2 s / 5 s timeouts, no redirects), answer parsed and checked. *floor*: per call, the "
					+ "faster at p50 of two bare JDK clients with the same settings POSTing the same bytes with the same "
					+ "content headers, answer read as bytes: the JDK `HttpClient` (a call it fails on a reused "
					+ "connection, about 1 in 10⁵ under load, is retried once, as the starter's lookup bean retries "
					+ "connection failures; its time counts) and `HttpURLConnection` with the body buffered by the JDK. "
					+ "Benchmark source: "
					+ "`benchmarks/src/main/java/io/github/srsr/benchmarks/jmh/RegistryCallBenchmark.java`.")
			.blank()
			.line("| call | srsr µs: p50 (min–max) | srsr p99 | floor µs: p50 (min–max) | floor p99 | ratio p50 | "
					+ "ratio p99 | target (p50) | |")
			.line("|---|---|---|---|---|---|---|---|---|");
		List<String> missedCalls = new ArrayList<>();
		for (String call : CALLS) {
			Stats ratio = ratios(byRound, "srsr" + call, "floor" + call, 50);
			Stats ratio99 = ratios(byRound, "srsr" + call, "floor" + call, 99);
			boolean met = ratio.median() <= LATENCY_TARGET;
			if (!met) {
				missedCalls.add(call.toLowerCase() + " " + Report.ratio(ratio.median()));
			}
			report.line("| " + call.toLowerCase() + " | " + latency(byRound, "srsr" + call) + " | "
					+ Report.num(percentile(byRound, "srsr" + call, 99), 0) + " | " + latency(byRound, "floor" + call)
					+ " | " + Report.num(percentile(byRound, "floor" + call, 99), 0) + " | " + ratio(ratio) + " | "
					+ ratio(ratio99) + " | ≤ " + LATENCY_TARGET + "× | " + Verdict.of(met).text + " |");
			report.row("2", "`SrsrClient." + call.toLowerCase() + "` latency vs floor, p50 / p99",
					Report.ratio(ratio.median()) + " / " + Report.ratio(ratio99.median()) + " (p50 "
							+ Report.num(percentile(byRound, "srsr" + call, 50), 0) + " µs vs "
							+ Report.num(percentile(byRound, "floor" + call, 50), 0) + " µs)",
					"p50 ≤ " + LATENCY_TARGET + "×", Verdict.of(met));
		}
		if (!missedCalls.isEmpty()) {
			report.note("**2. Registry call latency** (" + String.join(", ", missedCalls) + " the floor at p50, "
					+ "against ≤ " + LATENCY_TARGET + "×): what the starter's client does beyond the floor's "
					+ "exchange (a bare `HttpURLConnection` POST of the same bytes) is the path through `RestClient` "
					+ "(request and headers; not observed here), its request factory and the answer's handling (Jackson, "
					+ "checks, `URI`); the what-ifs of item 2 compare request factories. Compare the ratios of the "
					+ "three calls: what they share is the client, what differs is the answer.");
		}
		StringBuilder floors = new StringBuilder("Floors, p50 µs, bare JDK `HttpClient` / bare `HttpURLConnection`:");
		for (String call : CALLS) {
			floors.append(call.equals(CALLS[0]) ? " " : ", ")
				.append(call.toLowerCase())
				.append(' ')
				.append(Report.num(percentile(byRound, "bare" + call, 50), 0))
				.append(" / ")
				.append(Report.num(percentile(byRound, "bareUrlConnection" + call, 50), 0));
		}
		report.blank().line(floors + ".");
		report.blank()
			.line("What-ifs (not what the starter does; lookup only, run right after the lookup floors), the request "
					+ "factories the starter's `RestClient` could sit on: Spring's `JdkClientHttpRequestFactory` as "
					+ "Spring Boot builds it (`ClientHttpRequestFactoryBuilder.jdk()`, compression off; it writes each "
					+ "request body from a new thread, `SimpleAsyncTaskExecutor`, unless the `HttpClient` is given an "
					+ "executor), the same with an executor, Spring Boot's `ClientHttpRequestFactoryBuilder.simple()` "
					+ "(`HttpURLConnection` with the body streamed after the headers: the JDK then checks every reused "
					+ "connection with a 1 ms read), and a factory on `HttpURLConnection` that lets the JDK buffer the "
					+ "body (one write; but the JDK then resends a POST whose answer fails, and keeps idle connections "
					+ "with a `Keep-Alive-Timer` thread). *direct*: the floor's exchange plus the starter's answer "
					+ "handling (Jackson tree, `success` check, `URI`), i.e. an `SrsrClient` written on the JDK "
					+ "`HttpClient` with byte-array bodies instead of `RestClient`.")
			.blank()
			.line("| what-if | µs: p50 (min–max) | p99 | ratio p50 to the floor |")
			.line("|---|---|---|---|");
		for (String[] whatIf : WHAT_IFS) {
			report.line("| " + whatIf[1] + " | " + latency(byRound, whatIf[0]) + " | "
					+ Report.num(percentile(byRound, whatIf[0], 99), 0) + " | "
					+ ratio(ratios(byRound, whatIf[0], "floorLookup", 50)) + " |");
		}
		StringBuilder raw = new StringBuilder("Per round, p50 µs of srsr / floor:");
		boolean showRounds = byRound.size() > 1;
		for (int round = 0; round < byRound.size(); round++) {
			Map<String, Statistics> results = byRound.get(round);
			raw.append(round == 0 ? " " : "; ").append("round ").append(round + 1).append(":");
			for (String call : CALLS) {
				raw.append(call.equals(CALLS[0]) ? " " : ", ")
					.append(call.toLowerCase())
					.append(' ')
					.append(Report.num(results.get("srsr" + call).getPercentile(50), 0))
					.append(" / ")
					.append(Report.num(results.get("floor" + call).getPercentile(50), 0));
			}
		}
		report.blank();
		if (showRounds) {
			report.line(raw + ".").blank();
		}
		report.line("Calls timed per benchmark: " + counts(byRound) + ".").blank();
		String repeatedNote = repeatedNote();
		if (repeatedNote != null) {
			report.line(repeatedNote).blank();
		}
	}

	private static Stats ratios(List<Map<String, Statistics>> byRound, String method, String floor, double percentile) {
		List<Double> ratios = new ArrayList<>();
		for (Map<String, Statistics> results : byRound) {
			ratios.add(results.get(method).getPercentile(percentile) / results.get(floor).getPercentile(percentile));
		}
		return Stats.of(ratios);
	}

	private static double percentile(List<Map<String, Statistics>> byRound, String method, double percentile) {
		return Stats.of(byRound.stream().map((results) -> results.get(method).getPercentile(percentile)).toList())
			.median();
	}

	private static String latency(List<Map<String, Statistics>> byRound, String method) {
		double min = byRound.stream().mapToDouble((results) -> results.get(method).getMin()).min().orElse(Double.NaN);
		double max = byRound.stream().mapToDouble((results) -> results.get(method).getMax()).max().orElse(Double.NaN);
		return Report.num(percentile(byRound, method, 50), 0) + " (" + Report.num(min, 0) + "–" + Report.num(max, 0)
				+ ")";
	}

	private static String ratio(Stats ratios) {
		return Report.ratio(ratios.median()) + (ratios.count() > 1
				? " (" + Report.num(ratios.min(), 2) + "–" + Report.num(ratios.max(), 2) + ")" : "");
	}

	private static String counts(List<Map<String, Statistics>> byRound) {
		Map<String, Long> counts = new java.util.TreeMap<>();
		// "floor..." entries are one of the two bare clients' results again.
		byRound.forEach((results) -> results.forEach((method, stats) -> {
			if (!method.startsWith("floor")) {
				counts.merge(method, stats.getN(), Long::sum);
			}
		}));
		List<String> parts = new ArrayList<>();
		counts.forEach((method, n) -> parts.add(method + " " + Report.num(n, 0)));
		return String.join(", ", parts);
	}

	void runThroughput(Env env, Report report) throws RunnerException {
		int[] threadCounts = { 1, 4, 16 };
		// Warm-up until steady: with 1 thread, fresh forks of the lookup bean (a Spring context's worth of code to
		// compile) and of the floor still got faster after 15 to 20 s. With N threads on 2 cores the JIT's compiler
		// threads starve: a fresh fork of the lookup bean with 16 threads was still getting faster after 45 s, the
		// floor after 30 s, and after 12 s from one thread the bean still took 30 s and more at 16 threads (what one
		// thread never does, such as several long tasks of the observation active at once, is compiled again under
		// load). Forks with more than one thread therefore first call from one thread, then from two (PreWarmUp, the
		// same for every benchmark), then warm up and measure with N threads. The cached variant does no I/O.
		int[] warmups = env.quick() ? new int[] { 1, 2, 2 } : new int[] { 30, 20, 25 };
		int[] preWarmUp = env.quick() ? new int[] { 1, 1 } : new int[] { 8, 12 };
		int measurements = env.reps(5, 2);
		int cachedWarmups = env.reps(3, 1);
		String unavailable = ServiceLookups.unavailableReason();
		boolean lookupBean = (unavailable == null);
		String uncached = lookupBean ? "serviceLookup" : "clientLookup";
		report.section(3).line("## 3. Lookup throughput")
			.blank()
			.line("JMH throughput mode, N threads sharing one client (as an application's threads share its beans), "
					+ COMPARED_FORKS + " forks for each of the floor's `HttpURLConnection` and the uncached variant, "
					+ "1 fork for the others, per thread count (`" + String.join(" ", JVM_ARGS) + "`), warm-up of "
					+ warmups[0] + " / " + warmups[1] + " / " + warmups[2] + " × 1 s for 1 / 4 / 16 threads (with 1 "
					+ "thread, forks of the lookup bean, a Spring context's worth of code to compile, and of the floor "
					+ "still got faster after 15 to 20 s), preceded with 4 and 16 threads by " + preWarmUp[0]
					+ " s of calls from one thread, then "
					+ preWarmUp[1] + " s from two, in every fork compared (with N threads on 2 cores the JIT's compiler "
					+ "threads get little CPU: a fresh fork of the lookup bean with 16 threads still got faster after "
					+ "45 s, the floor after 30 s; one or two calling threads leave them CPU, and two take the paths "
					+ "that only concurrent calls take, such as several observations active at once), "
					+ measurements + " × 1 s measurement; figures are lookups/s, median (min–max) over the measurement "
					+ "iterations of all forks of a benchmark. The forks of the floor's `HttpURLConnection` and of the "
					+ "uncached variant alternate (floor, uncached, uncached, floor, ...), so that a drift of the machine "
					+ "weighs on both sides alike; the floor is the "
					+ "faster of the two bare JDK clients of item 2. Same registry, clients and bytes as item 2. "
					+ (lookupBean ? "*no cache*: `SrsrServiceLookup` from the starter's auto-configuration (non-web "
							+ "context, `srsr.lookup.cache-ttl=0`; its registry call is `SrsrClient.lookup` of item 2); "
							+ "*cached*: the same bean with `srsr.lookup.cache-ttl=60s` (every call after the first is "
							+ "a cache hit; " + cachedWarmups + " × 1 s warm-up). *Failed registry calls*: in the "
							+ "no-cache fork, the registry calls of the bean's client as its context's `MeterRegistry` "
							+ "timed them (`srsr.registry.calls`, one per attempt, the bean's retries included, warm-up "
							+ "included; failed: tag `outcome=error`), read at the end of the fork (and whenever a "
							+ "lookup throws) and handed to the suite in a file (`CallCounts`); should JMH repeat a "
							+ "failed run, both runs count. Target (issue 12): none failed with "
							+ FAILED_CALLS_THREADS + " threads."
							: "*no cache*: `SrsrClient.lookup`.")
					+ " Benchmark source: `LookupThroughputBenchmark.java`.")
			.blank();
		if (!lookupBean) {
			report.line("> The lookup bean (`io.github.srsr.boot.lookup.SrsrServiceLookup` with "
					+ "`srsr.lookup.cache-ttl`) is **not available** (" + unavailable.replace('`', '\'')
					+ "): measured without the cache only, through `SrsrClient.lookup`.")
				.blank();
		}
		report.line("| threads | floor (faster bare JDK client) | no cache | ratio | target | |"
				+ (lookupBean ? " failed registry calls, no cache | cached | ratio |" : ""))
			.line("|---|---|---|---|---|---|" + (lookupBean ? "---|---|---|" : ""));
		List<String> missedThreads = new ArrayList<>();
		List<String> floors = new ArrayList<>();
		List<String> floorRetries = new ArrayList<>();
		for (int i = 0; i < threadCounts.length; i++) {
			int threads = threadCounts[i];
			Path counts = env.results().resolve("counts").resolve("throughput-" + threads + "t");
			clear(counts);
			// The ratio's two sides in COMPARED_FORKS forks each (see item 2), alternating; the bare HttpClient,
			// never the floor so far, in one.
			Map<String, Statistics> results = new LinkedHashMap<>();
			for (int fork = 0; fork < COMPARED_FORKS; fork++) {
				List<String> order = (fork % 2 == 0) ? List.of("bareUrlConnectionLookup", uncached)
						: List.of(uncached, "bareUrlConnectionLookup");
				for (String method : order) {
					run(env, options(env, "throughput-" + threads + "t-" + method + "-" + (fork + 1), warmups[i],
							measurements)
						.threads(threads)
						.jvmArgsAppend("-D" + CallCounts.PROPERTY + "=" + counts, preWarmUp(threads, preWarmUp))
						.include(LookupThroughputBenchmark.class.getName() + "\\." + method + "$"))
						.forEach((name, statistics) -> results.merge(name, statistics, Microbenchmarks::merge));
				}
			}
			results.putAll(run(env, options(env, "throughput-" + threads + "t-httpclient", warmups[i], measurements)
				.threads(threads)
				.jvmArgsAppend("-D" + CallCounts.PROPERTY + "=" + counts, preWarmUp(threads, preWarmUp))
				.include(LookupThroughputBenchmark.class.getName() + "\\.bareLookup$")));
			Map<String, Long> beanCounts = lookupBean ? CallCounts.sum(counts, uncached) : Map.of();
			Map<String, Long> floorCounts = CallCounts.sum(counts, "bareLookup");
			floorRetries.add(threads + " thread" + (threads > 1 ? "s" : "") + " "
					+ (floorCounts.containsKey("calls") ? Report.num(floorCounts.getOrDefault("retries", 0L), 0) + " of "
							+ Report.num(floorCounts.get("calls"), 0) + " calls" : "n/a"));
			if (lookupBean) {
				results.putAll(run(env, options(env, "throughput-" + threads + "t-cached", cachedWarmups, measurements)
					.threads(threads)
					.include(LookupThroughputBenchmark.class.getName() + "\\.cachedServiceLookup$")));
			}
			// The floor: the faster (at the median) of the two bare JDK clients.
			Statistics httpClient = results.get("bareLookup");
			Statistics urlConnection = results.get("bareUrlConnectionLookup");
			Statistics bare = (urlConnection.getPercentile(50) > httpClient.getPercentile(50)) ? urlConnection
					: httpClient;
			floors.add(threads + " thread" + (threads > 1 ? "s" : "") + " " + throughput(httpClient) + " / "
					+ throughput(urlConnection));
			Statistics plain = results.get(uncached);
			double ratio = plain.getPercentile(50) / bare.getPercentile(50);
			boolean met = ratio >= THROUGHPUT_TARGET;
			StringBuilder line = new StringBuilder("| " + threads + " | " + throughput(bare) + " | " + throughput(plain)
					+ " | " + Report.ratio(ratio) + " | ≥ " + THROUGHPUT_TARGET + "× | " + Verdict.of(met).text + " |");
			String summary = "no cache " + Report.ratio(ratio);
			if (lookupBean) {
				line.append(' ').append(failedCalls(beanCounts)).append(" |");
				Statistics cached = results.get("cachedServiceLookup");
				double cachedRatio = cached.getPercentile(50) / bare.getPercentile(50);
				line.append(' ').append(throughput(cached)).append(" | ").append(Report.ratio(cachedRatio)).append(" |");
				summary += ", cached " + Report.ratio(cachedRatio);
			}
			report.line(line.toString());
			if (!met) {
				missedThreads.add(String.valueOf(threads));
			}
			report.row("3", "Lookup throughput, " + threads + " thread" + (threads > 1 ? "s" : "") + ", vs floor ("
					+ Report.num(bare.getPercentile(50), 0) + "/s)", summary,
					"≥ " + THROUGHPUT_TARGET + "× without cache", Verdict.of(met));
			if (threads == FAILED_CALLS_THREADS) {
				failedCallsRow(report, lookupBean, beanCounts, floorRetries.get(floorRetries.size() - 1));
			}
		}
		report.blank()
			.line("Floors, lookups/s, bare JDK `HttpClient` / bare `HttpURLConnection` (body buffered by the JDK): "
					+ String.join("; ", floors) + ".")
			.blank()
			.line("Silent retries of the bare JDK `HttpClient` (`bareLookup`, one of the two floors: a call that "
					+ "fails with an `IOException` is retried once, its time counted; for information, warm-up "
					+ "included): "
					+ String.join("; ", floorRetries) + ".");
		if (!lookupBean) {
			report.row("3", "Lookup throughput with the cache on", "n/a", "(no target)", Verdict.NOT_MEASURED);
		}
		if (!missedThreads.isEmpty()) {
			report.note("**3. Lookup throughput** (below " + THROUGHPUT_TARGET + "× the floor without cache with "
					+ String.join(", ", missedThreads) + " thread(s)): the same per-call cost as item 2; on "
					+ Runtime.getRuntime().availableProcessors() + " cores, the CPU the client spends beyond the floor's "
					+ "is CPU the floor would spend on more calls."
					+ (lookupBean ? " With `srsr.lookup.cache-ttl` on, lookups of a cached name never reach the "
							+ "registry (last columns)." : ""));
		}
		report.blank();
		String repeatedNote = repeatedNote();
		if (repeatedNote != null) {
			report.line(repeatedNote).blank();
		}
	}

	/**
	 * The system property that has a fork with more than one thread call from one thread, then from two, first.
	 */
	private static String preWarmUp(int threads, int[] seconds) {
		return "-D" + PreWarmUp.PROPERTY + "=" + ((threads > 1) ? seconds[0] + "," + seconds[1] : "0,0");
	}

	/** The iterations of two runs of one benchmark as one. */
	private static Statistics merge(Statistics a, Statistics b) {
		ListStatistics merged = new ListStatistics();
		for (Statistics statistics : List.of(a, b)) {
			statistics.getRawData().forEachRemaining((value) -> {
				for (long n = 0; n < value.getValue(); n++) {
					merged.addValue(value.getKey());
				}
			});
		}
		return merged;
	}

	/** {@code 0 of 123,456} (and lookups that threw, if any), or {@code n/a}. */
	private static String failedCalls(Map<String, Long> counts) {
		if (!counts.containsKey("calls")) {
			return "n/a";
		}
		long thrown = counts.getOrDefault("thrown", 0L);
		return Report.num(counts.getOrDefault("failed", 0L), 0) + " of " + Report.num(counts.get("calls"), 0)
				+ (thrown > 0 ? "; " + Report.num(thrown, 0) + " lookup(s) threw" : "");
	}

	private static void failedCallsRow(Report report, boolean lookupBean, Map<String, Long> counts,
			String floorRetries) {
		String what = "Failed registry calls of the lookup bean, no cache, " + FAILED_CALLS_THREADS + " threads";
		if (!lookupBean || !counts.containsKey("calls")) {
			report.row("3", what, "n/a", "0", Verdict.NOT_MEASURED);
			return;
		}
		long failed = counts.getOrDefault("failed", 0L);
		long thrown = counts.getOrDefault("thrown", 0L);
		Verdict verdict = Verdict.of(failed == 0 && thrown == 0);
		report.row("3", what, failedCalls(counts) + " calls", "0", verdict);
		if (verdict == Verdict.MISSED) {
			report.note("**3. Failed registry calls** (" + failedCalls(counts) + " registry calls of the lookup bean "
					+ "with " + FAILED_CALLS_THREADS + " threads, against none): the calls the bean's client made, each "
					+ "retry counted; for comparison, the bare JDK `HttpClient` floor's silent retries: "
					+ floorRetries + ".");
		}
	}

	/** Empties (or creates) a directory of counts. */
	private static void clear(Path directory) {
		try {
			if (Files.isDirectory(directory)) {
				try (var files = Files.list(directory)) {
					for (Path file : files.toList()) {
						Files.delete(file);
					}
				}
			}
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ChainedOptionsBuilder options(Env env, String name, int warmups, int measurements) {
		return new OptionsBuilder().forks(1)
			.warmupIterations(warmups)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(measurements)
			.measurementTime(TimeValue.seconds(1))
			.jvmArgs(JVM_ARGS)
			.shouldFailOnError(true)
			.output(env.log("jmh-" + name).toString());
	}

	/** JMH runs that failed once and were repeated, with why. */
	private final List<String> repeated = new ArrayList<>();

	/**
	 * Runs, and once more if the run fails: a benchmark fails on its first exception, and the JDK {@code HttpClient}
	 * rarely but now and then fails a call on a pooled connection it is closing itself ("connection closed
	 * locally"). The repeat is reported with the section.
	 */
	private Map<String, Statistics> run(Env env, ChainedOptionsBuilder options) throws RunnerException {
		try {
			return runOnce(options);
		}
		catch (RunnerException ex) {
			// Keep the failed run's output: the repeat writes a new log.
			options.output(env.log("jmh-" + (this.repeated.size() + 1) + "-repeat-" + System.currentTimeMillis())
				.toString());
			Throwable root = ex;
			while (root.getCause() != null) {
				root = root.getCause();
			}
			for (Throwable suppressed : ex.getCause() != null ? ex.getCause().getSuppressed() : new Throwable[0]) {
				root = suppressed;
				while (root.getCause() != null) {
					root = root.getCause();
				}
			}
			String why = root.getClass().getSimpleName() + ": " + root.getMessage();
			System.out.println("  jmh run failed (" + why + "), repeating it once");
			this.repeated.add(why);
			return runOnce(options);
		}
	}

	private String repeatedNote() {
		if (this.repeated.isEmpty()) {
			return null;
		}
		String note = "A JMH run failed and was repeated once (figures above are from the repeat; the failed run's "
				+ "output is in its own log, the repeat's in `logs/jmh-N-repeat-*.log`), " + this.repeated.size()
				+ " time(s): `"
				+ String.join("`; `", this.repeated).replace("`", "'") + "`. The JDK `HttpClient` fails a call now and "
				+ "then (here about 1 in 10⁵ under 16 threads, also outside JMH) when it reuses a pooled connection "
				+ "it is closing itself; it does not retry a POST.";
		this.repeated.clear();
		return note;
	}

	private static Map<String, Statistics> runOnce(ChainedOptionsBuilder options) throws RunnerException {
		Collection<RunResult> results = new Runner(options.build()).run();
		Map<String, Statistics> byMethod = new LinkedHashMap<>();
		for (RunResult result : results) {
			String benchmark = result.getParams().getBenchmark();
			String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
			byMethod.put(method, result.getPrimaryResult().getStatistics());
			System.out.printf("  jmh %-22s %s%n", method + (result.getParams().getThreads() > 1
					? " x" + result.getParams().getThreads() : ""), result.getPrimaryResult());
		}
		return byMethod;
	}

	private static String throughput(Statistics stats) {
		return Report.num(stats.getPercentile(50), 0) + " (" + Report.num(stats.getMin(), 0) + "–"
				+ Report.num(stats.getMax(), 0) + ")";
	}

}
