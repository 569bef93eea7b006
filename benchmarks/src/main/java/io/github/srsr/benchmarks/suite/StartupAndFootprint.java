package io.github.srsr.benchmarks.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.srsr.benchmarks.suite.Report.Verdict;

/**
 * Items 1 and 7: start-up time (launch to the first 200 of {@code /actuator/health}) and footprint (threads,
 * retained heap, loaded classes) of the packaged sample with the starter on and off, in alternating pairs. The
 * registry runs as its own process for the whole section, so it is outside the measured JVMs; both variants are
 * pointed at it. Footprint is read from the same processes once they are up (after start-up was timed).
 */
final class StartupAndFootprint {

	/**
	 * Issues 12 and 30: start-up to the first health answer, starter on / off, at most 1.02 (median of the pairs),
	 * judged on the CPU time used by then (issue 30: the wall clock of two noisy start-ups on 2 cores is the wrong
	 * instrument for a cost of tens of milliseconds; it is shown for information).
	 */
	private static final double STARTUP_TARGET = 1.02;

	/** Issue 12: Java threads the starter adds once registered (the heartbeat thread), at most. */
	private static final int THREADS_TARGET = 1;

	/** Issue 12: classes the starter adds once registered, at most. */
	private static final int CLASSES_TARGET = 400;

	/** Issue 12: retained heap the starter adds, at most, KiB (1 MiB). */
	private static final int HEAP_TARGET_KIB = 1024;

	private static final ToDoubleFunction<Footprint> THREADS = Footprint::threads;

	private static final ToDoubleFunction<Footprint> HEAP_KIB = (footprint) -> footprint.liveHeapBytes() / 1024.0;

	private static final ToDoubleFunction<Footprint> CLASSES = Footprint::loadedClasses;

	private static final ToDoubleFunction<Footprint> RSS_MIB = (footprint) -> footprint.rssKib() / 1024.0;

	private static final Pattern JAVA_THREAD = Pattern.compile("^\"(.*)\" #\\d+ .*$", Pattern.MULTILINE);

	/** Threads the JVM adds and removes on its own (JIT compilers) or for jcmd itself. */
	private static final Pattern JVM_THREAD = Pattern.compile("C[12] CompilerThread\\d+|Sweeper thread|Attach Listener");

	private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$", Pattern.MULTILINE);

	private static final Pattern LOADED = Pattern.compile("^java\\.cls\\.loadedClasses=(\\d+)", Pattern.MULTILINE);

	private static final Pattern UNLOADED = Pattern.compile("^java\\.cls\\.unloadedClasses=(\\d+)",
			Pattern.MULTILINE);

	/** Issue 12: the slowest registry call since start (in practice one of the first), at most, seconds. */
	private static final double FIRST_CALL_TARGET_SECONDS = 0.2;

	/** Issue 12: Java threads the starter adds while it only serves lookups (no service name). */
	private static final int LOOKUPS_ONLY_THREADS_TARGET = 0;

	/** Exposed in every variant, so that start-up stays comparable: the sample itself exposes only health. */
	static final String EXPOSURE = "--management.endpoints.web.exposure.include=health,metrics";

	private static final String CALLS_METRIC = "/actuator/metrics/srsr.registry.calls";

	private static final Pattern METRIC_MAX = Pattern.compile("\\{\"statistic\":\"MAX\",\"value\":([-+.0-9Ee]+)\\}");

	private static final Pattern METRIC_COUNT = Pattern
		.compile("\\{\"statistic\":\"COUNT\",\"value\":([-+.0-9Ee]+)\\}");

	private static final Pattern METRIC_OPERATIONS = Pattern.compile("\"tag\":\"operation\",\"values\":\\[([^\\]]*)\\]");

	/** The {@code srsr} health component's status (its details hold no nested object). */
	private static final Pattern SRSR_HEALTH = Pattern.compile("\"srsr\":\\{.*?\"status\":\"([A-Z_]+)\"");

	/** The starter's INFO line when it has no service name (RegistrationListener). */
	private static final String INACTIVE_LINE = "srsr registration is inactive: no service name";

	/**
	 * What the sample was started as.
	 */
	enum Variant {

		/** The starter on, registering under a name of its own. */
		ON("on"),
		/** {@code --srsr.enabled=false}. */
		OFF("off"),
		/** The starter on without a service name: it serves lookups and never registers. */
		LOOKUPS_ONLY("lookups-only");

		final String label;

		Variant(String label) {
			this.label = label;
		}

	}

	/**
	 * One launch.
	 * @param variant what was launched
	 * @param startupMillis launch to the first 200 of the health endpoint, wall clock
	 * @param cpuMillis CPU time (user + system, all threads) the process had used by then: less sensitive than
	 * the wall clock to other processes competing for the cores
	 * @param startedMillis the JVM's uptime when the application had started, before it became ready (Spring Boot's
	 * start-up line), NaN if not logged
	 * @param classesAtHealth the classes loaded when the health endpoint first answered (measured on / off runs only)
	 * @param footprint what it held once up
	 * @param calls the {@code srsr.registry.calls} timer, read after the footprint (measured runs with the starter on
	 * only; {@code null} otherwise or if it could not be read)
	 * @param lookupsOnlyProblem with {@link Variant#LOOKUPS_ONLY}, why the process was not only serving lookups,
	 * {@code null} when it was checked to be
	 */
	record Run(Variant variant, double startupMillis, double cpuMillis, double startedMillis,
			Set<String> classesAtHealth, Footprint footprint, Calls calls, String lookupsOnlyProblem) {
	}

