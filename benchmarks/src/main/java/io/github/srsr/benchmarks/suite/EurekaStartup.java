package io.github.srsr.benchmarks.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.srsr.benchmarks.steps.StartupStepsInitializer;
import io.github.srsr.benchmarks.suite.Report.Verdict;
import io.github.srsr.benchmarks.suite.StartupAndFootprint.Footprint;

/**
 * Item 9 (issue 30): what the srsr starter costs an application at start-up and once registered, side by side with
 * what a Spring Boot team would pick instead, the Spring Cloud Netflix Eureka client. The same small web application
 * ({@code benchmarks/apps/src/web}) is started three ways in rotating order: plain (neither client on its class
 * path), with the starter against the standalone embedded registry, and with the Eureka client (defaults) against a
 * standalone Eureka server; both registries are processes of their own, running throughout.
 */
final class EurekaStartup {

	/** Issue 30: the starter's start-up CPU overhead, at most this share of the Eureka client's. */
	private static final double CPU_SHARE_TARGET = 0.1;

	/** Issue 30: the starter's beans on the main thread, median, at most (ms). */
	private static final double MAIN_THREAD_TARGET_MILLIS = 40;

	/** Issue 30: threads, classes and retained heap added, at most these shares of the Eureka client's. */
	private static final double THREADS_SHARE_TARGET = 1.0 / 6;

	private static final double CLASSES_SHARE_TARGET = 0.1;

	private static final double HEAP_SHARE_TARGET = 0.1;

	private static final Pattern STEP = Pattern
		.compile("^" + StartupStepsInitializer.PREFIX + " (\\d+) (\\S+) (\\S+) (\\d+)$", Pattern.MULTILINE);

	enum Variant {

		PLAIN("plain", "web-plain", "no registry client"),
		SRSR("srsr", "web-srsr", "+ srsr starter, embedded registry (standalone jar) as the registry"),
		EUREKA("eureka", "web-eureka", "+ `spring-cloud-starter-netflix-eureka-client`, defaults, standalone Eureka "
				+ "server as the registry");

		final String label;

		final String module;

		final String describe;

		Variant(String label, String module, String describe) {
			this.label = label;
			this.module = module;
			this.describe = describe;
		}

	}

	/**
	 * One launch.
	 * @param wallMillis launch to the first 200 of {@code /actuator/health}
	 * @param cpuMillis CPU time the process had used by then
	 * @param beanMillis each bean's own main-thread time (its start-up step less those of the beans created within
	 * it)
	 * @param refreshMillis the whole context refresh
	 * @param footprint once registered, or {@code null} when not taken in this run
	 * @param stopMillis SIGTERM to exit
	 */
	record Run(double wallMillis, double cpuMillis, Map<String, Double> beanMillis, double refreshMillis,
			Footprint footprint, double stopMillis) {
	}

	private final Map<Variant, List<Run>> runs = new EnumMap<>(Variant.class);

	private int launches;

	void run(Env env, Report report) throws IOException {
		Apps.checkBuilt(env, "web-plain", "web-srsr", "web-eureka", "eureka-server");
		int rounds = env.reps(15, 2);
		int footprintRounds = env.reps(3, 1);
		Path stepsJar = Sample.writeStepsJar(env);
		int registryPort = Apps.reservePort();
		int eurekaPort = Apps.reservePort();
		Process registry = Registry.start(env, registryPort, 30, "eureka-startup-srsr-registry");
		Process eureka = null;
		try {
			Registry.awaitReady(registryPort, registry, Duration.ofSeconds(30));
			eureka = Apps.startEurekaServer(env, Apps.EurekaSettings.DEFAULTS, eurekaPort, "eureka-startup-server");
			for (Variant variant : Variant.values()) {
				this.runs.put(variant, new ArrayList<>());
				runOnce(env, variant, stepsJar, registryPort, eurekaPort, false); // warm-up, discarded
			}
			Variant[] order = Variant.values();
			for (int round = 0; round < rounds; round++) {
				for (int i = 0; i < order.length; i++) {
					Variant variant = order[(round + i) % order.length];
					this.runs.get(variant)
						.add(runOnce(env, variant, stepsJar, registryPort, eurekaPort, round < footprintRounds));
				}
			}
		}
		finally {
			if (eureka != null) {
				Procs.stop(eureka, Duration.ofSeconds(20));
			}
			Procs.stop(registry, Duration.ofSeconds(10));
		}
		report(env, report, rounds, footprintRounds);
	}

