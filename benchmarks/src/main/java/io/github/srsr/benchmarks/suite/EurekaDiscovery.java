package io.github.srsr.benchmarks.suite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.github.srsr.benchmarks.suite.Report.Verdict;

/**
 * Item 10 (issue 30): discovery as a second application sees it, srsr and Eureka side by side. A caller application
 * ({@code benchmarks/apps/src/caller}) asks Spring Cloud's {@code DiscoveryClient.getInstances(name)} every 200 ms;
 * instances of the item 9 web application come, leave with SIGTERM and crash (kill -9), at random moments so that
 * the registries' timers are not always met at the same phase. Every process talks to its registry through a
 * {@link CountingProxy} of its own, which counts its registry calls.
 */
final class EurekaDiscovery {

	/** Issue 30: the starter at its defaults, at most this share of Eureka's defaults (discovery times). */
	private static final double DEFAULTS_SHARE_TARGET = 0.1;

	private static final long POLL_MILLIS = 200;

	/** A departed instance counts as gone once the caller has not returned it for this long. */
	private static final Duration QUIET = Duration.ofSeconds(3);

	/** Between the starts of two trials of a setup. */
	private static final Duration STAGGER = Duration.ofSeconds(10);

	enum Setup {

		SRSR("srsr starter, defaults", "web-srsr", "caller-srsr", 20, null),
		EUREKA_FAST("Eureka, fastest documented settings", "web-eureka", "caller-eureka", 1,
				Apps.EurekaSettings.FAST),
		EUREKA_DEFAULTS("Eureka, defaults", "web-eureka", "caller-eureka", 30, Apps.EurekaSettings.DEFAULTS);

		final String label;

		final String instanceModule;

		final String callerModule;

		/** The longest timer period of the setup: the random delays before each event span it. */
		final int periodSeconds;

		final Apps.EurekaSettings eureka;

		Setup(String label, String instanceModule, String callerModule, int periodSeconds,
				Apps.EurekaSettings eureka) {
			this.label = label;
			this.instanceModule = instanceModule;
			this.callerModule = callerModule;
			this.periodSeconds = periodSeconds;
			this.eureka = eureka;
		}

	}

	/** A figure per trial: seconds, or NaN when it did not happen within the bound. */
	private record Figures(List<Double> seen, List<Double> departed, List<Double> crashed, long instanceCalls,
			double instanceMinutes, long callerCalls, long polls) {

		/** The caller's registry calls per 100 {@code getInstances} answers. */
		double callerCallsPer100() {
			return 100.0 * this.callerCalls / this.polls;
		}
	}

	private final Random random = new Random(30);

