package io.github.srsr.benchmarks.suite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.github.srsr.benchmarks.suite.Report.Verdict;

/**
 * Item 5: how fast the starter is registered again, watched from outside through the registry's own
 * {@code /lookup} (polled every 10 ms), with the standalone registry as its own process:
 * <ul>
 * <li>restart: the registry process is stopped and a new one started on the same port (it has forgotten every
 * registration); measured from the moment the new registry answers to the first lookup that finds the sample;</li>
 * <li>down at start: the sample starts while nothing listens on the registry's port; the registry is started a
 * random 0.5 s to 0.5 s + 2 intervals after the sample is up; measured from the moment the registry answers to
 * the first lookup that finds the sample.</li>
 * </ul>
 * The random waits (fixed seed) spread the measurements over the phase of the heartbeat and retry timers.
 */
final class Recovery {

	private final Random random = new Random(6);

	private int runs;

	void run(Env env, Report report) {
		int apps = env.reps(3, 1);
		int restartsPerApp = env.reps(2, 2);
		report.section(5).line("## 5. Recovery").blank()
			.line("The sample (`--srsr.heartbeat.interval=N`, other settings as shipped: retry from 1 s, ×1.5, capped at "
					+ "the interval, ±250 ms jitter) against the standalone registry process. *Restart*: registry "
					+ "stopped (SIGTERM) and started again on the same port; time from the new registry's first answer "
					+ "to the first `/lookup` that finds the sample again (also shown: from the stop). *Down at start*: "
					+ "the sample starts with no registry listening; the registry is started 0.5 s to 0.5 s + 2 "
					+ "intervals after the sample is up; time from the registry's first answer to the first `/lookup` "
					+ "that finds the sample. The registry's `/lookup` is polled every 10 ms. Target: ≤ 1 interval, "
					+ "judged on the **maximum** (it is a bound the design promises).")
			.blank()
			.line("| interval | scenario | samples | s, median (min–max) | from registry stop, s | target | |")
			.line("|---|---|---|---|---|---|---|");
		for (int interval : new int[] { 1, 2 }) {
			List<Double> restart = new ArrayList<>();
			List<Double> restartFromStop = new ArrayList<>();
			List<Double> downAtStart = new ArrayList<>();
			for (int app = 0; app < apps; app++) {
				measureApp(env, interval, restartsPerApp, restart, restartFromStop, downAtStart);
			}
			addRows(report, interval, "registry restart", restart, Stats.of(restartFromStop));
			addRows(report, interval, "registry down at app start", downAtStart, null);
		}
		report.blank();
	}

	private void addRows(Report report, int interval, String scenario, List<Double> samples, Stats fromStop) {
		Stats stats = Stats.of(samples);
		boolean met = stats.max() <= interval;
		report.line("| " + interval + " s | " + scenario + " | " + stats.count() + " | " + Report.mmm(stats, 2) + " | "
				+ ((fromStop != null) ? Report.mmm(fromStop, 2) : "—") + " | ≤ " + interval + " s | "
				+ Verdict.of(met).text + " |");
		report.row("5", "Recovery, " + scenario + ", interval " + interval + " s (s, median (min–max))",
				Report.mmm(stats, 2), "max ≤ " + interval + " s", Verdict.of(met));
	}

	private void measureApp(Env env, int interval, int restarts, List<Double> restart, List<Double> restartFromStop,
			List<Double> downAtStart) {
		this.runs++;
		String name = "bench-recovery-" + this.runs;
		int registryPort = Env.freePort();
		int port = Env.freePort();
		String log = "recovery-" + interval + "s-" + this.runs;
		Process sample = Sample.start(env, Sample.Launch.PLAIN, port,
				List.of("--srsr.registry.url=" + Registry.url(registryPort), "--spring.application.name=" + name,
						"--srsr.heartbeat.interval=" + interval + "s"),
				log);
		Process registry = null;
		try {
			// Up: health answers (503 while the registry is down).
			Sample.awaitHealth(port, sample, false, Duration.ofSeconds(90));
			Http.sleep(500 + this.random.nextInt(2 * interval * 1000 + 1));
			registry = Registry.start(env, registryPort, 60, log + "-registry-0");
			long ready = Registry.awaitReady(registryPort, registry, Duration.ofSeconds(30));
			long registered = Registry.awaitRegistered(registryPort, name, Duration.ofSeconds(interval * 10L + 10));
			downAtStart.add((registered - ready) / 1e9);
			System.out.printf("  recovery %ds down-at-start %.2f s%n", interval, (registered - ready) / 1e9);
			for (int i = 1; i <= restarts; i++) {
				Http.sleep(200 + this.random.nextInt(interval * 1000 + 1));
				long stop = System.nanoTime();
				Procs.stop(registry, Duration.ofSeconds(10));
				registry = Registry.start(env, registryPort, 60, log + "-registry-" + i);
				ready = Registry.awaitReady(registryPort, registry, Duration.ofSeconds(30));
				registered = Registry.awaitRegistered(registryPort, name, Duration.ofSeconds(interval * 10L + 10));
				restart.add((registered - ready) / 1e9);
				restartFromStop.add((registered - stop) / 1e9);
				System.out.printf("  recovery %ds restart %.2f s (from stop %.2f s)%n", interval,
						(registered - ready) / 1e9, (registered - stop) / 1e9);
			}
		}
		finally {
			Procs.stop(sample, Duration.ofSeconds(20));
			if (registry != null) {
				Procs.stop(registry, Duration.ofSeconds(10));
			}
		}
	}

}