	/**
	 * The {@code srsr.registry.calls} timer of a process.
	 * @param maxSeconds its {@code MAX}: the slowest call within the timer's window (2 minutes by default)
	 * @param count how many calls it had recorded
	 * @param maxByOperation the same per {@code operation} tag
	 */
	record Calls(double maxSeconds, long count, Map<String, Double> maxByOperation) {
	}

	record Footprint(int threads, Set<String> threadNames, long liveHeapBytes, long loadedClasses, long rssKib,
			Set<String> classNames) {
	}

	private static final Pattern CLASS_NAME = Pattern.compile("--([\\w.$]+)/");

	/** Where the classes that only the starter-on runs load come from, in the order they are matched. */
	private static final String[][] CLASS_GROUPS = {
			{ "TLS and crypto (the JDK `HttpClient` builds the default `SSLContext`, trust store included; the starter's own request factory loads them only for an https registry)",
					"sun.security.", "javax.net.ssl.", "javax.crypto.", "com.sun.crypto.", "java.security.",
					"javax.security." },
			{ "JDK HTTP client", "jdk.internal.net.http.", "java.net.http." },
			{ "Spring HTTP client (`RestClient`, request factory, converters, observation)", "org.springframework.web.",
					"org.springframework.http.", "org.springframework.boot.http.client." },
			{ "srsr starter", "io.github.srsr." },
			{ "Spring scheduling and retry", "org.springframework.scheduling.", "org.springframework.core.retry." },
			{ "Jackson", "tools.jackson.", "com.fasterxml.jackson." } };

	private int runs;

	void run(Env env, Report report) {
		// A start-up takes 7 to 11 s here and this machine's CPU speed varies by 20 % from one second to the next (a
		// fixed sha256sum took 0.82 to 1.34 s of CPU), so one pair's ratio is off by 8 % and more: many pairs, of which
		// only the first take the footprint and read the first registry call, which takes them longer. With 31 pairs
		// the median of the ratios moved by about 1 % from run to run, as much as the target's margin: 61.
		int pairs = env.reps(61, 2);
		int footprintPairs = footprintPairs(env);
		int lookupsOnlyRuns = lookupsOnlyRuns(env);
		int registryPort = Env.freePort();
		Process registry = Registry.start(env, registryPort, 30, "startup-registry");
		try {
			Registry.awaitReady(registryPort, registry, Duration.ofSeconds(30));
			Sample.Launch launch = Sample.Launch.PLAIN;
			String launchNote = null;
			// Warm-up pair, discarded: page cache, CDS archive, the registry's own JIT. The "off" run goes first, as
			// it also tells whether the sample starts with srsr.enabled=false at all.
			try {
				runOnce(env, launch, Variant.OFF, registryPort, false);
			}
			catch (Sample.SampleDiedException ex) {
				launch = new Sample.Launch(Sample.writeStubJar(env));
				launchNote = "The sample jar does **not** start with `--srsr.enabled=false` on its own: it needs a bean "
						+ "of the starter that the disabled starter does not define (see `"
						+ env.repo().relativize(env.log("startup-1-off")) + "`). So that the baseline can be measured "
						+ "at all, every run of this section, on and off alike, is launched as " + launch.describe()
						+ ", where `sample-stub.jar` holds one auto-configuration (`DisabledSrsrStandInsAutoConfiguration` "
						+ "in `benchmarks/`) that registers a never-called stand-in for `SrsrClient` and "
						+ "`SrsrServiceLookup` only when the context has no such bean. With the starter on, it adds "
						+ "nothing.";
				runOnce(env, launch, Variant.OFF, registryPort, false);
			}
			runOnce(env, launch, Variant.ON, registryPort, false);
			List<Run> on = new ArrayList<>();
			List<Run> off = new ArrayList<>();
			// The third variant, only for its threads (a count, not a time): in fewer pairs, right after them.
			List<Run> lookupsOnly = new ArrayList<>();
			for (int pair = 0; pair < pairs; pair++) {
				boolean onFirst = (pair % 2 == 1);
				boolean footprint = pair < footprintPairs;
				Run first = runOnce(env, launch, onFirst ? Variant.ON : Variant.OFF, registryPort, footprint);
				Run second = runOnce(env, launch, onFirst ? Variant.OFF : Variant.ON, registryPort, footprint);
				on.add(onFirst ? first : second);
				off.add(onFirst ? second : first);
				if (pair < lookupsOnlyRuns) {
					lookupsOnly.add(runOnce(env, launch, Variant.LOOKUPS_ONLY, registryPort, true));
				}
			}
			// The breakdown's runs load the steps recorder, so they are not timed.
			StartupBreakdown breakdown = new StartupBreakdown();
			Path stepsJar = Sample.writeStepsJar(env);
			for (int i = 0; i < env.reps(5, 1); i++) {
				breakdown.measure(env, stepsJar, registryPort, ++this.runs);
			}
			double cpuRatio = reportStartup(env, report, launch, launchNote, on, off, breakdown);
			reportFirstCalls(report, on.subList(0, footprintPairs));
			int[] classes = reportFootprint(env, report, on.subList(0, footprintPairs), off.subList(0, footprintPairs));
			reportLookupsOnly(report, lookupsOnly, off.subList(0, lookupsOnly.size()));
			if (cpuRatio > STARTUP_TARGET) {
				report.note("**1. Start-up** (CPU " + startupRatio(cpuRatio) + "× against ≤ " + STARTUP_TARGET
						+ "×): by the time the health endpoint first answers, the sample's JVM has used "
						+ Report.num((cpuRatio - 1) * 100, 1) + " % more CPU with the starter on (median of the "
						+ "pairs) and has loaded " + classes[2] + " classes the starter-off JVM has not, " + classes[3]
						+ " of them for TLS and crypto (" + classes[0] + " and " + classes[1] + " once registered; "
						+ "the starter's request factory loads no TLS class for an `http://` registry: any there "
						+ "come from something else, see the lists of item 7). `/actuator/health` answers `200` only "
						+ "once the application is ready (readiness state), and the first registration starts at that "
						+ "moment, competing for the same " + Runtime.getRuntime().availableProcessors() + " cores. "
						+ "From item 1's breakdown: " + breakdown.summary(on, off) + ".");
			}
		}
		finally {
			Procs.stop(registry, Duration.ofSeconds(10));
		}
	}

