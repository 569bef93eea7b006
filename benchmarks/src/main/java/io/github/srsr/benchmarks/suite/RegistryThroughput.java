package io.github.srsr.benchmarks.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.srsr.benchmarks.suite.Report.Verdict;

/**
 * Item 4: requests per second the standalone embedded registry serves under {@code wrk} on loopback, per endpoint,
 * with the same script and flags anyone can point at the Go srsr server.
 */
final class RegistryThroughput {

	static final int WRK_THREADS = 1;

	static final int WRK_CONNECTIONS = 16;

	private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

	private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");

	private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors:[^\\n]*");

	private static final Pattern P50 = Pattern.compile("^\\s+50%\\s+(\\S+)", Pattern.MULTILINE);

	private static final Pattern P99 = Pattern.compile("^\\s+99%\\s+(\\S+)", Pattern.MULTILINE);

	void run(Env env, Report report, String wrk) {
		int rounds = env.reps(3, 2);
		int seconds = env.reps(3, 2);
		report.section(4).line("## 4. Embedded registry throughput").blank();
		if (wrk == null) {
			report.line("Not measured: `wrk` is not installed and could not be installed (run.sh installs it with "
					+ "`apt-get install wrk` when it runs as root).").blank();
			for (String endpoint : List.of("/register", "/heartbeat", "/lookup")) {
				report.row("4", "Embedded registry " + endpoint + ", requests/s", "n/a", "(no target)",
						Verdict.NOT_MEASURED);
			}
			return;
		}
		Path script = env.repo().resolve("benchmarks/wrk/srsr.lua");
		int port = Env.freePort();
		Process registry = Registry.start(env, port, 600, "wrk-registry");
		try {
			Registry.awaitReady(port, registry, Duration.ofSeconds(30));
			String base = Registry.url(port);
			if (Http.post(base + "/register", "{\"name\":\"wrk-lookup\",\"address\":\"http://127.0.0.1:8080\"}") == null) {
				throw new IllegalStateException("cannot register wrk-lookup");
			}
			String answer = Http.post(base + "/register", "{\"name\":\"wrk-heartbeat\",\"port\":\"8081\"}");
			Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(answer == null ? "" : answer);
			if (!id.find()) {
				throw new IllegalStateException("cannot register wrk-heartbeat: " + answer);
			}
			Map<String, String> bodies = new java.util.LinkedHashMap<>();
			bodies.put("/lookup", "{\"name\":\"wrk-lookup\"}");
			bodies.put("/heartbeat", "{\"id\":\"" + id.group(1) + "\"}");
			bodies.put("/register", "{\"name\":\"wrk-register\",\"port\":\"8080\"}");
			report.line("The standalone embedded registry (`java -Xmx256m -jar srsr-embedded-registry-*-standalone.jar -p "
					+ "PORT -t 600`, its own process) under `wrk -t" + WRK_THREADS + " -c" + WRK_CONNECTIONS + " -d"
					+ seconds + "s --latency -s benchmarks/wrk/srsr.lua` (" + wrkVersion(wrk) + ") on loopback, "
					+ "client and server sharing the machine's cores. Per endpoint: one discarded " + seconds
					+ " s warm-up, then " + rounds + " rounds. To compare with the Go srsr server, start it "
					+ "(`srsr -p 4214`), register the two names below, and run the same command, e.g. "
					+ "`SRSR_PATH=/lookup SRSR_BODY='{\"name\":\"wrk-lookup\"}' wrk -t" + WRK_THREADS + " -c"
					+ WRK_CONNECTIONS + " -d" + seconds + "s --latency -s benchmarks/wrk/srsr.lua http://localhost:4214`.")
				.blank()
				.line("| endpoint | body | requests/s, median (min–max) | latency p50 / p99 (median round) | errors |")
				.line("|---|---|---|---|---|");
			for (Map.Entry<String, String> endpoint : bodies.entrySet()) {
				wrk(wrk, script, base, endpoint.getKey(), endpoint.getValue(), seconds, env, "warm-up");
				List<Double> rps = new ArrayList<>();
				List<String[]> latencies = new ArrayList<>();
				List<String> errors = new ArrayList<>();
				for (int round = 1; round <= rounds; round++) {
					String out = wrk(wrk, script, base, endpoint.getKey(), endpoint.getValue(), seconds, env,
							"round-" + round);
					Matcher matcher = RPS.matcher(out);
					if (!matcher.find()) {
						throw new IllegalStateException("no Requests/sec in wrk output: " + out);
					}
					rps.add(Double.parseDouble(matcher.group(1)));
					latencies.add(new String[] { find(P50, out), find(P99, out) });
					Matcher non2xx = NON_2XX.matcher(out);
					if (non2xx.find()) {
						errors.add(non2xx.group(1) + " non-2xx");
					}
					Matcher socket = SOCKET_ERRORS.matcher(out);
					if (socket.find()) {
						errors.add(socket.group().trim());
					}
				}
				Stats stats = Stats.of(rps);
				String[] medianRound = latencies.get(medianIndex(rps));
				String body = endpoint.getValue().replaceAll("\"id\":\"[^\"]+\"", "\"id\":\"<id>\"");
				report.line("| `" + endpoint.getKey() + "` | `" + body + "` | " + Report.mmm(stats, 0) + " | "
						+ medianRound[0] + " / " + medianRound[1] + " | "
						+ (errors.isEmpty() ? "none" : String.join(", ", errors)) + " |");
				report.row("4", "Embedded registry `" + endpoint.getKey() + "`, requests/s (wrk)", Report.mmm(stats, 0),
						"(no target; compare with Go srsr)", errors.isEmpty() ? Verdict.INFO : Verdict.MISSED);
				System.out.printf("  wrk %-10s %8.0f req/s%n", endpoint.getKey(), stats.median());
			}
			report.blank();
		}
		finally {
			Procs.stop(registry, Duration.ofSeconds(10));
		}
	}

	private static String wrk(String wrk, Path script, String base, String path, String body, int seconds, Env env,
			String round) {
		List<String> command = List.of(wrk, "-t" + WRK_THREADS, "-c" + WRK_CONNECTIONS, "-d" + seconds + "s",
				"--latency", "-s", script.toString(), base);
		Process process = Procs.start(command, env.log("wrk" + path.replace('/', '-') + "-" + round),
				Map.of("SRSR_PATH", path, "SRSR_BODY", body));
		try {
			if (!process.waitFor(seconds + 30L, java.util.concurrent.TimeUnit.SECONDS)) {
				Procs.stop(process, Duration.ofSeconds(5));
				throw new IllegalStateException("wrk did not end");
			}
			return java.nio.file.Files.readString(env.log("wrk" + path.replace('/', '-') + "-" + round));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static String wrkVersion(String wrk) {
		String out = Procs.run(List.of(wrk, "-v"), Duration.ofSeconds(10));
		Matcher matcher = Pattern.compile("wrk (\\S+)").matcher(out);
		return matcher.find() ? "wrk " + matcher.group(1) : "wrk";
	}

	private static String find(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		return matcher.find() ? matcher.group(1) : "n/a";
	}

	private static int medianIndex(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		return values.indexOf(sorted.get((sorted.size() - 1) / 2));
	}

}