	void run(Env env, Report report) throws Exception {
		Apps.checkBuilt(env, "web-srsr", "web-eureka", "caller-srsr", "caller-eureka", "eureka-server");
		Duration bound = Duration.ofSeconds(env.quick() ? 60 : 120);
		int trials = env.reps(3, 2);
		Map<Setup, Figures> results = new EnumMap<>(Setup.class);
		// Eureka's defaults first, on a thread of their own: once its trials have stopped their instances they only
		// wait, up to the bound, for the caller to drop them, and the other two setups run meanwhile.
		CountDownLatch defaultsStopped = new CountDownLatch(trials);
		FutureTask<Figures> defaults = new FutureTask<>(
				() -> measure(env, Setup.EUREKA_DEFAULTS, trials, bound, defaultsStopped));
		Thread thread = new Thread(defaults, "eureka-defaults");
		thread.setDaemon(true);
		System.out.println("  " + Setup.EUREKA_DEFAULTS.label + ": " + trials + " trials");
		thread.start();
		while (!defaultsStopped.await(1, TimeUnit.SECONDS) && !defaults.isDone()) {
			// until every trial of Eureka's defaults stopped its instances, or the setup ended (failed)
		}
		for (Setup setup : List.of(Setup.SRSR, Setup.EUREKA_FAST)) {
			System.out.println("  " + setup.label + ": " + trials + " trials");
			results.put(setup, measure(env, setup, trials, bound, new CountDownLatch(trials)));
		}
		try {
			results.put(Setup.EUREKA_DEFAULTS, defaults.get());
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
		report(env, report, results, bound);
	}

	/**
	 * Measures one setup.
	 * @param stopped counted down as each trial has stopped its instances (or failed)
	 */
	private Figures measure(Env env, Setup setup, int trials, Duration bound, CountDownLatch stopped)
			throws InterruptedException {
		int registryPort = Apps.reservePort();
		Process registry = (setup.eureka == null)
				? Registry.start(env, registryPort, 30, "eureka-discovery-srsr-registry")
				: Apps.startEurekaServer(env, setup.eureka, registryPort, "eureka-discovery-server-" + setup.name());
		List<AutoCloseable> closing = new ArrayList<>();
		List<Double> seen = new ArrayList<>();
		List<Double> departed = new ArrayList<>();
		List<Double> crashed = new ArrayList<>();
		long instanceCalls = 0;
		double instanceMinutes = 0;
		long polls = 0;
		try {
			if (setup.eureka == null) {
				Registry.awaitReady(registryPort, registry, Duration.ofSeconds(30));
			}
			String registryUrl = Registry.url(registryPort);
			CountingProxy callerProxy = new CountingProxy(registryUrl);
			closing.add(callerProxy);
			int callerPort = Apps.reservePort();
			Process caller = Apps.start(env, Apps.jar(env, setup.callerModule), null, callerPort,
					args(setup, callerProxy.url(), "caller"), "eureka-discovery-caller-" + setup.name());
			closing.add(() -> Procs.stop(caller, Duration.ofSeconds(30)));
			Apps.awaitHealth(callerPort, caller, Duration.ofSeconds(120));
			long callerFrom = System.nanoTime();
			// The trials overlap, each started STAGGER after the one before: most of a trial is waiting for the
			// registries' timers, and Eureka's can take minutes.
			List<Trial> running = new ArrayList<>();
			for (int trial = 1; trial <= trials; trial++) {
				if (trial > 1) {
					Http.sleep(STAGGER.toMillis());
				}
				Trial one = new Trial(env, setup, registryUrl, callerPort, trial, bound, stopped);
				running.add(one);
				one.start();
			}
			for (Trial trial : running) {
				trial.join();
				if (trial.failure != null) {
					throw new IllegalStateException("trial " + trial.number + " failed: " + trial.failure.getMessage(),
							trial.failure);
				}
				seen.addAll(trial.seen);
				departed.add(trial.departed);
				crashed.add(trial.crashed);
				instanceCalls += trial.instanceCalls;
				instanceMinutes += trial.instanceMinutes;
				polls += trial.polls;
			}
			long callerTo = System.nanoTime();
			return new Figures(seen, departed, crashed, instanceCalls, instanceMinutes,
					callerProxy.count(callerFrom, callerTo, (call) -> true), polls);
		}
		finally {
			for (int i = closing.size() - 1; i >= 0; i--) {
				try {
					closing.get(i).close();
				}
				catch (Exception ex) {
					// best effort: Procs kills what is left when the suite ends
				}
			}
			Procs.stop(registry, Duration.ofSeconds(20));
		}
	}

	/**
	 * Waits until the caller first returns the instance.
	 * @return when, or {@link Poller#NONE}
	 */
	private static long seen(Instance instance, Poller poller, Duration bound, List<Double> seen) {
		long registered = instance.registered(bound);
		if (registered == Poller.NONE) {
			seen.add(Double.NaN);
			return Poller.NONE;
		}
		long at = poller.awaitSeen(instance.port, registered, bound.toNanos());
		seen.add((at == Poller.NONE) ? Double.NaN : Math.max(0, at - registered) / 1e9);
		return at;
	}

	private static double gone(Poller poller, int port, long event, Duration bound) {
		long at = poller.awaitGone(port, event, bound.toNanos(), QUIET.toNanos());
		if (at == Poller.NONE || at - event > bound.toNanos()) {
			return Double.NaN;
		}
		return Math.max(0, at - event) / 1e9;
	}

	private static String seconds(double value) {
		return Double.isNaN(value) ? "never" : Report.num(value, 2);
	}

	private static List<String> args(Setup setup, String registryUrl, String name) {
		List<String> args = new ArrayList<>(List.of("--spring.application.name=" + name));
		if (setup.eureka == null) {
			args.add("--srsr.registry.url=" + registryUrl);
		}
		else {
			args.addAll(Apps.eurekaClientArgs(registryUrl, setup.eureka));
		}
		return args;
	}

	/** One trial, on a thread of its own: two instances come, then one departs and one crashes. */
	private final class Trial extends Thread {

		final int number;

		private final Env env;

		private final Setup setup;

		private final String registryUrl;

		private final int callerPort;

		private final Duration bound;

		final List<Double> seen = new ArrayList<>();

		double departed = Double.NaN;

		double crashed = Double.NaN;

		long instanceCalls;

		double instanceMinutes;

		/** The caller's answers to the trial's two names. */
		int polls;

		volatile Exception failure;

		private final CountDownLatch stopped;

		private boolean countedDown;

		/** Counts this trial down on the setup's latch, once. */
		private void stopped() {
			if (!this.countedDown) {
				this.countedDown = true;
				this.stopped.countDown();
			}
		}

		Trial(Env env, Setup setup, String registryUrl, int callerPort, int number, Duration bound,
				CountDownLatch stopped) {
			super("trial-" + number);
			this.stopped = stopped;
			setDaemon(true);
			this.env = env;
			this.setup = setup;
			this.registryUrl = registryUrl;
			this.callerPort = callerPort;
			this.number = number;
			this.bound = bound;
		}

		@Override
		public void run() {
			try {
				measure();
			}
			catch (Exception ex) {
				this.failure = ex;
			}
			finally {
				stopped();
			}
		}

		private void measure() {
			// Two names, one instance each: srsr removes a whole name from lookup when one of its instances leaves,
			// so a departure and a crash under one name would not be measured apart.
			String departing = Apps.SERVICE + "-t" + this.number + "-term";
			String crashing = Apps.SERVICE + "-t" + this.number + "-kill";
			String callerUrl = "http://127.0.0.1:" + this.callerPort + "/instances/";
			try (Instance a = new Instance(this.env, this.setup, this.registryUrl, departing);
					Instance b = new Instance(this.env, this.setup, this.registryUrl, crashing);
					Poller pollA = new Poller(callerUrl + departing, POLL_MILLIS);
					Poller pollB = new Poller(callerUrl + crashing, POLL_MILLIS)) {
				a.awaitHealth();
				b.awaitHealth();
				long seenA = seen(a, pollA, this.bound, this.seen);
				long seenB = seen(b, pollB, this.bound, this.seen);
				// At least one period of steady state (for the registry calls per minute), then a random phase.
				double delay = Math.max(2, this.setup.periodSeconds)
						+ EurekaDiscovery.this.random.nextDouble() * this.setup.periodSeconds;
				Http.sleep((long) (delay * 1000));
				long event = System.nanoTime();
				a.process.destroy();
				b.process.destroyForcibly();
				stopped();
				for (Instance instance : List.of(a, b)) {
					long from = (instance == a) ? seenA : seenB;
					if (from != Poller.NONE) {
						// Steady state: from 2 s after the caller first saw it until the event.
						long start = from + 2_000_000_000L;
						if (event > start) {
							this.instanceCalls += instance.proxy.count(start, event, (call) -> true);
							this.instanceMinutes += (event - start) / 60e9;
						}
					}
				}
				this.departed = gone(pollA, a.port, event, this.bound);
				this.crashed = gone(pollB, b.port, event, this.bound);
				this.polls = pollA.answers().size() + pollB.answers().size();
				System.out.printf("    trial %d: seen after %s / %s s; %.1f s after that, SIGTERM'd one gone after "
						+ "%s s, killed one after %s s%n", this.number, seconds(this.seen.get(0)),
						seconds(this.seen.get(1)), delay, seconds(this.departed), seconds(this.crashed));
			}
		}

	}

	/** An instance of the web application, behind a counting proxy of its own. */
	private final class Instance implements AutoCloseable {

		final CountingProxy proxy;

		final int port = Apps.reservePort();

		final Process process;

		final Setup setup;

		Instance(Env env, Setup setup, String registryUrl, String name) {
			this.setup = setup;
			this.proxy = new CountingProxy(registryUrl);
			this.process = Apps.start(env, Apps.jar(env, setup.instanceModule), null, this.port,
					args(setup, this.proxy.url(), name), "eureka-discovery-" + setup.name() + "-" + name);
		}

		void awaitHealth() {
			Apps.awaitHealth(this.port, this.process, Duration.ofSeconds(120));
			if (!this.process.isAlive()) {
				throw new IllegalStateException("the instance on port " + this.port + " exited with "
						+ this.process.exitValue());
			}
		}

		/**
		 * When its first registration request reached the registry.
		 */
		long registered(Duration bound) {
			Predicate<CountingProxy.Call> registration = (this.setup.eureka == null)
					? (call) -> call.path().equals("/register")
					: (call) -> call.method().equals("POST") && call.path().startsWith("/eureka/apps/");
			return this.proxy.firstCall(registration, bound);
		}

		@Override
		public void close() {
			Procs.stop(this.process, Duration.ofSeconds(30));
			this.proxy.close();
		}

	}

	private static Stats stats(List<Double> values) {
		return Stats.of(values.stream().filter((value) -> !Double.isNaN(value)).toList());
	}

	private static String cell(List<Double> values, Duration bound) {
		long missing = values.stream().filter((value) -> value.isNaN()).count();
		Stats stats = stats(values);
		String figure = stats.isEmpty() ? "" : Report.mmm(stats, 2);
		if (missing > 0) {
			figure += (figure.isEmpty() ? "" : "; ") + missing + " of " + values.size() + " not within "
					+ bound.toSeconds() + " s";
		}
		return figure;
	}

	/** The median, a trial in which it did not happen counting as infinite. */
	private static double median(List<Double> values) {
		return Stats.of(values.stream().map((value) -> value.isNaN() ? Double.POSITIVE_INFINITY : value).toList())
			.median();
	}

	private void report(Env env, Report report, Map<Setup, Figures> results, Duration bound) {
		report.section(10)
			.line("## 10. Compared with Eureka: discovery as a second application sees it")
			.blank()
			.line("A caller application (`benchmarks/apps/src/caller`, with the srsr starter or with the Eureka "
					+ "client, `spring-boot-starter-webmvc`, `-actuator` and `spring-cloud-starter-loadbalancer`) "
					+ "answers `GET /instances/{name}` with `DiscoveryClient.getInstances(name)`; the harness asks it "
					+ "every " + POLL_MILLIS + " ms. In each trial two instances of item 9's web application start, "
					+ "each under a name of its own (srsr removes a whole name from lookup when one of its "
					+ "instances leaves, which would couple the two measurements); once the caller has seen both, "
					+ "after one period (at least 2 s) + U(0, period) (period: the setup's longest timer, srsr's 20 s "
					+ "heartbeat, Eureka's 30 s, or 1 s), one is stopped with SIGTERM and the other killed with kill -9 at the "
					+ "same moment. The trials of a setup overlap, each started " + STAGGER.toSeconds() + " s after "
					+ "the one before (most of a trial is waiting for timers), and the other two setups run while "
					+ "Eureka's defaults only wait for their stopped instances to drop out of the caller's answers. "
					+ Apps.versions(env))
			.blank()
			.line("- **seen**: from the instance's first registration request reaching the registry (counted at its "
					+ "proxy) to the first caller answer that holds it;")
			.line("- **departed / crashed gone**: from the SIGTERM / kill -9 to the first caller answer without it, "
					+ "after which it stayed absent for " + QUIET.toSeconds() + " s; \"not within " + bound.toSeconds()
					+ " s\" when it was still returned then;")
			.line("- **instance calls/min**: every request an instance sent its registry (through its own counting "
					+ "proxy in the harness), from 2 s after the caller first saw it until it was stopped, over all "
					+ "instances of the setup; **caller calls per 100 `getInstances`**: every request the caller sent its "
					+ "registry while the harness asked it (its own registration and heartbeats included), per 100 "
					+ "answers (overlapping trials ask it several names at once, each every " + POLL_MILLIS
					+ " ms).")
			.blank()
			.line("| setup | settings | trials | seen, s | departed gone, s | crashed gone, s | instance calls/min | "
					+ "caller calls per 100 `getInstances` |")
			.line("|---|---|---|---|---|---|---|---|");
		for (Map.Entry<Setup, Figures> entry : results.entrySet()) {
			Setup setup = entry.getKey();
			Figures figures = entry.getValue();
			String settings = (setup.eureka == null)
					? "heartbeat 20 s, registry timeout 30 s (`-t 30`), healing on (the starter's defaults)"
					: setup.eureka.describe();
			report.line("| " + setup.label + " | " + settings + " | " + figures.departed().size() + " | "
					+ cell(figures.seen(), bound) + " | " + cell(figures.departed(), bound) + " | "
					+ cell(figures.crashed(), bound) + " | "
					+ Report.num(figures.instanceCalls() / figures.instanceMinutes(), 1) + " | "
					+ Report.num(figures.callerCallsPer100(), 1) + " |");
		}
		report.blank()
			.line("Every process reaches its registry through a forwarding proxy in the harness (one loopback hop "
					+ "more for every call, every setup alike). Eureka's clients fetch the registry on a timer and "
					+ "serve `getInstances` from that copy; the srsr starter's `getInstances` reads the instance set "
					+ "it samples every refresh period (2 s by default; item 11), so the caller's calls follow the "
					+ "names it asks for and their instances, not its call rate. A name whose last lookups found "
					+ "nothing keeps its last set for `srsr.discovery.not-found-grace` (30 s by default): srsr "
					+ "removes a whole name whenever one of its instances leaves, and the survivors register again "
					+ "within their heartbeat interval. An instance that leaves registers a departure notice first "
					+ "(its address under `<name>#srsr-left`), so a caller drops it at its next refresh; a crashed "
					+ "one leaves none. Each name here has one instance, so the srsr row's crashed figure is the "
					+ "registry's timeout plus that grace.")
			.blank();
		Figures srsr = results.get(Setup.SRSR);
		Figures defaults = results.get(Setup.EUREKA_DEFAULTS);
		Figures fast = results.get(Setup.EUREKA_FAST);
		row(report, "new instance seen", srsr.seen(), defaults.seen(), fast.seen(), bound);
		row(report, "departed (SIGTERM) instance gone", srsr.departed(), defaults.departed(), fast.departed(), bound);
		row(report, "crashed (kill -9) instance gone", srsr.crashed(), defaults.crashed(), fast.crashed(), bound);
		report.row("10", "Registry calls: per instance per minute / per 100 `getInstances` of a caller, srsr vs Eureka "
				+ "defaults", Report.num(srsr.instanceCalls() / srsr.instanceMinutes(), 1) + " / "
						+ Report.num(srsr.callerCallsPer100(), 0) + " vs "
						+ Report.num(defaults.instanceCalls() / defaults.instanceMinutes(), 1) + " / "
						+ Report.num(defaults.callerCallsPer100(), 1),
				"(issue 26's sets: bounded by the sampling)", Verdict.INFO);
	}

	/** Issue 30: at srsr's defaults, ≤ 1/10 of Eureka's defaults, and no worse than Eureka's fastest settings. */
	private static void row(Report report, String what, List<Double> srsr, List<Double> defaults, List<Double> fast,
			Duration bound) {
		double s = median(srsr);
		double d = median(defaults);
		double f = median(fast);
		boolean measured = !srsr.isEmpty() && !defaults.isEmpty() && !fast.isEmpty();
		boolean met = !Double.isInfinite(s) && s <= d * DEFAULTS_SHARE_TARGET && s <= f;
		report.row("10", "A caller's `getInstances`: " + what + ", s (median of the trials): srsr / Eureka defaults / Eureka "
				+ "fastest", shown(s, bound) + " / " + shown(d, bound) + " / " + shown(f, bound),
				"≤ 1/10 of Eureka's defaults, ≤ Eureka's fastest", measured ? Verdict.of(met) : Verdict.NOT_MEASURED);
	}

	private static String shown(double value, Duration bound) {
		return Double.isInfinite(value) ? "> " + bound.toSeconds() : Report.num(value, 2);
	}

}