	private Run runOnce(Env env, Variant variant, Path stepsJar, int registryPort, int eurekaPort,
			boolean footprint) throws IOException {
		this.launches++;
		String name = "bench-web-" + this.launches;
		int port = Apps.reservePort();
		List<String> args = new ArrayList<>(List.of("--spring.application.name=" + name));
		if (variant == Variant.SRSR) {
			args.add("--srsr.registry.url=" + Registry.url(registryPort));
		}
		else if (variant == Variant.EUREKA) {
			args.addAll(Apps.eurekaClientArgs("http://127.0.0.1:" + eurekaPort, Apps.EurekaSettings.DEFAULTS));
		}
		String log = "eureka-startup-" + this.launches + "-" + variant.label;
		long start = System.nanoTime();
		Process process = Apps.start(env, Apps.jar(env, variant.module), stepsJar, port, args, log);
		try {
			long healthy = Apps.awaitHealth(port, process, Duration.ofSeconds(120));
			double cpu = process.info().totalCpuDuration().map((d) -> d.toNanos() / 1e6).orElse(Double.NaN);
			double wall = (healthy - start) / 1e6;
			System.out.printf("  %-7s start-up %6.0f ms (CPU %6.0f ms)", variant.label, wall, cpu);
			Footprint measured = null;
			if (footprint) {
				awaitRegistered(variant, registryPort, eurekaPort, name, port);
				Http.sleep(2000);
				measured = StartupAndFootprint.footprint(process.pid());
				System.out.printf(", %d threads, %d classes, %d KiB live heap", measured.threads(),
						measured.loadedClasses(), measured.liveHeapBytes() / 1024);
			}
			long stopping = System.nanoTime();
			Procs.stop(process, Duration.ofSeconds(30));
			double stopMillis = (System.nanoTime() - stopping) / 1e6;
			System.out.printf(", SIGTERM to exit %.0f ms%n", stopMillis);
			Map<String, Double> beans = new HashMap<>();
			double refresh = steps(Files.readString(env.log(log)), beans);
			return new Run(wall, cpu, beans, refresh, measured, stopMillis);
		}
		finally {
			Procs.stop(process, Duration.ofSeconds(30));
		}
	}

