package io.github.srsr.benchmarks.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.srsr.benchmarks.steps.StartupStepsInitializer;

/**
 * Item 1's breakdown of where the starter's start-up time goes: its beans on the main thread, read from Spring's
 * start-up steps in runs of their own ({@link StartupStepsInitializer}), and, from the timed pairs, how much of the
 * difference comes before the application has started and how much between that and the first health answer (the
 * first registration runs then).
 */
final class StartupBreakdown {

	/** Boot's start-up line: the JVM's uptime when the application has started (before it is ready). */
	private static final Pattern STARTED = Pattern.compile("\\(process running for ([0-9.]+)\\)");

	private static final Pattern STEP = Pattern
		.compile("^" + StartupStepsInitializer.PREFIX + " (\\d+) (\\S+) (\\S+) (\\d+)$", Pattern.MULTILINE);

	private final Map<String, List<Double>> selfMillisByBean = new LinkedHashMap<>();

	private final List<Double> starterMillis = new ArrayList<>();

	private final List<Double> refreshMillis = new ArrayList<>();

	/**
	 * Start the sample with the starter on, once, and read its start-up steps.
	 */
	void measure(Env env, Path stepsJar, int registryPort, int run) {
		String name = "bench-steps-" + run;
		int port = Env.freePort();
		String log = "startup-steps-" + run;
		Process sample = Sample.start(env, new Sample.Launch(stepsJar), port, List.of("--srsr.registry.url="
				+ Registry.url(registryPort), StartupAndFootprint.EXPOSURE, "--spring.application.name=" + name), log);
		try {
			Sample.awaitHealth(port, sample, true, Duration.ofSeconds(90));
			add(Files.readString(env.log(log)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			Procs.stop(sample, Duration.ofSeconds(20));
		}
	}

	/**
	 * Each starter bean's own time: its step less those of the beans created within it (its dependencies, which
	 * have a step of their own).
	 */
	private void add(String log) {
		Map<String, String> beanById = new HashMap<>();
		Map<String, Double> millisById = new HashMap<>();
		Map<String, Double> childMillisById = new HashMap<>();
		Matcher step = STEP.matcher(log);
		while (step.find()) {
			String id = step.group(1);
			double millis = Long.parseLong(step.group(4)) / 1000.0;
			if (step.group(3).equals("-")) {
				this.refreshMillis.add(millis);
				continue;
			}
			beanById.put(id, step.group(3));
			millisById.put(id, millis);
			childMillisById.merge(step.group(2), millis, Double::sum);
		}
		if (beanById.isEmpty()) {
			throw new IllegalStateException("no start-up steps in the log: " + log.lines().limit(20).toList());
		}
		double starter = 0;
		for (Map.Entry<String, String> bean : beanById.entrySet()) {
			if (!bean.getValue().contains("srsr")) {
				continue;
			}
			double self = millisById.get(bean.getKey()) - childMillisById.getOrDefault(bean.getKey(), 0.0);
			starter += self;
			this.selfMillisByBean.computeIfAbsent(bean.getValue(), (key) -> new ArrayList<>()).add(self);
		}
		this.starterMillis.add(starter);
	}

	/**
	 * The JVM's uptime when the application had started, from Boot's start-up line.
	 * @return milliseconds, or NaN if the line is not in the log
	 */
	static double startedMillis(Env env, String log) {
		try {
			Matcher started = STARTED.matcher(Files.readString(env.log(log)));
			return started.find() ? Double.parseDouble(started.group(1)) * 1000 : Double.NaN;
		}
		catch (IOException ex) {
			return Double.NaN;
		}
	}

	/**
	 * Writes the breakdown below item 1's figures.
	 * @param on the timed runs with the starter on
	 * @param off the timed runs with the starter off, pair by pair
	 */
	void report(Report report, List<StartupAndFootprint.Run> on, List<StartupAndFootprint.Run> off) {
		Stats before = difference(on, off, false);
		report.line("Where the difference comes from. Per pair, on less off (median (min–max) of the "
				+ before.count() + " pairs): until the application has started (the JVM's uptime in Spring Boot's "
				+ "`Started … (process running for …)` line) " + Report.mmm(before, 0) + " ms; from then to the "
				+ "first health answer (the application becomes ready in this stretch, and its first registration "
				+ "starts then, on the starter's thread) " + Report.mmm(difference(on, off, true), 0) + " ms.")
			.blank()
			.line("The starter's beans on the main thread, from Spring's start-up steps "
					+ "(`BufferingApplicationStartup`, added by `benchmarks/`'s `StartupStepsInitializer`, an "
					+ "`ApplicationContextInitializer` in a jar on `loader.path`) in " + this.starterMillis.size()
					+ " further runs with the starter on, not timed: " + Report.mmm(Stats.of(this.starterMillis), 0)
					+ " ms of wall clock in all, against " + Report.mmm(Stats.of(this.refreshMillis), 0)
					+ " ms for the whole context refresh. Each bean's own time, without the beans created within it:")
			.blank()
			.line("| bean | ms, median (min–max) |")
			.line("|---|---|");
		this.selfMillisByBean.entrySet()
			.stream()
			.sorted((a, b) -> Double.compare(Stats.of(b.getValue()).median(), Stats.of(a.getValue()).median()))
			.forEach((bean) -> report.line("| `" + bean.getKey() + "` | " + Report.mmm(Stats.of(bean.getValue()), 1)
					+ " |"));
		report.blank();
	}

	/**
	 * The breakdown in one clause, for the note on a missed target.
	 */
	String summary(List<StartupAndFootprint.Run> on, List<StartupAndFootprint.Run> off) {
		return "the starter's beans take " + Report.num(Stats.of(this.starterMillis).median(), 0)
				+ " ms of the main thread (median), and the stretch from started to the first "
				+ "health answer, in which the first registration runs, is "
				+ Report.num(difference(on, off, true).median(), 0) + " ms longer with the starter on (median of the "
				+ "pairs)";
	}

	/**
	 * Per pair, on less off: the time until the application had started, or from then to the first health answer.
	 */
	private static Stats difference(List<StartupAndFootprint.Run> on, List<StartupAndFootprint.Run> off,
			boolean afterStarted) {
		List<Double> differences = new ArrayList<>();
		for (int i = 0; i < on.size(); i++) {
			double onStarted = on.get(i).startedMillis();
			double offStarted = off.get(i).startedMillis();
			if (!Double.isNaN(onStarted) && !Double.isNaN(offStarted)) {
				differences.add(afterStarted
						? (on.get(i).startupMillis() - onStarted) - (off.get(i).startupMillis() - offStarted)
						: onStarted - offStarted);
			}
		}
		return Stats.of(differences);
	}

}