	private Run runOnce(Env env, Sample.Launch launch, Variant variant, int registryPort, boolean footprint) {
		this.runs++;
		String name = "bench-startup-" + this.runs;
		int port = Env.freePort();
		List<String> args = new ArrayList<>(List.of("--srsr.registry.url=" + Registry.url(registryPort), EXPOSURE));
		switch (variant) {
			case ON -> args.add("--spring.application.name=" + name);
			case OFF -> args.addAll(List.of("--spring.application.name=" + name, "--srsr.enabled=false"));
			// No service name: srsr.service.name defaults to spring.application.name, which the sample sets.
			case LOOKUPS_ONLY -> args.addAll(List.of("--spring.application.name=", "--srsr.service.name="));
		}
		String log = "startup-" + this.runs + "-" + variant.label;
		long start = System.nanoTime();
		Process sample = Sample.start(env, launch, port, args, log);
		try {
			long healthy = Sample.awaitHealth(port, sample, true, Duration.ofSeconds(90));
			double cpu = sample.info().totalCpuDuration().map((d) -> d.toNanos() / 1e6).orElse(Double.NaN);
			double millis = (healthy - start) / 1e6;
			System.out.printf("  start-up %-12s %6.0f ms (CPU %6.0f ms)", variant.label, millis, cpu);
			Footprint measured = null;
			Set<String> classesAtHealth = null;
			Calls calls = null;
			String lookupsOnlyProblem = null;
			if (footprint) {
				if (variant != Variant.LOOKUPS_ONLY) {
					classesAtHealth = classes(sample.pid());
				}
				if (variant == Variant.ON) {
					Registry.awaitRegistered(registryPort, name, Duration.ofSeconds(30));
				}
				Http.sleep(1000);
				measured = footprint(sample.pid());
				System.out.printf(", %d threads", measured.threads());
				// After the footprint: reading an endpoint loads classes and allocates.
				if (variant == Variant.ON) {
					calls = calls(port);
					System.out.print((calls != null) ? ", slowest registry call "
							+ Report.num(calls.maxSeconds() * 1000, 0) + " ms" : ", srsr.registry.calls not read");
				}
				else if (variant == Variant.LOOKUPS_ONLY) {
					lookupsOnlyProblem = lookupsOnlyProblem(env, port, log);
					System.out.print((lookupsOnlyProblem != null) ? ", NOT only serving lookups: " + lookupsOnlyProblem
							: ", checked: not registered");
				}
			}
			System.out.println();
			return new Run(variant, millis, cpu, StartupBreakdown.startedMillis(env, log), classesAtHealth, measured,
					calls, lookupsOnlyProblem);
		}
		finally {
			Procs.stop(sample, Duration.ofSeconds(20));
		}
	}

	/**
	 * Reads the {@code srsr.registry.calls} timer from the actuator metrics endpoint, all calls and per operation.
	 * @return the timer, or {@code null} if the endpoint did not answer 200
	 */
	private static Calls calls(int port) {
		String base = "http://127.0.0.1:" + port + CALLS_METRIC;
		String all = Http.get(base);
		if (all == null) {
			return null;
		}
		Map<String, Double> byOperation = new java.util.TreeMap<>();
		Matcher operations = METRIC_OPERATIONS.matcher(all);
		if (operations.find()) {
			for (String quoted : operations.group(1).split(",")) {
				String operation = quoted.replace("\"", "").trim();
				String one = operation.isEmpty() ? null : Http.get(base + "?tag=operation:" + operation);
				if (one != null) {
					byOperation.put(operation, statistic(METRIC_MAX, one));
				}
			}
		}
		return new Calls(statistic(METRIC_MAX, all), (long) statistic(METRIC_COUNT, all), byOperation);
	}