	private static void awaitRegistered(Variant variant, int registryPort, int eurekaPort, String name, int port) {
		if (variant == Variant.SRSR) {
			Registry.awaitRegistered(registryPort, name, Duration.ofSeconds(60));
		}
		else if (variant == Variant.EUREKA) {
			long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
			while (!Apps.eurekaKnows(eurekaPort, name, port)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(name + " was not registered with Eureka within 120 s");
				}
				Http.sleep(100);
			}
		}
	}

	/**
	 * Reads the start-up steps the {@link StartupStepsInitializer} printed: each bean's own time into the map.
	 * @return the context refresh, ms
	 */
	static double steps(String log, Map<String, Double> selfMillisByBean) {
		Map<String, String> beanById = new HashMap<>();
		Map<String, Double> millisById = new HashMap<>();
		Map<String, Double> childMillisById = new HashMap<>();
		double refresh = Double.NaN;
		Matcher step = STEP.matcher(log);
		while (step.find()) {
			double millis = Long.parseLong(step.group(4)) / 1000.0;
			if (step.group(3).equals("-")) {
				refresh = millis;
				continue;
			}
			beanById.put(step.group(1), step.group(3));
			millisById.put(step.group(1), millis);
			childMillisById.merge(step.group(2), millis, Double::sum);
		}
		if (beanById.isEmpty()) {
			throw new IllegalStateException("no start-up steps in the log: " + log.lines().limit(20).toList());
		}
		beanById.forEach((id, bean) -> selfMillisByBean.merge(bean,
				millisById.get(id) - childMillisById.getOrDefault(id, 0.0), Double::sum));
		return refresh;
	}

	/** Bean names the plain application creates: what is not among them, a client added. */
	private Set<String> plainBeans() {
		Set<String> beans = new HashSet<>();
		this.runs.get(Variant.PLAIN).forEach((run) -> beans.addAll(run.beanMillis().keySet()));
		return beans;
	}

	private double clientMillis(Run run, Set<String> plainBeans) {
		return run.beanMillis()
			.entrySet()
			.stream()
			.filter((bean) -> !plainBeans.contains(bean.getKey()))
			.mapToDouble(Map.Entry::getValue)
			.sum();
	}

	/** Per round, a variant's figure less the plain run's of the same round. */
	private Stats added(Variant variant, ToDoubleFunction<Run> figure, int rounds) {
		List<Double> added = new ArrayList<>();
		List<Run> with = this.runs.get(variant);
		List<Run> plain = this.runs.get(Variant.PLAIN);
		for (int i = 0; i < Math.min(rounds, with.size()); i++) {
			added.add(figure.applyAsDouble(with.get(i)) - figure.applyAsDouble(plain.get(i)));
		}
		return Stats.of(added);
	}

	private Stats ratio(Variant variant, ToDoubleFunction<Run> figure) {
		List<Double> ratios = new ArrayList<>();
		List<Run> with = this.runs.get(variant);
		List<Run> plain = this.runs.get(Variant.PLAIN);
		for (int i = 0; i < with.size(); i++) {
			ratios.add(figure.applyAsDouble(with.get(i)) / figure.applyAsDouble(plain.get(i)));
		}
		return Stats.of(ratios);
	}

	private Stats of(Variant variant, ToDoubleFunction<Run> figure) {
		return Stats.of(this.runs.get(variant).stream().map(figure::applyAsDouble).toList());
	}

	private void report(Env env, Report report, int rounds, int footprintRounds) {
		Set<String> plainBeans = plainBeans();
		ToDoubleFunction<Run> wall = Run::wallMillis;
		ToDoubleFunction<Run> cpu = Run::cpuMillis;
		ToDoubleFunction<Run> client = (run) -> clientMillis(run, plainBeans);
		report.section(9)
			.line("## 9. Compared with Eureka: start-up and footprint")
			.blank()
			.line("The same small web application (`benchmarks/apps/src/web`: one `@RestController`, "
					+ "`spring-boot-starter-webmvc` and `-actuator`) built three ways, each an executable jar with "
					+ "its own class path (`benchmarks/apps/web-*`), started " + rounds + " times each in rotating "
					+ "order after one discarded warm-up run each. " + Apps.versions(env) + " Both registries run "
					+ "as processes of their own throughout: the standalone embedded registry (`-t 30`) and a "
					+ "standalone Eureka server (`benchmarks/apps/eureka-server`, Spring Cloud Netflix's "
					+ "documented standalone mode). Every run is launched through `PropertiesLauncher` with "
					+ "`benchmarks/`'s `StartupStepsInitializer` on `loader.path` (Spring's start-up steps, as in "
					+ "item 1's breakdown), all variants alike; each names itself `bench-web-N`, and only `health` "
					+ "is exposed.")
			.blank()
			.line("| variant | start-up ms (wall clock) | ratio to plain, per round | CPU ms used by then | CPU "
					+ "ratio to plain | CPU ms added | client's beans on the main thread, ms | context refresh, ms "
					+ "| SIGTERM → exit, ms |")
			.line("|---|---|---|---|---|---|---|---|---|");
		for (Variant variant : Variant.values()) {
			boolean plain = variant == Variant.PLAIN;
			report.line("| " + variant.label + " (" + variant.describe + ") | " + Report.mmm(of(variant, wall), 0)
					+ " | " + (plain ? "—" : Report.mmm(ratio(variant, wall), 3)) + " | "
					+ Report.mmm(of(variant, cpu), 0) + " | " + (plain ? "—" : Report.mmm(ratio(variant, cpu), 3))
					+ " | " + (plain ? "—" : Report.mmm(added(variant, cpu, rounds), 0)) + " | "
					+ (plain ? "—" : Report.mmm(of(variant, client), 1)) + " | "
					+ Report.mmm(of(variant, Run::refreshMillis), 0) + " | "
					+ Report.mmm(of(variant, Run::stopMillis), 0) + " |");
		}
		report.blank()
			.line("Start-up: process launch → first `200` of `/actuator/health`, polled every 10 ms; CPU: user + "
					+ "system time of all the JVM's threads by then (`ProcessHandle.info()`), less sensitive than the "
					+ "wall clock to other processes on the cores. Ratios and CPU added are per round (each variant "
					+ "against the plain run of the same round). The client's beans: the sum of the own time "
					+ "(a bean's start-up step less the steps of the beans created within it) of every bean the "
					+ "plain application does not create, on the main thread; for Eureka this includes the first "
					+ "registry fetch, which its `DiscoveryClient` makes as it is built. SIGTERM → exit: "
					+ "`Process.destroy()` until the process ended (deregistration included).")
			.blank();
		addedBeans(report, Variant.SRSR, plainBeans);
		addedBeans(report, Variant.EUREKA, plainBeans);
		ToDoubleFunction<Run> threads = (run) -> run.footprint().threads();
		ToDoubleFunction<Run> classes = (run) -> run.footprint().loadedClasses();
		ToDoubleFunction<Run> heap = (run) -> run.footprint().liveHeapBytes() / 1024.0;
		report.line("Footprint once registered (the registry lists the instance; 2 s later), first " + footprintRounds
				+ " rounds, from `jcmd` as in item 7: Java threads (JIT compiler and attach threads left out), "
				+ "classes loaded, live heap after a full GC (`GC.class_histogram` total). Added: per round, less "
				+ "the plain run's.")
			.blank()
			.line("| variant | threads | threads added | classes | classes added | live heap KiB | heap KiB added |")
			.line("|---|---|---|---|---|---|---|");
		for (Variant variant : Variant.values()) {
			boolean plain = variant == Variant.PLAIN;
			List<Run> measured = this.runs.get(variant).subList(0, footprintRounds);
			report.line("| " + variant.label + " | " + Report.mmm(stats(measured, threads), 0) + " | "
					+ (plain ? "—" : Report.mmm(added(variant, threads, footprintRounds), 0)) + " | "
					+ Report.mmm(stats(measured, classes), 0) + " | "
					+ (plain ? "—" : Report.mmm(added(variant, classes, footprintRounds), 0)) + " | "
					+ Report.mmm(stats(measured, heap), 0) + " | "
					+ (plain ? "—" : Report.mmm(added(variant, heap, footprintRounds), 0)) + " |");
		}
		report.blank();
		for (Variant variant : List.of(Variant.SRSR, Variant.EUREKA)) {
			Set<String> names = new TreeSet<>();
			Set<String> plainNames = new HashSet<>();
			this.runs.get(Variant.PLAIN).subList(0, footprintRounds).forEach((run) -> plainNames.addAll(run.footprint().threadNames()));
			this.runs.get(variant).subList(0, footprintRounds).forEach((run) -> names.addAll(run.footprint().threadNames()));
			names.removeAll(plainNames);
			report.line("Threads only with " + variant.label + " (digits as `N`): "
					+ (names.isEmpty() ? "none" : "`" + String.join("`, `", names) + "`") + ".");
		}
		report.blank();
		// Summary rows: issue 30's targets.
		double srsrCpu = added(Variant.SRSR, cpu, rounds).median();
		double eurekaCpu = added(Variant.EUREKA, cpu, rounds).median();
		report.row("9", "Start-up CPU added, starter vs Eureka client (defaults), ms (median per round)",
				Report.num(srsrCpu, 0) + " vs " + Report.num(eurekaCpu, 0) + " ("
						+ Report.num(srsrCpu / eurekaCpu, 2) + " of Eureka's)",
				"≤ 1/10 of Eureka's", Verdict.of(srsrCpu <= eurekaCpu * CPU_SHARE_TARGET));
		double mainThread = of(Variant.SRSR, client).median();
		report.row("9", "Starter's beans on the main thread, ms (median of " + rounds + " runs; Eureka client's: "
				+ Report.num(of(Variant.EUREKA, client).median(), 0) + ")", Report.num(mainThread, 1),
				"≤ " + Report.num(MAIN_THREAD_TARGET_MILLIS, 0) + " ms", Verdict.of(mainThread <= MAIN_THREAD_TARGET_MILLIS));
		report.row("9", "Start-up wall clock to plain, starter / Eureka client (median per round)",
				Report.num(ratio(Variant.SRSR, wall).median(), 3) + "× / "
						+ Report.num(ratio(Variant.EUREKA, wall).median(), 3) + "×",
				"(item 1 judges its CPU ratio ≤ 1.02)", Verdict.INFO);
		footprintRow(report, "threads", threads, THREADS_SHARE_TARGET, "1/6", footprintRounds, 0);
		footprintRow(report, "classes", classes, CLASSES_SHARE_TARGET, "1/10", footprintRounds, 0);
		footprintRow(report, "live heap KiB", heap, HEAP_SHARE_TARGET, "1/10", footprintRounds, 0);
	}

	private void footprintRow(Report report, String what, ToDoubleFunction<Run> figure, double share,
			String shareText, int rounds, int decimals) {
		double srsr = added(Variant.SRSR, figure, rounds).median();
		double eureka = added(Variant.EUREKA, figure, rounds).median();
		report.row("9", what + " added once registered, starter vs Eureka client", Report.num(srsr, decimals) + " vs "
				+ Report.num(eureka, decimals), "≤ " + shareText + " of Eureka's", Verdict.of(srsr <= eureka * share));
	}

	private static Stats stats(List<Run> runs, ToDoubleFunction<Run> figure) {
		return Stats.of(runs.stream().map(figure::applyAsDouble).toList());
	}

	/** The slowest beans a client adds, by median own time. */
	private void addedBeans(Report report, Variant variant, Set<String> plainBeans) {
		Map<String, List<Double>> byBean = new TreeMap<>();
		for (Run run : this.runs.get(variant)) {
			run.beanMillis().forEach((bean, millis) -> {
				if (!plainBeans.contains(bean)) {
					byBean.computeIfAbsent(bean, (key) -> new ArrayList<>()).add(millis);
				}
			});
		}
		Map<String, Stats> sorted = new LinkedHashMap<>();
		byBean.entrySet()
			.stream()
			.sorted((a, b) -> Double.compare(Stats.of(b.getValue()).median(), Stats.of(a.getValue()).median()))
			.limit(8)
			.forEach((bean) -> sorted.put(bean.getKey(), Stats.of(bean.getValue())));
		report.line("The " + variant.label + " variant's " + byBean.size() + " added beans; the slowest on the main "
				+ "thread (own time, ms, median (min–max)): " + String.join("; ", sorted.entrySet()
					.stream()
					.map((bean) -> "`" + bean.getKey() + "` " + Report.mmm(bean.getValue(), 1))
					.toList()) + ".")
			.blank();
	}

}
