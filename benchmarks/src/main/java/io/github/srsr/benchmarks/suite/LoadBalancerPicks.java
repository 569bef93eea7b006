package io.github.srsr.benchmarks.suite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.github.srsr.benchmarks.suite.Report.Verdict;

/**
 * Item 11 (issue 26's targets): how a caller with Spring Cloud LoadBalancer at its defaults spreads over three
 * instances of one name registered through the starter, and how soon its picks follow a departure (SIGTERM), a
 * crash (kill -9) and an arrival; what that costs in registry calls. The registry is the standalone embedded
 * registry (srsr's protocol, one random address per lookup); the instances are the packaged sample; the caller is
 * {@code benchmarks/apps/caller-srsr} ({@code LoadBalancerClient.choose} behind {@code GET /pick/{name}}), asked
 * every {@value #PICK_MILLIS} ms. Each process reaches the registry through a {@link CountingProxy} of its own.
 * Only public settings are used; {@code srsr.discovery.refresh-period} is passed in both setups (before issue 26's
 * instance sets, Spring ignores it).
 */
final class LoadBalancerPicks {

	private static final long PICK_MILLIS = 33;

	private static final String NAME = "svc-lb";

	/** Issue 26: each instance's share of the picks, 33 % ± 8 %. */
	private static final double SHARE_LOW = 0.25;

	private static final double SHARE_HIGH = 0.41;

	enum Setup {

		FAST("issue 26's: heartbeat 1 s, refresh period 1 s, registry timeout 4 s", 1, 1, 4, 5,
				List.of("--srsr.heartbeat.interval=1s", "--srsr.discovery.refresh-period=1s")),
		DEFAULTS("defaults: heartbeat 20 s, default refresh period, registry timeout 30 s", 20, Double.NaN, 30, 35,
				List.of());

		final String label;

		final int heartbeatSeconds;

		final double refreshSeconds;

		final int ttlSeconds;

		/** Before the departure and before the crash, a random wait of up to this long. */
		final int jitterSeconds;

		final List<String> args;

		Setup(String label, int heartbeatSeconds, double refreshSeconds, int ttlSeconds, int jitterSeconds,
				List<String> args) {
			this.jitterSeconds = jitterSeconds;
			this.label = label;
			this.heartbeatSeconds = heartbeatSeconds;
			this.refreshSeconds = refreshSeconds;
			this.ttlSeconds = ttlSeconds;
			this.args = args;
		}

	}

	/**
	 * What one setup showed; times in seconds, NaN when it did not happen within the bound.
	 * @param shares each instance's share of the spread window's picks, in start order
	 * @param picks how many picks the spread window had
	 * @param departedPicks picks that went to the SIGTERM'd instance after the SIGTERM, and all picks then
	 */
	record Figures(List<Double> shares, int picks, double departed, int[] departedPicks, double crashed,
			int[] crashedPicks, double arrived, double steadySeconds, double callsPerInstancePerHeartbeat,
			Map<String, Double> byPath,
			double callerLookupsPerSecond, double callerCallsPerMinute, Duration bound) {
	}

	private int launches;

	private final Random random = new Random(26);

	void run(Env env, Report report) {
		Apps.checkBuilt(env, "caller-srsr");
		Map<Setup, Figures> results = new LinkedHashMap<>();
		for (Setup setup : Setup.values()) {
			System.out.println("  " + setup.label);
			results.put(setup, measure(env, setup));
		}
		report(env, report, results);
	}

