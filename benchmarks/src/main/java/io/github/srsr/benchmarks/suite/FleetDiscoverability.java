package io.github.srsr.benchmarks.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.srsr.benchmarks.suite.Report.Verdict;
import io.github.srsr.boot.autoconfigure.SrsrAutoConfiguration;
import io.github.srsr.boot.registration.SrsrDeregisteredEvent;
import io.github.srsr.boot.registration.SrsrHeartbeatFailedEvent;
import io.github.srsr.boot.registration.SrsrRegisteredEvent;
import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.boot.registration.SrsrRegistrationEvent;
import io.github.srsr.boot.registration.SrsrRegistrationFailedEvent;
import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.RecordedRequest;
import io.github.srsr.registry.RegisteredInstance;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Item 8 (issue 11): how much of its live time each instance of a fleet of five is discoverable, through a scripted
 * chaos run of departures, replacements, a crash and a registry restart, with the starter's healing of srsr's
 * name-wide removal on and off (same script, same seed).
 * <p>
 * The registry is the embedded registry inside the harness (it removes a whole name from lookup when one of its ids
 * is deregistered or expires, as srsr does), so that a sampler can read every 50 ms exactly the set a
 * {@code /lookup} picks from ({@link EmbeddedSrsrRegistry#lookupCandidates(String)}), instead of guessing it from
 * random single answers. The instances are non-web Spring applications with the starter's auto-configuration, each
 * an application context of its own inside the harness JVM, talking HTTP to the registry like any application.
 * A graceful departure closes the context (which deregisters); a crash stops the starter's scheduler so that
 * nothing is sent any more, and the registry expires the instance after its timeout; a registry restart stops the
 * registry (every registration forgotten, connections refused) and starts it again on the same port.
 */
final class FleetDiscoverability {

	static final String NAME = "bench-fleet";

	private static final int FLEET = 5;

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	private static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(3);

	private static final Duration REGISTRY_DOWN = Duration.ofSeconds(1);

	private static final long SAMPLE_MILLIS = 50;

	private static final double TARGET = 0.95;

	private static final long SEED = 11;

	private static final String STARTUP = "start-up (first registration of a new instance)";

	enum Action {

		LEAVE, START, ROLL, CRASH, RESTART

	}

	/**
	 * One step of the chaos script.
	 *
	 * @param at seconds from the start of the sampling
	 * @param action what happens
	 * @param scenario the scenario the step belongs to (several steps may share one)
	 */
	record Step(double at, Action action, String scenario) {
	}

	record Script(List<Step> steps, double seconds) {

		static Script full() {
			String leave = "10 s: departure, replacement 2 s later";
			String roll = "25 s: rolling step (replacement up first)";
			String crash = "40 s: crash, replacement 2 s later";
			String restart = "55 s: registry restart (down " + REGISTRY_DOWN.toSeconds() + " s)";
			String twice = "70 s: two departures 1 s apart, replacements 3 s later";
			String roll2 = "90 s: rolling step (replacement up first)";
			return new Script(List.of(new Step(10, Action.LEAVE, leave), new Step(12, Action.START, leave),
					new Step(25, Action.ROLL, roll), new Step(40, Action.CRASH, crash),
					new Step(42, Action.START, crash), new Step(55, Action.RESTART, restart),
					new Step(70, Action.LEAVE, twice), new Step(71, Action.LEAVE, twice),
					new Step(73, Action.START, twice), new Step(74, Action.START, twice),
					new Step(90, Action.ROLL, roll2)), 120);
		}

		static Script quick() {
			String leave = "5 s: departure, replacement 2 s later";
			String crash = "12 s: crash, replacement 2 s later";
			String restart = "22 s: registry restart (down " + REGISTRY_DOWN.toSeconds() + " s)";
			String roll = "30 s: rolling step (replacement up first)";
			return new Script(List.of(new Step(5, Action.LEAVE, leave), new Step(7, Action.START, leave),
					new Step(12, Action.CRASH, crash), new Step(14, Action.START, crash),
					new Step(22, Action.RESTART, restart), new Step(30, Action.ROLL, roll)), 45);
		}

		String describe() {
			return this.steps.stream()
				.map((step) -> Report.num(step.at(), 0) + " s " + switch (step.action()) {
					case LEAVE -> "departure (context closed)";
					case START -> "new instance";
					case ROLL -> "new instance, then once it is found a departure";
					case CRASH -> "crash (scheduler stopped, no deregistration)";
					case RESTART -> "registry stopped, started again " + REGISTRY_DOWN.toSeconds() + " s later";
				})
				.collect(Collectors.joining("; ")) + "; steady until " + Report.num(this.seconds, 0) + " s";
		}

	}

	void run(Env env, Report report) {
		Script script = env.quick() ? Script.quick() : Script.full();
		Outcome on = new Run(env, script, true).run();
		Outcome off = new Run(env, script, false).run();
		boolean met = on.totalShare() >= TARGET;
		report.row("8", "Fleet discoverability, healing on: share of live-instance time discoverable (min per instance)",
				Report.num(on.totalShare(), 3) + " (min " + Report.num(on.shares().min(), 3) + ")",
				"≥ " + Report.num(TARGET, 2), Verdict.of(met));
		report.row("8", "Fleet discoverability, healing off, same script", Report.num(off.totalShare(), 3) + " (min "
				+ Report.num(off.shares().min(), 3) + ")", "(baseline)", Verdict.INFO);
		report.row("8", "Heal latency, healing on (intervals, median (min–max)); not healed", Report.mmm(on.latencies(), 1)
				+ "; " + on.neverHealed() + " of " + on.outages().size(), "(no target)", Verdict.INFO);
		if (!met) {
			report.note("8. Fleet discoverability: with healing on the fleet was discoverable "
					+ Report.num(on.totalShare(), 3) + " of its live time; the scenario that hid it longest was "
					+ on.worstScenario() + " (timeline in `benchmarks/target/results/logs/fleet-heal-on.log`).");
		}
		report.section(8).line("## 8. Fleet discoverability").blank()
			.line("Issue 11: " + FLEET + " instances of one name (non-web Spring applications with the starter's "
					+ "auto-configuration, each an application context of its own in the harness JVM, addresses "
					+ "`http://10.0.0.N:8080`, `srsr.heartbeat.interval=" + INTERVAL.toSeconds() + "s`, other settings "
					+ "as shipped) against the embedded registry in the harness (timeout " + REGISTRY_TIMEOUT.toSeconds()
					+ " s; it removes a whole name from lookup when one of its ids leaves or expires, as srsr does). "
					+ "A chaos script of " + Report.num(script.seconds(), 0) + " s"
					+ (env.quick() ? " (**quick mode: a shortened script**)" : "") + ", the same (seed " + SEED
					+ " for which instance goes) with `srsr.heal.enabled` true and false: " + script.describe() + ". "
					+ "Every " + SAMPLE_MILLIS + " ms, and when an instance is told to leave or crash, a sampler reads "
					+ "the registry's lookup candidates of the name (exactly the set a `/lookup` picks from); a *live* "
					+ "instance (started, not yet told to leave or crash) is discoverable when its address is among "
					+ "them. Share = discoverable live time / live time, the " + REGISTRY_DOWN.toSeconds() + " s the registry is down left out of both (nobody "
					+ "is discoverable then, healing or not). A *removal* is a live instance turning undiscoverable; "
					+ "its heal latency runs until it is discoverable again, in heartbeat intervals; *not healed*: "
					+ "still undiscoverable when it left or when the run ended. Target: total share ≥ "
					+ Report.num(TARGET, 2) + " with healing on.")
			.blank()
			.line("| healing | share discoverable, total | per instance, median (min–max) | removals | heal latency, intervals, median (min–max) | not healed | target | |")
			.line("|---|---|---|---|---|---|---|---|");
		for (Outcome outcome : List.of(on, off)) {
			report.line("| " + (outcome.healing() ? "on" : "off") + " | " + Report.num(outcome.totalShare(), 3) + " | "
					+ Report.mmm(outcome.shares(), 3) + " | " + outcome.outages().size() + " | "
					+ Report.mmm(outcome.latencies(), 2) + " | " + outcome.neverHealed() + " | "
					+ (outcome.healing() ? "≥ " + Report.num(TARGET, 2) + " | " + Verdict.of(met).text : "— |")
					+ " |");
		}
		report.blank()
			.line("Per scenario (removals attributed to the last step begun before them; lost = live instance-seconds "
					+ "undiscoverable):")
			.blank()
			.line("| scenario | on: removals | on: heal latency, intervals | on: not healed | on: lost s | off: removals | off: heal latency, intervals | off: not healed | off: lost s |")
			.line("|---|---|---|---|---|---|---|---|---|");
		List<String> scenarios = new ArrayList<>();
		scenarios.add(Run.BEFORE);
		script.steps().stream().map(Step::scenario).distinct().forEach(scenarios::add);
		scenarios.add(STARTUP);
		for (String scenario : scenarios) {
			StringBuilder row = new StringBuilder("| " + scenario);
			for (Outcome outcome : List.of(on, off)) {
				ScenarioFigures figures = outcome.scenario(scenario);
				row.append(" | ").append(figures.removals()).append(" | ").append(Report.mmm(figures.latencies(), 2))
					.append(" | ").append(figures.notHealed()).append(" | ").append(Report.num(figures.lostSeconds(), 1));
			}
			report.line(row.append(" |").toString());
		}
		report.blank();
		for (Outcome outcome : List.of(on, off)) {
			report.line("Healing " + (outcome.healing() ? "on" : "off") + ", per instance (share, live s): "
					+ outcome.perInstance() + ". A new instance was first found " + Report.mmm(outcome.firstFound(), 2)
					+ " s after its context was ready; the run took " + Report.num(outcome.seconds(), 0)
					+ " s with set-up.")
				.blank();
		}
		report.line("Timelines (script steps, every change of the lookup candidates and of each instance, the starter's "
				+ "events) in `benchmarks/target/results/logs/fleet-heal-{on,off}.log`, the registry's requests in "
				+ "`fleet-heal-{on,off}-requests.log`, the starter's log in `fleet-heal-{on,off}-instances.log`.")
			.blank();
	}

	/**
	 * A removal of a live instance from lookup.
	 */
	static final class Outage {

		final Instance instance;

		final long start;

		final String scenario;

		long end = -1;

		String ending;

		double lostSeconds;

		Outage(Instance instance, long start, String scenario) {
			this.instance = instance;
			this.start = start;
			this.scenario = scenario;
		}

		boolean healed() {
			return "healed".equals(this.ending);
		}

	}

	/**
	 * One instance; its accounting fields are only touched by the sampler.
	 */
	static final class Instance {

		final int number;

		final String address;

		ConfigurableApplicationContext context;

		volatile long liveFrom = Long.MAX_VALUE;

		volatile long liveUntil = Long.MAX_VALUE;

		volatile String endedBy;

		long liveNanos;

		long discoverableNanos;

		volatile boolean seen;

		long firstFoundNanos = -1;

		Outage open;

		Instance(int number) {
			this.number = number;
			this.address = "http://10.0.0." + number + ":8080";
		}

		String label() {
			return "#" + this.number;
		}

		boolean liveAt(long nanos) {
			return nanos >= this.liveFrom && nanos < this.liveUntil;
		}

	}

	record ScenarioFigures(int removals, Stats latencies, int notHealed, double lostSeconds) {
	}

	record Outcome(boolean healing, double totalShare, Stats shares, List<Outage> outages, Stats latencies,
			int neverHealed, Stats firstFound, String perInstance, Map<String, Double> startupLost, double seconds) {

		ScenarioFigures scenario(String scenario) {
			if (scenario.equals(STARTUP)) {
				return new ScenarioFigures(0, Stats.of(List.of()), 0, this.startupLost.getOrDefault(STARTUP, 0.0));
			}
			List<Outage> in = this.outages.stream().filter((outage) -> outage.scenario.equals(scenario)).toList();
			return new ScenarioFigures(in.size(), latencyStats(in),
					(int) in.stream().filter((outage) -> !outage.healed()).count(),
					in.stream().mapToDouble((outage) -> outage.lostSeconds).sum());
		}

		String worstScenario() {
			Map<String, Double> lost = new LinkedHashMap<>(this.startupLost);
			for (Outage outage : this.outages) {
				lost.merge(outage.scenario, outage.lostSeconds, Double::sum);
			}
			return lost.entrySet()
				.stream()
				.max(Map.Entry.comparingByValue())
				.map((entry) -> "\"" + entry.getKey() + "\" (" + Report.num(entry.getValue(), 1) + " instance-seconds lost)")
				.orElse("none");
		}

		static Stats latencyStats(List<Outage> outages) {
			return Stats.of(outages.stream().filter(Outage::healed).map((outage) -> outage.lostSeconds
					/ (INTERVAL.toNanos() / 1e9)).toList());
		}

	}

	/**
	 * One run of the script, healing on or off.
	 */
	private static final class Run {

		static final String BEFORE = "steady, before the first step";

		private final Env env;

		private final Script script;

		private final boolean healing;

		private final String mode;

		private final Random random = new Random(SEED);

		private final List<Instance> fleet = new CopyOnWriteArrayList<>();

		private final List<Outage> outages = new ArrayList<>();

		private final ConcurrentLinkedQueue<Line> timeline = new ConcurrentLinkedQueue<>();

		private final Object sampling = new Object();

		private final List<long[]> downs = new ArrayList<>();

		private final Map<String, String> idOwners = new HashMap<>();

		private EmbeddedSrsrRegistry registry;

		private volatile boolean registryUp;

		private volatile long t0;

		private final long anchorNanos = System.nanoTime();

		private final Instant anchorInstant = Instant.now();

		private long lastTick;

		private long upSince;

		private Set<String> lastCandidates = Set.of();

		private int lastIds = -1;

		private int started;

		record Line(long nanos, String text) {
		}

		Run(Env env, Script script, boolean healing) {
			this.env = env;
			this.script = script;
			this.healing = healing;
			this.mode = healing ? "on" : "off";
		}

		Outcome run() {
			long begin = System.nanoTime();
			this.t0 = begin;
			this.registry = EmbeddedSrsrRegistry.builder().timeout(REGISTRY_TIMEOUT).start();
			this.registryUp = true;
			ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "fleet-sampler");
				thread.setDaemon(true);
				return thread;
			});
			try {
				for (int i = 0; i < FLEET; i++) {
					start();
				}
				long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
				while (!candidates().containsAll(this.fleet.stream().map((instance) -> instance.address).toList())) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("the first " + FLEET + " instances were not all found within 30 s: "
								+ candidates());
					}
					Http.sleep(10);
				}
				Http.sleep(2 * INTERVAL.toMillis());
				this.t0 = System.nanoTime();
				this.lastTick = this.t0;
				this.upSince = this.t0;
				log(this.t0, "sampling starts; healing " + this.mode + "; lookup candidates " + candidates());
				for (Instance instance : this.fleet) {
					instance.liveFrom = this.t0;
				}
				sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
				for (Step step : this.script.steps()) {
					sleepUntil(this.t0 + seconds(step.at()));
					act(step);
				}
				sleepUntil(this.t0 + seconds(this.script.seconds()));
				sampler.shutdown();
				if (!sampler.awaitTermination(10, TimeUnit.SECONDS)) {
					throw new IllegalStateException("the sampler did not stop");
				}
				long end = System.nanoTime();
				log(end, "sampling ends");
				return outcome(end, begin);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			finally {
				sampler.shutdownNow();
				for (Instance instance : this.fleet) {
					if (instance.context != null && instance.context.isActive()) {
						instance.context.close();
					}
				}
				this.registry.stop();
				writeLogs();
			}
		}

		// --- the script --------------------------------------------------------------------------------------------

		private void act(Step step) {
			long now = System.nanoTime();
			log(now, "step: " + step.action() + " (" + step.scenario() + ")");
			switch (step.action()) {
				case START -> start().liveFrom = System.nanoTime();
				case LEAVE -> leave(pick());
				case CRASH -> crash(pick());
				case ROLL -> {
					Instance old = pick();
					Instance replacement = start();
					replacement.liveFrom = System.nanoTime();
					// Up first: the old one leaves once the sampler has seen the replacement in lookup.
					long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
					while (!replacement.seen && System.nanoTime() < deadline) {
						Http.sleep(10);
					}
					log(System.nanoTime(), replacement.label() + (replacement.seen ? " seen in lookup" : " not found in 10 s"));
					leave(old);
				}
				case RESTART -> {
					synchronized (this.sampling) {
						this.registryUp = false;
						this.registry.stop();
					}
					long down = System.nanoTime();
					log(down, "registry stopped");
					Http.sleep(REGISTRY_DOWN.toMillis());
					synchronized (this.sampling) {
						this.registry.restart();
						long up = System.nanoTime();
						this.registryUp = true;
						this.upSince = up;
						this.downs.add(new long[] { down, up });
						log(up, "registry started again");
					}
				}
			}
		}

		// A live instance chosen with the seeded random: the same one in both modes.
		private Instance pick() {
			List<Instance> live = this.fleet.stream().filter((instance) -> instance.liveUntil == Long.MAX_VALUE).toList();
			return live.get(this.random.nextInt(live.size()));
		}

		private Instance start() {
			Instance instance = new Instance(++this.started);
			long begin = System.nanoTime();
			instance.context = new SpringApplicationBuilder(Config.class).web(WebApplicationType.NONE)
				.listeners((ApplicationListener<SrsrRegistrationEvent>) (event) -> event(instance, event))
				.run("--srsr.registry.url=" + this.registry.url(), "--srsr.service.name=" + NAME,
						"--srsr.service.address=" + instance.address,
						"--srsr.heartbeat.interval=" + INTERVAL.toSeconds() + "s", "--srsr.heal.enabled=" + this.healing,
						"--spring.main.banner-mode=off", "--spring.main.log-startup-info=false",
						"--logging.console.enabled=false",
						"--logging.file.name=" + this.env.log("fleet-heal-" + this.mode + "-instances"));
			this.fleet.add(instance);
			log(System.nanoTime(), instance.label() + " " + instance.address + " started in "
					+ Report.num((System.nanoTime() - begin) / 1e9, 2) + " s");
			return instance;
		}

		// A sample of its own first: what lookup showed at the very moment it was told to go (a heal a few ms
		// before falls between two periodic samples otherwise).
		private void leave(Instance instance) {
			sample();
			long now = System.nanoTime();
			instance.endedBy = "left";
			instance.liveUntil = now;
			log(now, instance.label() + " leaves (context closed)");
			instance.context.close();
			log(System.nanoTime(), instance.label() + " closed");
		}

		private void crash(Instance instance) {
			sample();
			long now = System.nanoTime();
			instance.endedBy = "crashed";
			instance.liveUntil = now;
			instance.context.getBean(SrsrRegistration.SCHEDULER_BEAN_NAME, ThreadPoolTaskScheduler.class)
				.getScheduledExecutor()
				.shutdownNow();
			log(now, instance.label() + " crashes (scheduler stopped; its ids expire " + REGISTRY_TIMEOUT.toSeconds()
					+ " s after its last heartbeat)");
		}

		private void event(Instance instance, SrsrRegistrationEvent event) {
			String text;
			if (event instanceof SrsrRegisteredEvent registered) {
				synchronized (this.idOwners) {
					this.idOwners.put(registered.getInstanceId(), instance.label());
				}
				text = "registered " + shortId(registered.getInstanceId()) + " (attempts " + registered.getAttempts()
						+ (registered.isReRegistration() ? ", re-registration" : "")
						+ (registered.isAfterLookupRemoval() ? ", after a lookup removal" : "") + ")";
			}
			else if (event instanceof SrsrDeregisteredEvent deregistered) {
				text = "deregistered " + shortId(deregistered.getInstanceId()) + " (acknowledged "
						+ deregistered.isAcknowledged() + ")";
			}
			else if (event instanceof SrsrHeartbeatFailedEvent failed) {
				text = "heartbeat of " + shortId(failed.getInstanceId()) + " failed (" + failed.getConsecutiveFailures()
						+ " in a row): " + failed.getError();
			}
			else if (event instanceof SrsrRegistrationFailedEvent failed) {
				text = "registration attempt " + failed.getAttempt() + " failed: " + failed.getError();
			}
			else {
				text = event.getClass().getSimpleName();
			}
			log(System.nanoTime(), instance.label() + " event: " + text);
		}

		// --- the sampler -------------------------------------------------------------------------------------------

		private void sample() {
			synchronized (this.sampling) {
				long now = System.nanoTime();
				if (!this.registryUp) {
					this.lastTick = now;
					return;
				}
				List<RegisteredInstance> known = this.registry.instances();
				Set<String> candidates = candidates();
				if (!candidates.equals(this.lastCandidates) || known.size() != this.lastIds) {
					long visible = known.stream().filter(RegisteredInstance::visible).count();
					log(now, "lookup candidates " + owners(candidates) + "; ids known " + known.size() + " (in lookup "
							+ visible + "): " + known.stream().map(this::describe).collect(Collectors.joining(", ")));
					this.lastCandidates = candidates;
					this.lastIds = known.size();
				}
				for (Instance instance : this.fleet) {
					if (!instance.liveAt(now)) {
						if (instance.open != null && now >= instance.liveUntil) {
							close(instance.open, instance.liveUntil, "not healed: " + instance.endedBy);
							instance.open = null;
						}
						continue;
					}
					long from = Math.max(this.lastTick, Math.max(instance.liveFrom, this.upSince));
					long dt = Math.max(0, now - from);
					boolean discoverable = candidates.contains(instance.address);
					instance.liveNanos += dt;
					if (discoverable) {
						instance.discoverableNanos += dt;
					}
					if (discoverable && !instance.seen) {
						instance.seen = true;
						instance.firstFoundNanos = now - instance.liveFrom;
						log(now, instance.label() + " found");
					}
					else if (discoverable && instance.open != null) {
						close(instance.open, now, "healed");
						log(now, instance.label() + " discoverable again after "
								+ Report.num(instance.open.lostSeconds, 2) + " s");
						instance.open = null;
					}
					else if (!discoverable && instance.seen && instance.open == null) {
						instance.open = new Outage(instance, now, scenarioAt(now));
						this.outages.add(instance.open);
						log(now, instance.label() + " NOT discoverable (" + instance.open.scenario + ")");
					}
				}
				this.lastTick = now;
			}
		}

		private void close(Outage outage, long end, String ending) {
			outage.end = end;
			outage.ending = ending;
			long lost = end - outage.start;
			for (long[] down : this.downs) {
				lost -= Math.max(0, Math.min(end, down[1]) - Math.max(outage.start, down[0]));
			}
			outage.lostSeconds = Math.max(0, lost) / 1e9;
		}

		private String scenarioAt(long nanos) {
			String scenario = BEFORE;
			for (Step step : this.script.steps()) {
				if (this.t0 + seconds(step.at()) <= nanos) {
					scenario = step.scenario();
				}
			}
			return scenario;
		}

		private Set<String> candidates() {
			return this.registry.lookupCandidates(NAME)
				.stream()
				.map(RegisteredInstance::address)
				.collect(Collectors.toCollection(TreeSet::new));
		}

		private String owners(Set<String> addresses) {
			return addresses.stream().map((address) -> this.fleet.stream()
				.filter((instance) -> instance.address.equals(address))
				.map(Instance::label)
				.findFirst()
				.orElse(address)).sorted().collect(Collectors.joining(" ", "[", "]"));
		}

		private String describe(RegisteredInstance known) {
			String owner = owners(Set.of(known.address()));
			String who = known.name().equals(NAME) ? owner.substring(1, owner.length() - 1)
					: "marker " + known.address().substring(known.address().lastIndexOf('/') + 1, known.address().lastIndexOf('/') + 5);
			return shortId(known.id()) + "=" + who + (known.visible() ? "" : "(hidden)");
		}

		// --- figures and logs ----------------------------------------------------------------------------------------

		private Outcome outcome(long end, long begin) {
			for (Instance instance : this.fleet) {
				if (instance.open != null) {
					close(instance.open, end, "not healed: run ended");
					instance.open = null;
				}
			}
			long live = 0;
			long discoverable = 0;
			List<Double> shares = new ArrayList<>();
			List<Double> firstFound = new ArrayList<>();
			List<String> perInstance = new ArrayList<>();
			double startupLost = 0;
			for (Instance instance : this.fleet) {
				live += instance.liveNanos;
				discoverable += instance.discoverableNanos;
				double share = (instance.liveNanos > 0) ? (double) instance.discoverableNanos / instance.liveNanos
						: Double.NaN;
				if (instance.liveNanos > 0) {
					shares.add(share);
				}
				if (instance.firstFoundNanos >= 0 && instance.liveFrom > this.t0) {
					firstFound.add(instance.firstFoundNanos / 1e9);
				}
				double outageLost = this.outages.stream()
					.filter((outage) -> outage.instance == instance)
					.mapToDouble((outage) -> outage.lostSeconds)
					.sum();
				startupLost += Math.max(0, (instance.liveNanos - instance.discoverableNanos) / 1e9 - outageLost);
				perInstance.add(instance.label() + " " + Report.num(share, 3) + " (" + Report.num(instance.liveNanos / 1e9, 0)
						+ (instance.endedBy != null ? ", " + instance.endedBy : "") + ")");
			}
			Stats latencies = Outcome.latencyStats(this.outages);
			int neverHealed = (int) this.outages.stream().filter((outage) -> !outage.healed()).count();
			double total = (live > 0) ? (double) discoverable / live : Double.NaN;
			Outcome outcome = new Outcome(this.healing, total, Stats.of(shares), List.copyOf(this.outages), latencies,
					neverHealed, Stats.of(firstFound), String.join(", ", perInstance), Map.of(STARTUP, startupLost),
					(end - begin) / 1e9);
			System.out.printf(Locale.ROOT,
					"  fleet healing %-3s share %.3f (min %.3f); %d removals, heal latency %s intervals, %d not healed%n",
					this.mode, total, outcome.shares().min(), this.outages.size(), Report.mmm(latencies, 2), neverHealed);
			return outcome;
		}

		private void log(long nanos, String text) {
			this.timeline.add(new Line(nanos, text));
		}

		private String time(long nanos) {
			return String.format(Locale.ROOT, "%9.3f", (nanos - this.t0) / 1e9);
		}

		private void writeLogs() {
			List<Line> lines = new ArrayList<>(this.timeline);
			lines.sort(Comparator.comparingLong(Line::nanos));
			StringBuilder out = new StringBuilder("# seconds from the start of the sampling; healing " + this.mode + "\n");
			lines.forEach((line) -> out.append(time(line.nanos())).append("  ").append(line.text()).append('\n'));
			StringBuilder requests = new StringBuilder("# the registry's requests, seconds from the start of the sampling\n");
			for (RecordedRequest request : this.registry.requests()) {
				long nanos = this.anchorNanos + Duration.between(this.anchorInstant, request.time()).toNanos();
				String owner;
				synchronized (this.idOwners) {
					owner = this.idOwners.entrySet()
						.stream()
						.filter((entry) -> request.body().contains(entry.getKey()))
						.map((entry) -> "  [" + entry.getValue() + "]")
						.findFirst()
						.orElse("");
				}
				requests.append(time(nanos)).append("  ").append(request.path()).append(' ').append(request.body())
					.append(owner).append('\n');
			}
			try {
				Files.writeString(this.env.log("fleet-heal-" + this.mode), out, StandardCharsets.UTF_8);
				Files.writeString(this.env.log("fleet-heal-" + this.mode + "-requests"), requests, StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private static String shortId(String id) {
			return (id == null) ? "null" : id.substring(0, Math.min(8, id.length()));
		}

		private static long seconds(double seconds) {
			return (long) (seconds * 1e9);
		}

		private static void sleepUntil(long nanos) {
			long remaining = nanos - System.nanoTime();
			if (remaining > 0) {
				Http.sleep(remaining / 1_000_000);
			}
		}

	}

	/**
	 * An instance: the starter's auto-configuration, nothing else.
	 */
	@SpringBootConfiguration
	@ImportAutoConfiguration(SrsrAutoConfiguration.class)
	static class Config {

	}

}