	private static double statistic(Pattern pattern, String json) {
		Matcher matcher = pattern.matcher(json);
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
	}

	/**
	 * Checks that a process started without a service name only serves lookups: the {@code srsr} health component
	 * is {@code UNKNOWN} with {@code inactive: no service name}, the log has the starter's INFO line saying so and no
	 * registration, and no registry call was made at all (no {@code srsr.registry.calls} timer).
	 * @return {@code null} if so, otherwise what was found instead
	 */
	private static String lookupsOnlyProblem(Env env, int port, String log) {
		List<String> problems = new ArrayList<>();
		String health = Http.get("http://127.0.0.1:" + port + "/actuator/health");
		Matcher srsr = (health != null) ? SRSR_HEALTH.matcher(health) : null;
		if (srsr == null || !srsr.find()) {
			problems.add("no srsr health component");
		}
		else if (!"UNKNOWN".equals(srsr.group(1)) || !health.contains("\"inactive\":\"no service name\"")) {
			problems.add("srsr health " + srsr.group(1) + " without 'inactive: no service name'");
		}
		int metric = Http.status("http://127.0.0.1:" + port + CALLS_METRIC);
		if (metric != 404) {
			problems.add("GET " + CALLS_METRIC + " answered " + metric + " (a registry call was made)");
		}
		try {
			String text = Files.readString(env.log(log));
			if (!text.contains(INACTIVE_LINE)) {
				problems.add("no '" + INACTIVE_LINE + "' in the log");
			}
			if (text.contains("Registered '")) {
				problems.add("'Registered' in the log");
			}
		}
		catch (IOException ex) {
			problems.add("log unreadable: " + ex.getMessage());
		}
		return problems.isEmpty() ? null : String.join("; ", problems);
	}

	static Footprint footprint(long pid) {
		String pidText = String.valueOf(pid);
		Duration bound = Duration.ofSeconds(30);
		// GC.class_histogram runs a full GC first: its total is the heap the live objects retain.
		String histogram = Procs.run(List.of(Env.jcmd(), pidText, "GC.class_histogram"), bound);
		String threads = Procs.run(List.of(Env.jcmd(), pidText, "Thread.print"), bound);
		String counters = Procs.run(List.of(Env.jcmd(), pidText, "PerfCounter.print"), bound);
		Set<String> classNames = classes(pid);
		Set<String> names = new TreeSet<>();
		int count = 0;
		Matcher thread = JAVA_THREAD.matcher(threads);
		while (thread.find()) {
			String name = thread.group(1);
			if (!JVM_THREAD.matcher(name).matches()) {
				count++;
				names.add(name.replaceAll("\\d+", "N"));
			}
		}
		return new Footprint(count, names, group(HISTOGRAM_TOTAL, histogram, 2),
				group(LOADED, counters, 1) - group(UNLOADED, counters, 1), rssKib(pid), classNames);
	}

	/** The classes the JVM has loaded, from {@code jcmd <pid> VM.class_hierarchy}. */
	private static Set<String> classes(long pid) {
		String hierarchy = Procs.run(List.of(Env.jcmd(), String.valueOf(pid), "VM.class_hierarchy"),
				Duration.ofSeconds(30));
		Set<String> classNames = new java.util.HashSet<>();
		Matcher className = CLASS_NAME.matcher(hierarchy);
		while (className.find()) {
			// Lambda classes are numbered in the order they are spun: compare them by their host class only.
			classNames.add(className.group(1).replaceAll("\\$\\$Lambda\\$\\d+", "\\$\\$Lambda"));
		}
		return classNames;
	}

	private static long group(Pattern pattern, String text, int group) {
		Matcher matcher = pattern.matcher(text);
		if (!matcher.find()) {
			throw new IllegalStateException("no " + pattern + " in jcmd output: "
					+ text.substring(0, Math.min(300, text.length())));
		}
		return Long.parseLong(matcher.group(group));
	}