	private Figures measure(Env env, Setup setup) {
		boolean fast = setup == Setup.FAST;
		// Defaults: two heartbeat intervals of steady state; LoadBalancer's cache (35 s) plus srsr's timeout (30 s)
		// within the bound.
		Duration steady = Duration.ofSeconds(fast ? 10 : env.reps(40, 30));
		Duration bound = Duration.ofSeconds(fast ? 20 : env.reps(75, 45));
		Duration quiet = Duration.ofSeconds(fast ? 3 : 10);
		int registryPort = Apps.reservePort();
		Process registry = Registry.start(env, registryPort, setup.ttlSeconds, "lb-registry-" + setup.name());
		List<AutoCloseable> closing = new ArrayList<>();
		try {
			Registry.awaitReady(registryPort, registry, Duration.ofSeconds(30));
			String registryUrl = Registry.url(registryPort);
			CountingProxy callerProxy = new CountingProxy(registryUrl);
			closing.add(callerProxy);
			int callerPort = Apps.reservePort();
			List<String> callerArgs = new ArrayList<>(List.of("--spring.application.name=lb-caller",
					"--srsr.registry.url=" + callerProxy.url()));
			callerArgs.addAll(setup.args);
			Process caller = Apps.start(env, Apps.jar(env, "caller-srsr"), null, callerPort, callerArgs,
					"lb-caller-" + setup.name());
			closing.add(() -> Procs.stop(caller, Duration.ofSeconds(30)));
			List<Instance> instances = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				Instance instance = new Instance(env, setup, registryUrl);
				instances.add(instance);
				closing.add(instance);
			}
			Apps.awaitHealth(callerPort, caller, Duration.ofSeconds(120));
			for (Instance instance : instances) {
				instance.awaitHealth();
			}
			Poller picks = new Poller("http://127.0.0.1:" + callerPort + "/pick/" + NAME, PICK_MILLIS);
			closing.add(picks);
			// Steady state: the caller picking, every instance registered; its last 10 s are the spread window.
			long steadyFrom = System.nanoTime() + 3_000_000_000L;
			Http.sleep(3000 + steady.toMillis());
			long steadyTo = System.nanoTime();
			Map<Integer, Integer> counts = new HashMap<>();
			List<Poller.Answer> window = picks.between(steadyTo - 10_000_000_000L, steadyTo);
			for (Poller.Answer answer : window) {
				if (answer.ports() != null) {
					answer.ports().forEach((port) -> counts.merge(port, 1, Integer::sum));
				}
			}
			List<Double> shares = instances.stream()
				.map((instance) -> counts.getOrDefault(instance.port, 0) / (double) Math.max(1, window.size()))
				.toList();
			long instanceCalls = instances.stream()
				.mapToLong((instance) -> instance.proxy.count(steadyFrom, steadyTo, (call) -> true))
				.sum();
			double steadySeconds = (steadyTo - steadyFrom) / 1e9;
			double perInstancePerHeartbeat = instanceCalls / 3.0 / (steadySeconds / setup.heartbeatSeconds);
			Map<String, Double> byPath = new TreeMap<>();
			for (Instance instance : instances) {
				for (CountingProxy.Call call : instance.proxy.calls()) {
					if (call.nanos() >= steadyFrom && call.nanos() < steadyTo) {
						byPath.merge(call.path(), 1 / 3.0 / (steadySeconds / setup.heartbeatSeconds), Double::sum);
					}
				}
			}
			double callerLookups = callerProxy.count(steadyFrom, steadyTo, (call) -> call.path().equals("/lookup") && NAME.equals(call.name()))
					/ steadySeconds;
			double callerCalls = callerProxy.count(steadyFrom, steadyTo, (call) -> true) / (steadySeconds / 60);
			System.out.printf("    spread over %d picks: %s; per instance per heartbeat %.1f calls; caller %.2f "
					+ "lookups/s%n", window.size(), shares, perInstancePerHeartbeat, callerLookups);
			// Departure: the instance picked most lately, which is the one a pinned caller keeps picking; at a
			// random moment, so that LoadBalancer's cache (35 s) is not always met at the same phase.
			Http.sleep((long) (this.random.nextDouble() * setup.jitterSeconds * 1000));
			Instance departing = mostPicked(picks, instances);
			long event = System.nanoTime();
			departing.process.destroy();
			double departed = gone(picks, departing.port, event, bound, quiet);
			int[] departedPicks = picksOf(picks, departing.port, event, System.nanoTime());
			instances.remove(departing);
			System.out.printf("    SIGTERM'd one no longer picked after %s s (%d of %d picks to it)%n",
					seconds(departed), departedPicks[0], departedPicks[1]);
			// The departure's variable length already moves the crash against the cache's phase.
			Http.sleep((long) (this.random.nextDouble() * Math.min(5, setup.jitterSeconds) * 1000));
			Instance crashing = mostPicked(picks, instances);
			event = System.nanoTime();
			crashing.process.destroyForcibly();
			double crashed = gone(picks, crashing.port, event, bound, quiet);
			int[] crashedPicks = picksOf(picks, crashing.port, event, System.nanoTime());
			instances.remove(crashing);
			System.out.printf("    killed one no longer picked after %s s (%d of %d picks to it)%n", seconds(crashed),
					crashedPicks[0], crashedPicks[1]);
			Instance arriving = new Instance(env, setup, registryUrl);
			closing.add(arriving);
			arriving.awaitHealth();
			long registered = arriving.registered(Duration.ofSeconds(30));
			long picked = (registered == Poller.NONE) ? Poller.NONE
					: picks.awaitSeen(arriving.port, registered, bound.toNanos());
			double arrived = (picked == Poller.NONE) ? Double.NaN : Math.max(0, picked - registered) / 1e9;
			System.out.printf("    new one first picked after %s s%n", seconds(arrived));
			return new Figures(shares, window.size(), departed, departedPicks, crashed, crashedPicks, arrived,
					steadySeconds, perInstancePerHeartbeat, byPath, callerLookups, callerCalls, bound);
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
			Procs.stop(registry, Duration.ofSeconds(10));
		}
	}

	/** The instance with the most picks in the last 2 s (the first started on a tie). */
	private static Instance mostPicked(Poller picks, List<Instance> instances) {
		long now = System.nanoTime();
		Instance most = instances.get(0);
		int mostPicks = -1;
		for (Instance instance : instances) {
			int count = picksOf(picks, instance.port, now - 2_000_000_000L, now)[0];
			if (count > mostPicks) {
				most = instance;
				mostPicks = count;
			}
		}
		return most;
	}

	/** Picks of the port in {@code [from, to)}, and all picks then. */
	private static int[] picksOf(Poller picks, int port, long from, long to) {
		List<Poller.Answer> answers = picks.between(from, to);
		int count = (int) answers.stream().filter((a) -> a.ports() != null && a.ports().contains(port)).count();
		return new int[] { count, answers.size() };
	}

	private static double gone(Poller picks, int port, long event, Duration bound, Duration quiet) {
		long at = picks.awaitGone(port, event, bound.toNanos(), quiet.toNanos());
		if (at == Poller.NONE || at - event > bound.toNanos()) {
			return Double.NaN;
		}
		return Math.max(0, at - event) / 1e9;
	}

	private static String seconds(double value) {
		return Double.isNaN(value) ? "never" : Report.num(value, 2);
	}

	/** An instance of the packaged sample, behind a counting proxy of its own. */
	private final class Instance implements AutoCloseable {

		final CountingProxy proxy;

		final int port = Apps.reservePort();

		final Process process;

		Instance(Env env, Setup setup, String registryUrl) {
			this.proxy = new CountingProxy(registryUrl);
			LoadBalancerPicks.this.launches++;
			List<String> args = new ArrayList<>(List.of("--spring.application.name=" + NAME,
					"--srsr.registry.url=" + this.proxy.url()));
			args.addAll(setup.args);
			this.process = Sample.start(env, Sample.Launch.PLAIN, this.port, args,
					"lb-instance-" + LoadBalancerPicks.this.launches + "-" + setup.name());
		}

		void awaitHealth() {
			Sample.awaitHealth(this.port, this.process, true, Duration.ofSeconds(120));
			if (!this.process.isAlive()) {
				throw new IllegalStateException("the instance on port " + this.port + " exited with "
						+ this.process.exitValue());
			}
		}

		/** When its first registration request reached the registry, or {@link Poller#NONE}. */
		long registered(Duration bound) {
			return this.proxy.firstCall((call) -> call.path().equals("/register"), bound);
		}

		@Override
		public void close() {
			Procs.stop(this.process, Duration.ofSeconds(30));
			this.proxy.close();
		}

	}

	private static String shares(Figures figures) {
		return String.join(" / ", figures.shares().stream().map((share) -> Report.num(share * 100, 0) + " %").toList())
				+ " of " + figures.picks();
	}

	private static String cell(double seconds, int[] picks, Duration bound) {
		String time = Double.isNaN(seconds) ? "not within " + bound.toSeconds() + " s" : Report.num(seconds, 2);
		return (picks == null) ? time : time + " (" + picks[0] + " of " + picks[1] + " picks to it)";
	}

	private void report(Env env, Report report, Map<Setup, Figures> results) {
		report.section(11)
			.line("## 11. Every instance: LoadBalancer picks over a fleet (issue 26)")
			.blank()
			.line("Three instances of the packaged sample register as `" + NAME + "`; a caller "
					+ "(`benchmarks/apps/caller-srsr`: the starter, `spring-cloud-starter-loadbalancer` at its "
					+ "defaults, nothing configured for LoadBalancer) answers `GET /pick/" + NAME + "` with "
					+ "`LoadBalancerClient.choose`, asked every " + PICK_MILLIS + " ms throughout. After a steady "
					+ "stretch (its last 10 s are the spread window, about 300 picks) and a random wait (up to 5 s "
					+ "with issue 26's settings, up to LoadBalancer's 35 s cache with the defaults), the instance "
					+ "picked most in the last 2 s is stopped with SIGTERM; after it has gone (or the bound) and "
					+ "another random wait (up to 5 s), the one picked most of the other two is killed with kill -9; then a "
					+ "fourth starts. Registry: the standalone embedded registry (srsr's "
					+ "protocol: one random address per lookup, a whole name removed on one deregistration or "
					+ "expiry). Every process reaches it through a counting proxy of its own. "
					+ Apps.versions(env))
			.blank()
			.line("- **no longer picked**: from the SIGTERM / kill -9 to the first pick of another instance after "
					+ "which it was not picked again for 3 s (issue 26's settings) or 10 s (defaults); the picks "
					+ "that still went to it until then in brackets;")
			.line("- **first picked**: from the new instance's first registration request reaching the registry to "
					+ "its first pick;")
			.line("- **calls per instance per heartbeat interval**: every request the three instances sent the "
					+ "registry in the steady stretch (registrations, heartbeats, the heal's lookups: all included), "
					+ "per instance and per heartbeat interval; **caller lookups**: the caller's `/lookup` requests for `"
					+ NAME + "` in the same stretch (its heal's lookups of its own name left out), per second and per refresh period.")
			.blank()
			.line("| settings | spread: share of the picks per instance | SIGTERM'd no longer picked, s | killed no "
					+ "longer picked, s | new first picked, s | calls per instance per heartbeat interval | caller "
					+ "lookups per name: per s / per refresh period | caller calls/min, all |")
			.line("|---|---|---|---|---|---|---|---|");
		for (Map.Entry<Setup, Figures> entry : results.entrySet()) {
			Setup setup = entry.getKey();
			Figures f = entry.getValue();
			report.line("| " + setup.label + " (steady stretch " + Report.num(f.steadySeconds(), 0) + " s) | "
					+ shares(f) + " | " + cell(f.departed(), f.departedPicks(), f.bound()) + " | "
					+ cell(f.crashed(), f.crashedPicks(), f.bound()) + " | " + cell(f.arrived(), null, f.bound())
					+ " | " + Report.num(f.callsPerInstancePerHeartbeat(), 1) + " (" + String.join(", ", f.byPath()
						.entrySet()
						.stream()
						.map((path) -> "`" + path.getKey() + "` " + Report.num(path.getValue(), 1))
						.toList()) + ") | "
					+ Report.num(f.callerLookupsPerSecond(), 2) + " / "
					+ (Double.isNaN(setup.refreshSeconds) ? "—"
							: Report.num(f.callerLookupsPerSecond() * setup.refreshSeconds, 1))
					+ " | " + Report.num(f.callerCallsPerMinute(), 0) + " |");
		}
		report.blank()
			.line("The refresh period is `srsr.discovery.refresh-period`: the caller learns each name's instance "
					+ "set by sampling lookups, and LoadBalancer reads it from memory on every pick (the starter's "
					+ "`ServiceInstanceListSupplier`, no LoadBalancer cache in between).")
			.blank();
		Figures f = results.get(Setup.FAST);
		if (f == null) {
			return;
		}
		double period = Setup.FAST.refreshSeconds;
		boolean spread = f.shares().stream().allMatch((share) -> share >= SHARE_LOW && share <= SHARE_HIGH);
		report.row("11", "Spread: 3 instances, share of " + f.picks() + " `choose` picks over 10 s", shares(f),
				"each 33 % ± 8 %", Verdict.of(spread));
		report.row("11", "SIGTERM'd instance no longer picked, s", cell(f.departed(), null, f.bound()),
				"≤ 2 periods (" + Report.num(2 * period, 0) + " s)", Verdict.of(f.departed() <= 2 * period));
		report.row("11", "Killed (kill -9) instance no longer picked, s", cell(f.crashed(), null, f.bound()),
				"≤ TTL + 2 periods (" + Report.num(Setup.FAST.ttlSeconds + 2 * period, 0) + " s)",
				Verdict.of(f.crashed() <= Setup.FAST.ttlSeconds + 2 * period));
		report.row("11", "New instance first picked, s", cell(f.arrived(), null, f.bound()),
				"≤ 2 periods (" + Report.num(2 * period, 0) + " s)", Verdict.of(f.arrived() <= 2 * period));
		double n = 3;
		double lookupBound = 3 * n * Math.log(n) + 5;
		double lookupsPerPeriod = f.callerLookupsPerSecond() * period;
		report.row("11", "Caller's registry lookups per name per refresh period (3 instances)",
				Report.num(lookupsPerPeriod, 1), "≤ 3·n·ln n + 5 = " + Report.num(lookupBound, 1),
				Verdict.of(lookupsPerPeriod <= lookupBound));
		Figures d = results.get(Setup.DEFAULTS);
		report.row("11", "Registry calls per registered instance per heartbeat interval, all included: issue 26's "
				+ "settings / defaults", Report.num(f.callsPerInstancePerHeartbeat(), 1) + " / "
						+ ((d != null) ? Report.num(d.callsPerInstancePerHeartbeat(), 1) : "n/a"),
				"stated; ≤ 2× before issue 26", Verdict.INFO);
	}

}
