package io.github.srsr.benchmarks.suite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.srsr.benchmarks.suite.Report.Verdict;
import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.RecordedRequest;

/**
 * Item 6: SIGTERM → process exit of the registered sample, with a healthy registry and with a silent one (the
 * embedded registry, run by this harness, {@link EmbeddedSrsrRegistry#pause() paused}: it accepts connections and
 * reads requests but never answers). Alternating pairs; the sample's read timeout is 2 s.
 */
final class Shutdown {

	private static final int READ_TIMEOUT_SECONDS = 2;

	private int runs;

	void run(Env env, Report report) {
		int pairs = env.reps(3, 1);
		List<Double> healthy = new ArrayList<>();
		List<Double> silent = new ArrayList<>();
		List<String> checks = new ArrayList<>();
		try (EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.builder().timeout(Duration.ofSeconds(60)).start()) {
			for (int pair = 0; pair < pairs; pair++) {
				boolean silentFirst = (pair % 2 == 1);
				for (boolean isSilent : new boolean[] { silentFirst, !silentFirst }) {
					double seconds = runOnce(env, registry, isSilent, checks);
					(isSilent ? silent : healthy).add(seconds);
				}
			}
		}
		Stats healthyStats = Stats.of(healthy);
		Stats silentStats = Stats.of(silent);
		double target = READ_TIMEOUT_SECONDS + 1;
		boolean met = silentStats.max() <= target;
		report.row("6", "Shutdown with a silent registry (s, median (min–max))", Report.mmm(silentStats, 2),
				"max ≤ read timeout + 1 s = " + Report.num(target, 0) + " s", Verdict.of(met));
		report.row("6", "Shutdown with a healthy registry (s, median (min–max))", Report.mmm(healthyStats, 2),
				"(baseline)", Verdict.INFO);
		report.section(6).line("## 6. Shutdown")
			.blank()
			.line("SIGTERM → process exit of the sample once registered (`--srsr.registry.read-timeout="
					+ READ_TIMEOUT_SECONDS + "s`, other settings as shipped). The registry is the embedded registry "
					+ "inside the harness; for the *silent* runs it is paused just before the SIGTERM: it accepts the "
					+ "connection and reads the `/deregister` request but never answers. " + pairs
					+ " alternating pairs.")
			.blank()
			.line("| registry | s, median (min–max) | target | |")
			.line("|---|---|---|---|")
			.line("| healthy | " + Report.mmm(healthyStats, 2) + " | — | |")
			.line("| silent | " + Report.mmm(silentStats, 2) + " | ≤ " + Report.num(target, 0) + " s (max) | "
					+ Verdict.of(met).text + " |")
			.line("| silent − healthy (medians) | " + Report.num(silentStats.median() - healthyStats.median(), 2)
					+ " | | |")
			.blank()
			.line("Checks on the registry side: " + String.join("; ", checks) + ".")
			.blank();
	}

	private double runOnce(Env env, EmbeddedSrsrRegistry registry, boolean silent, List<String> checks) {
		this.runs++;
		String name = "bench-shutdown-" + this.runs;
		int port = Env.freePort();
		registry.restart();
		registry.clearRequests();
		Process sample = Sample.start(env, Sample.Launch.PLAIN, port,
				List.of("--srsr.registry.url=http://127.0.0.1:" + registry.port(), "--spring.application.name=" + name,
						"--srsr.registry.read-timeout=" + READ_TIMEOUT_SECONDS + "s"),
				"shutdown-" + this.runs + (silent ? "-silent" : "-healthy"));
		try {
			Sample.awaitHealth(port, sample, true, Duration.ofSeconds(90));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (registry.instances().stream().noneMatch((instance) -> instance.name().equals(name))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(name + " did not register within 30 s");
				}
				Http.sleep(10);
			}
			Http.sleep(500);
			if (silent) {
				registry.pause();
			}
			long start = System.nanoTime();
			sample.destroy();
			if (!sample.waitFor(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("the sample did not exit within 60 s of SIGTERM");
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			long deregistrations = registry.requests().stream().filter(Shutdown::isDeregister).count();
			checks.add((silent ? "silent" : "healthy") + " run " + this.runs + ": " + deregistrations
					+ " /deregister received, " + (silent ? "unanswered" : "instances left " + registry.instances().size())
					+ ", exit code " + sample.exitValue());
			System.out.printf("  shutdown %-7s %.2f s%n", silent ? "silent" : "healthy", seconds);
			return seconds;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			if (registry.isRunning() && registry.isPaused()) {
				registry.resume();
			}
			Procs.stop(sample, Duration.ofSeconds(10));
		}
	}

	private static boolean isDeregister(RecordedRequest request) {
		return request.path().equals("/deregister");
	}

}