	private static long rssKib(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// not Linux, or gone
		}
		return -1;
	}

	/**
	 * The start-up ratio to three decimals, or to four when three would read as the target itself (1.0204 is
	 * missed, yet shows as 1.020).
	 */
	private static String startupRatio(double ratio) {
		return Report.num(ratio, (Math.abs(ratio - STARTUP_TARGET) < 0.0005) ? 4 : 3);
	}

	private static List<Double> pairRatios(List<Run> on, List<Run> off) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < on.size(); i++) {
			ratios.add(on.get(i).startupMillis() / off.get(i).startupMillis());
		}
		return ratios;
	}

	/** @return the median of the per-pair CPU ratios */
	private static double reportStartup(Env env, Report report, Sample.Launch launch, String launchNote, List<Run> on,
			List<Run> off, StartupBreakdown breakdown) {
		Stats onStats = Stats.of(on.stream().map(Run::startupMillis).toList());
		Stats offStats = Stats.of(off.stream().map(Run::startupMillis).toList());
		Stats ratios = Stats.of(pairRatios(on, off));
		Stats onCpu = Stats.of(on.stream().map(Run::cpuMillis).toList());
		Stats offCpu = Stats.of(off.stream().map(Run::cpuMillis).toList());
		List<Double> cpuRatios = new ArrayList<>();
		for (int i = 0; i < on.size(); i++) {
			cpuRatios.add(on.get(i).cpuMillis() / off.get(i).cpuMillis());
		}
		Stats cpuRatio = Stats.of(cpuRatios);
		report.row("1", "Start-up CPU, starter on / off (median of per-pair ratios)",
				startupRatio(cpuRatio.median()) + "× (on " + Report.num(onCpu.median(), 0) + " ms, off "
						+ Report.num(offCpu.median(), 0) + " ms of CPU)",
				"≤ " + Report.num(STARTUP_TARGET, 2) + "×", Verdict.of(cpuRatio.median() <= STARTUP_TARGET));
		report.row("1", "Start-up wall clock, starter on / off (median of per-pair ratios)",
				startupRatio(ratios.median()) + "× (on " + Report.num(onStats.median(), 0) + " ms, off "
						+ Report.num(offStats.median(), 0) + " ms)",
				"(information)", Verdict.INFO);
		report.section(1).line("## 1. Start-up")
			.blank()
			.line("Process launch → first `200` from `/actuator/health` of the packaged sample, polled every 10 ms. "
					+ on.size() + " pairs after one discarded warm-up pair, alternating which variant runs first "
					+ "(this machine's CPU speed varies by 20 % from one second to the next, so a single pair's ratio "
					+ "is off by 8 % and more). "
					+ "The registry is the standalone embedded registry in its own process, running throughout; "
					+ "both variants point at it (`--srsr.registry.url`, `--sample.embedded-registry.enabled=false`) and "
					+ "expose the metrics endpoint besides health (`" + EXPOSURE + "`; the sample exposes only "
					+ "`health`), for the first-call figure below, read, like item 7's footprint, in the first "
					+ footprintPairs(env) + " pairs. After "
					+ ((lookupsOnlyRuns(env) == 1) ? "the first pair" : "each of the first " + lookupsOnlyRuns(env)
							+ " pairs")
					+ ", a third variant is started for item 7 (starter on without a service name); it is not part "
					+ "of these figures.")
			.blank();
		if (launchNote != null) {
			report.line("> " + launchNote).blank();
		}
		report.line("| variant | start-up ms (wall clock), median (min–max) | CPU ms used by then, median (min–max) |")
			.line("|---|---|---|")
			.line("| starter on | " + Report.mmm(onStats, 0) + " | " + Report.mmm(onCpu, 0) + " |")
			.line("| starter off (`--srsr.enabled=false`) | " + Report.mmm(offStats, 0) + " | " + Report.mmm(offCpu, 0)
					+ " |")
			.line("| ratio on / off, per pair | " + Report.mmm(ratios, 3) + " | " + Report.mmm(cpuRatio, 3) + " |")
			.line("| ratio of the medians | " + Report.num(onStats.median() / offStats.median(), 3) + " | "
					+ Report.num(onCpu.median() / offCpu.median(), 3) + " |")
			.blank()
			.line("The CPU time (user + system, all threads of the sample's JVM, from `ProcessHandle.info()` when the "
					+ "health check first answered 200) judges the target because it is less sensitive than the wall "
					+ "clock to other processes competing for the cores (issue 30); the wall clock is shown for "
					+ "information.")
			.blank()
			.line("Target: CPU ratio ≤ " + STARTUP_TARGET + " (median of the per-pair ratios) → "
					+ Verdict.of(cpuRatio.median() <= STARTUP_TARGET).text + "; wall clock "
					+ startupRatio(ratios.median()) + "× for information. Launch: " + launch.describe() + ".")
			.blank();
		StringBuilder raw = new StringBuilder("Raw pairs, wall clock (CPU) ms, on / off:");
		for (int i = 0; i < on.size(); i++) {
			raw.append(i == 0 ? " " : "; ")
				.append(Report.num(on.get(i).startupMillis(), 0))
				.append(" (")
				.append(Report.num(on.get(i).cpuMillis(), 0))
				.append(") / ")
				.append(Report.num(off.get(i).startupMillis(), 0))
				.append(" (")
				.append(Report.num(off.get(i).cpuMillis(), 0))
				.append(")");
		}
		report.line(raw.toString()).blank();
		breakdown.report(report, on, off);
		return cpuRatio.median();
	}

	/** The first pairs, which also take the footprint (item 7) and read the first registry call. */
	private static int footprintPairs(Env env) {
		return env.reps(7, 2);
	}

	private static int lookupsOnlyRuns(Env env) {
		return env.reps(2, 1);
	}

	/**
	 * The first registry calls after start-up: the {@code srsr.registry.calls} timer's {@code MAX} of the starter-on
	 * processes, all calls and per operation.
	 */
	private static void reportFirstCalls(Report report, List<Run> on) {
		List<Calls> read = on.stream().map(Run::calls).filter(java.util.Objects::nonNull).toList();
		report.section(1)
			.line("### First registry call after start-up")
			.blank()
			.line("Read from the starter-on processes of the first " + on.size() + " pairs above, once registered and "
					+ "after item 7 took their footprint (a few seconds after start-up, well inside the timer's 2-minute window): "
					+ "`GET " + CALLS_METRIC + "`, statistic `MAX`, Micrometer's decaying maximum, here the slowest "
					+ "registry call since start, which is in practice one of the first (with healing on: the "
					+ "side-name lookup and the registrations, made as the application becomes ready; the heartbeat "
					+ "interval is the sample's 20 s), and the same per operation (`?tag=operation:<op>`). Figures "
					+ "in seconds, median (min–max) over the runs.")
			.blank();
		if (read.isEmpty()) {
			report.line("**Not measured**: the metrics endpoint did not answer in any run.").blank();
			report.row("1", "First registry call after start-up (`srsr.registry.calls` max), s", "n/a",
					"max ≤ " + FIRST_CALL_TARGET_SECONDS + " s", Verdict.NOT_MEASURED);
			return;
		}
		Stats max = Stats.of(read.stream().map(Calls::maxSeconds).toList());
		Stats count = Stats.of(read.stream().map((calls) -> (double) calls.count()).toList());
		Set<String> operations = new TreeSet<>();
		read.forEach((calls) -> operations.addAll(calls.maxByOperation().keySet()));
		Verdict verdict = Verdict.of(max.max() <= FIRST_CALL_TARGET_SECONDS);
		report.line("| calls | `MAX`, s | runs |")
			.line("|---|---|---|")
			.line("| all (" + Report.num(count.median(), 0) + " calls by then, median) | " + Report.mmm(max, 3) + " | "
					+ read.size() + " of " + on.size() + " |");
		List<String> perOperation = new ArrayList<>();
		for (String operation : operations) {
			Stats one = Stats.of(read.stream()
				.map((calls) -> calls.maxByOperation().get(operation))
				.filter(java.util.Objects::nonNull)
				.toList());
			report.line("| " + operation + " | " + Report.mmm(one, 3) + " | " + one.count() + " of " + on.size() + " |");
			perOperation.add(operation + " " + Report.num(one.median(), 3));
		}
		report.blank()
			.line("Target (issue 12): ≤ " + FIRST_CALL_TARGET_SECONDS + " s, judged on the largest `MAX` of the runs → "
					+ verdict.text + ".")
			.blank();
		report.row("1", "First registry call after start-up (`srsr.registry.calls` max), s", Report.mmm(max, 3)
				+ (perOperation.isEmpty() ? "" : "; per operation, median: " + String.join(", ", perOperation)),
				"max ≤ " + FIRST_CALL_TARGET_SECONDS + " s", verdict);
		if (verdict == Verdict.MISSED) {
			report.note("**1. First registry call** (up to " + Report.num(max.max(), 3) + " s against ≤ "
					+ FIRST_CALL_TARGET_SECONDS + " s): the slowest call per operation, median of the runs: "
					+ String.join(", ", perOperation) + ". These calls are made as the application becomes ready, "
					+ "on a JVM that has just started.");
		}
	}

	/**
	 * Item 7's threads of the starter on without a service name, against the starter-off run of the same pair.
	 */
	private static void reportLookupsOnly(Report report, List<Run> lookupsOnly, List<Run> off) {
		String what = "Footprint: Java threads added while the starter only serves lookups (no service name)";
		String target = "none (max " + LOOKUPS_ONLY_THREADS_TARGET + ")";
		report.section(7)
			.line("### Only serving lookups")
			.blank()
			.line("The starter on without a service name, so that it only serves lookups and never registers: "
					+ "`--srsr.service.name= --spring.application.name=` (the sample's `srsr.service.name` defaults to "
					+ "`spring.application.name`; with neither set, the registration is inactive, which is not a "
					+ "validation error). Started " + ((lookupsOnly.size() == 1) ? "once, right after the first pair "
							+ "above" : lookupsOnly.size() + " times, each right after one of the first pairs above")
					+ ", and compared with that pair's starter-off run; footprint read the same way. "
					+ "Checked in each run (after the footprint): the `srsr` health component is `UNKNOWN` with "
					+ "`inactive: no service name`, the log has the starter's INFO line `" + INACTIVE_LINE + "` and "
					+ "no registration, and `" + CALLS_METRIC + "` answers 404 (no registry call was made at all).")
			.blank();
		List<String> problems = new ArrayList<>();
		for (int i = 0; i < lookupsOnly.size(); i++) {
			if (lookupsOnly.get(i).lookupsOnlyProblem() != null) {
				problems.add("run " + (i + 1) + ": " + lookupsOnly.get(i).lookupsOnlyProblem());
			}
		}
		if (lookupsOnly.isEmpty() || !problems.isEmpty()) {
			report.line("**Not measured**: " + (lookupsOnly.isEmpty() ? "no run"
					: "the process was not only serving lookups (" + String.join("; ", problems).replace('`', '\'')
							+ ")") + ".")
				.blank();
			report.row("7", what, "n/a", target, Verdict.NOT_MEASURED);
			return;
		}
		List<Double> startupRatio = new ArrayList<>();
		for (int i = 0; i < lookupsOnly.size(); i++) {
			startupRatio.add(lookupsOnly.get(i).startupMillis() / off.get(i).startupMillis());
		}
		Stats threads = added(lookupsOnly, off, THREADS);
		ThreadNames names = ThreadNames.of(lookupsOnly, off);
		Set<String> added = names.added();
		Set<String> removed = names.removed();
		Verdict verdict = Verdict.of(threads.max() <= LOOKUPS_ONLY_THREADS_TARGET);
		report.line("| | lookups only | starter off, same pairs | added (per pair) | target (max) | |")
			.line("|---|---|---|---|---|---|")
			.line(footprintRow("Java threads", lookupsOnly, off, THREADS, 0, threads) + " "
					+ LOOKUPS_ONLY_THREADS_TARGET + " | " + verdict.text + " |")
			.line(footprintRow("retained heap, KiB", lookupsOnly, off, HEAP_KIB, 0,
					added(lookupsOnly, off, HEAP_KIB)) + " — | |")
			.line(footprintRow("loaded classes", lookupsOnly, off, CLASSES, 0, added(lookupsOnly, off, CLASSES))
					+ " — | |")
			.blank()
			.line("Thread names (digits as `N`) present only while serving lookups: "
					+ (added.isEmpty() ? "none" : "`" + String.join("`, `", added) + "`")
					+ (removed.isEmpty() ? "" : "; only with the starter off: `" + String.join("`, `", removed) + "`")
					+ ". Start-up of these runs against their pair's starter-off run (not timed for a target, "
					+ "and not alternated): " + Report.mmm(Stats.of(startupRatio), 3) + "×.")
			.blank();
		report.row("7", what, Report.mmm(threads, 0) + "; " + lookupsOnly.size() + " run"
				+ (lookupsOnly.size() > 1 ? "s" : "") + (added.isEmpty() ? "" : "; `" + String.join("`, `", added) + "`"),
				target, verdict);
		if (verdict == Verdict.MISSED) {
			report.note("**7. Footprint, threads while only serving lookups** (up to " + Report.num(threads.max(), 0)
					+ " added against none): present only then: `" + String.join("`, `", added) + "`.");
		}
	}

	/**
	 * @return the number of classes loaded only with the starter on once registered, how many of them are TLS and
	 * crypto, and the same two at the first health answer
	 */
	private static int[] reportFootprint(Env env, Report report, List<Run> on, List<Run> off) {
		Stats threads = added(on, off, THREADS);
		Stats heap = added(on, off, HEAP_KIB);
		Stats classes = added(on, off, CLASSES);
		// Footprint targets are bounds: judged on the largest figure of the pairs.
		Verdict threadsMet = Verdict.of(threads.max() <= THREADS_TARGET);
		Verdict classesMet = Verdict.of(classes.max() <= CLASSES_TARGET);
		Verdict heapMet = Verdict.of(heap.max() <= HEAP_TARGET_KIB);
		report.row("7", "Footprint: Java threads added by the starter, registered", Report.mmm(threads, 0),
				"max ≤ " + THREADS_TARGET, threadsMet);
		report.row("7", "Footprint: loaded classes added by the starter, registered", Report.mmm(classes, 0),
				"max ≤ " + CLASSES_TARGET, classesMet);
		report.row("7", "Footprint: retained heap added by the starter, KiB", Report.mmm(heap, 0),
				"max ≤ " + Report.num(HEAP_TARGET_KIB, 0) + " KiB (1 MiB)", heapMet);
		ThreadNames names = ThreadNames.of(on, off);
		Set<String> added = names.added();
		Set<String> removed = names.removed();
		report.section(7).line("## 7. Footprint")
			.blank()
			.line("Read from the processes of the first " + on.size() + " pairs of item 1, once each was up (and, with the starter on, registered) "
					+ "plus 1 s: `jcmd <pid> GC.class_histogram` (which runs a full GC first; its total is the heap the "
					+ "live objects retain), `jcmd <pid> Thread.print` (Java threads, without the JIT compiler threads "
					+ "the JVM adds and removes by itself and jcmd's own Attach Listener), `jcmd <pid> "
					+ "PerfCounter.print` (classes loaded minus unloaded) and `VmRSS` from `/proc/<pid>/status`. "
					+ "Targets (issue 12) are bounds, judged on the largest figure added in any pair.")
			.blank()
			.line("| | starter on | starter off | added by the starter (per pair) | target (max) | |")
			.line("|---|---|---|---|---|---|")
			.line(footprintRow("Java threads", on, off, THREADS, 0, threads) + " ≤ "
					+ THREADS_TARGET + " | " + threadsMet.text + " |")
			.line(footprintRow("retained heap, KiB", on, off, HEAP_KIB, 0, heap) + " ≤ "
					+ Report.num(HEAP_TARGET_KIB, 0) + " | " + heapMet.text + " |")
			.line(footprintRow("loaded classes", on, off, CLASSES, 0, classes) + " ≤ "
					+ CLASSES_TARGET + " | " + classesMet.text + " |")
			.line(footprintRow("RSS, MiB (noisy)", on, off, RSS_MIB, 0, added(on, off, RSS_MIB))
					+ " — | |")
			.blank()
			.line("Figures are median (min–max). Thread names (digits as `N`) present only with the starter on: "
					+ (added.isEmpty() ? "none" : "`" + String.join("`, `", added) + "`")
					+ (removed.isEmpty() ? "" : "; only with it off: `" + String.join("`, `", removed) + "`") + ".")
			.blank();
		Set<String> atHealth = new TreeSet<>(on.get(0).classesAtHealth());
		atHealth.removeAll(off.get(0).classesAtHealth());
		Set<String> onlyOn = new TreeSet<>(on.get(0).footprint().classNames());
		onlyOn.removeAll(off.get(0).footprint().classNames());
		try {
			Files.write(env.results().resolve("classes-only-with-starter.txt"), onlyOn);
			Files.write(env.results().resolve("classes-only-with-starter-at-first-health.txt"), atHealth);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		report.line("Classes loaded only with the starter on (first pair, from `jcmd <pid> VM.class_hierarchy`; "
				+ "lambda classes counted once per host class), right when the health endpoint first answered "
				+ "(the moment item 1 stops its clock) and once registered, as above:")
			.blank()
			.line("| from | at the first health answer | once registered |")
			.line("|---|---|---|");
		int[] counts = { onlyOn.size(), 0, atHealth.size(), 0 };
		List<String> byGroup = new ArrayList<>();
		for (String[] group : CLASS_GROUPS) {
			long early = atHealth.stream().filter((name) -> startsWithAny(name, group)).count();
			long late = onlyOn.stream().filter((name) -> startsWithAny(name, group)).count();
			if (group == CLASS_GROUPS[0]) {
				counts[1] = (int) late;
				counts[3] = (int) early;
			}
			atHealth.removeIf((name) -> startsWithAny(name, group));
			onlyOn.removeIf((name) -> startsWithAny(name, group));
			report.line("| " + group[0] + " | " + early + " | " + late + " |");
			byGroup.add(group[0].replaceAll(" \\(.*", "") + " " + late);
		}
		byGroup.add("other " + onlyOn.size());
		report.line("| other | " + atHealth.size() + " | " + onlyOn.size() + " |")
			.line("| **all** | " + counts[2] + " | " + counts[0] + " |")
			.blank()
			.line("The full lists: `benchmarks/target/results/classes-only-with-starter*.txt`.")
			.blank();
		if (threadsMet == Verdict.MISSED) {
			report.note("**7. Footprint, threads** (up to " + Report.num(threads.max(), 0) + " added against ≤ "
					+ THREADS_TARGET + "): present only with the starter on: `" + String.join("`, `", added) + "`.");
		}
		if (classesMet == Verdict.MISSED) {
			report.note("**7. Footprint, classes** (up to " + Report.num(classes.max(), 0) + " added against ≤ "
					+ CLASSES_TARGET + "): loaded only with the starter on, once registered (first pair, lambdas "
					+ "once per host class): " + String.join(", ", byGroup) + ".");
		}
		if (heapMet == Verdict.MISSED) {
			report.note("**7. Footprint, retained heap** (up to " + Report.num(heap.max(), 0) + " KiB added against ≤ "
					+ Report.num(HEAP_TARGET_KIB, 0) + " KiB): the difference between the totals of "
					+ "`jcmd <pid> GC.class_histogram` (live objects after a full GC) of the two variants; this run "
					+ "keeps no per-class breakdown of it.");
		}
		return counts;
	}

	private static boolean startsWithAny(String name, String[] group) {
		for (int i = 1; i < group.length; i++) {
			if (name.startsWith(group[i])) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What a variant adds to a figure of the starter-off run of the same pair, per pair.
	 */
	private static Stats added(List<Run> with, List<Run> off, ToDoubleFunction<Footprint> figure) {
		List<Double> added = new ArrayList<>();
		for (int i = 0; i < with.size(); i++) {
			added.add(figure.applyAsDouble(with.get(i).footprint()) - figure.applyAsDouble(off.get(i).footprint()));
		}
		return Stats.of(added);
	}

	/**
	 * Thread names present only in a variant's runs, or only in the starter-off runs of the same pairs.
	 */
	private record ThreadNames(Set<String> added, Set<String> removed) {

		static ThreadNames of(List<Run> with, List<Run> off) {
			Set<String> added = new TreeSet<>();
			Set<String> removed = new TreeSet<>();
			for (int i = 0; i < with.size(); i++) {
				Set<String> here = with.get(i).footprint().threadNames();
				Set<String> there = off.get(i).footprint().threadNames();
				here.stream().filter((name) -> !there.contains(name)).forEach(added::add);
				there.stream().filter((name) -> !here.contains(name)).forEach(removed::add);
			}
			return new ThreadNames(added, removed);
		}

	}

	private static String footprintRow(String what, List<Run> on, List<Run> off,
			ToDoubleFunction<Footprint> value, int decimals, Stats delta) {
		Stats a = Stats.of(on.stream().map((run) -> value.applyAsDouble(run.footprint())).toList());
		Stats b = Stats.of(off.stream().map((run) -> value.applyAsDouble(run.footprint())).toList());
		return "| " + what + " | " + Report.mmm(a, decimals) + " | " + Report.mmm(b, decimals) + " | "
				+ Report.mmm(delta, decimals) + " |";
	}

}
