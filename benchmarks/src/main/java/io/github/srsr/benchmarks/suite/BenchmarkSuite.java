package io.github.srsr.benchmarks.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.srsr.benchmarks.suite.Report.Verdict;

/**
 * Runs every measurement of issue 6, item 8 of issue 11, items 9 and 10 of issue 30 and items 11 and 12 of issue 26, one
 * after the other, and writes
 * {@code docs/benchmarks.md}. Started by {@code benchmarks/run.sh}; arguments: {@code --repo DIR} (the repository
 * root), {@code --wrk PATH} (or {@code none}), {@code --quick} (fewer repetitions, for development only),
 * {@code --only 1,2,...} (items to run; the file then holds only those).
 * Benchmarks are not tests: nothing here asserts a timing; a target missed is reported as missed.
 */
public final class BenchmarkSuite {

	private BenchmarkSuite() {
	}

	public static void main(String[] args) throws Exception {
		Path repo = Path.of(".").toAbsolutePath().normalize();
		String wrk = null;
		boolean quick = false;
		Set<Integer> only = new LinkedHashSet<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--repo" -> repo = Path.of(args[++i]).toAbsolutePath().normalize();
				case "--wrk" -> wrk = "none".equals(args[++i]) ? null : args[i];
				case "--quick" -> quick = true;
				case "--only" -> {
					only.clear();
					Arrays.stream(args[++i].split(",")).map(String::trim).map(Integer::valueOf).forEach(only::add);
				}
				default -> throw new IllegalArgumentException("unknown argument " + args[i]);
			}
		}
		Path results = repo.resolve("benchmarks/target/results");
		Files.createDirectories(results);
		Env env = new Env(repo, results, repo.resolve("docs/benchmarks.md"), quick);
		Procs.pidFile(results.resolve("pids"));
		for (Path jar : List.of(env.sampleJar(), env.registryJar())) {
			if (!Files.isRegularFile(jar)) {
				throw new IllegalStateException(jar + " is missing: build the project first (benchmarks/run.sh does)");
			}
		}
		String loadBefore = loadAverage();
		long start = System.nanoTime();
		Report report = new Report();
		String finalWrk = wrk;
		section(report, only, Set.of(1, 7), "Start-up and footprint", () -> new StartupAndFootprint().run(env, report));
		section(report, only, Set.of(2), "Registry call latency", () -> new Microbenchmarks().runLatency(env, report));
		section(report, only, Set.of(3), "Lookup throughput", () -> new Microbenchmarks().runThroughput(env, report));
		section(report, only, Set.of(4), "Embedded registry throughput",
				() -> new RegistryThroughput().run(env, report, finalWrk));
		section(report, only, Set.of(5), "Recovery", () -> new Recovery().run(env, report));
		section(report, only, Set.of(6), "Shutdown", () -> new Shutdown().run(env, report));
		section(report, only, Set.of(8), "Fleet discoverability", () -> new FleetDiscoverability().run(env, report));
		section(report, only, Set.of(9), "Compared with Eureka: start-up and footprint",
				() -> new EurekaStartup().run(env, report));
		section(report, only, Set.of(10), "Compared with Eureka: discovery as a second application sees it",
				() -> new EurekaDiscovery().run(env, report));
		section(report, only, Set.of(11), "Every instance: LoadBalancer picks over a fleet",
				() -> new LoadBalancerPicks().run(env, report));
		section(report, only, Set.of(12), "Every instance: the join race and reads from memory",
				() -> new JoinRaceAndMemory().run(env, report));
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		String markdown = markdown(env, report, took, loadBefore, loadAverage());
		Files.createDirectories(env.report().getParent());
		Files.writeString(env.report(), markdown, StandardCharsets.UTF_8);
		System.out.println("Wrote " + repo.relativize(env.report()) + " (measurements took " + took.toSeconds() + " s)");
		for (Report.Row row : report.summary) {
			System.out.printf("  %s %-70s %-40s %s%n", row.item(), row.what(), row.figure(), row.verdict().text);
		}
		if (!report.failures.isEmpty()) {
			System.err.println("Sections that failed: " + String.join("; ", report.failures));
			System.exit(1);
		}
		System.exit(0);
	}

	interface Body {

		void run() throws Exception;

	}

	private static void section(Report report, Set<Integer> only, Set<Integer> items, String name, Body body) {
		if (items.stream().noneMatch(only::contains)) {
			return;
		}
		System.out.println("== " + name);
		long start = System.nanoTime();
		try {
			body.run();
		}
		catch (Exception ex) {
			ex.printStackTrace();
			String message = ex.getClass().getSimpleName() + ": " + ex.getMessage();
			report.failures.add(name + ": " + message);
			for (int item : items) {
				report.section(item).line("## " + item + ". " + name).blank()
					.line("**Not measured**: the measurement failed: `" + message.replace('`', '\'')
							+ "` (logs in `benchmarks/target/results/logs/`).")
					.blank();
				report.row(String.valueOf(item), name, "n/a", "", Verdict.NOT_MEASURED);
			}
		}
		System.out.printf("   (%d s)%n", Duration.ofNanos(System.nanoTime() - start).toSeconds());
	}

	private static String markdown(Env env, Report report, Duration took, String loadBefore, String loadAfter) {
		StringBuilder md = new StringBuilder();
		md.append("# Benchmarks\n\n")
			.append("What the srsr starter costs an application, and how fast it heals (issue 6), against the "
					+ "targets of issue 12 where it sets one; item 8: how "
					+ "discoverable a fleet stays through srsr's name-wide removal (issue 11); items 9 and 10: the "
					+ "same application with the starter and with the Spring Cloud Netflix Eureka client, side by "
					+ "side (issue 30); item 11: how a Spring Cloud LoadBalancer caller spreads over a fleet and "
					+ "follows its changes, item 12: how long the join race hides an instance and what a read of an "
					+ "instance set from memory costs (issue 26). Every figure is "
					+ "measured side by side with its baseline in the same run: the machine is shared and noisy, so "
					+ "ratios hold better than absolute times. Written by `benchmarks/run.sh` on ")
			.append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
			.append("; the measurements took ")
			.append(took.toMinutes())
			.append(" min ")
			.append(took.toSecondsPart())
			.append(" s")
			.append(env.quick() ? " (**quick mode: reduced repetitions, not for publication**)" : "")
			.append(". Benchmarks are not tests: nothing asserts a timing, CI does not run them.\n\n");
		md.append("## Machine\n\n")
			.append("| | |\n|---|---|\n")
			.append("| CPU | ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
			.append(" cores available to the JVM |\n")
			.append("| memory | ").append(memTotal()).append(" |\n")
			.append("| OS | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
			.append(" (").append(System.getProperty("os.arch")).append(") |\n")
			.append("| JDK | ").append(System.getProperty("java.vm.name")).append(' ')
			.append(System.getProperty("java.runtime.version")).append(" (").append(System.getProperty("java.vendor"))
			.append("); every measured JVM runs on it, with default flags unless stated |\n")
			.append("| load average (1, 5, 15 min) | before: ").append(loadBefore).append("; after: ").append(loadAfter)
			.append(" |\n\n");
		md.append("## Summary\n\n| # | what | measured | target | |\n|---|---|---|---|---|\n");
		List<Report.Row> rows = new ArrayList<>(report.summary);
		// By item number (10 after 9), stable within an item.
		rows.sort(Comparator.comparingInt((Report.Row row) -> noteItem(row.item() + ".")));
		for (Report.Row row : rows) {
			md.append("| ").append(row.item()).append(" | ").append(row.what()).append(" | ").append(row.figure())
				.append(" | ").append(row.target()).append(" | ").append(row.verdict().text).append(" |\n");
		}
		md.append("\nFigures are median (min–max) unless stated. Details, method and raw figures per item below; "
				+ "the logs of every process the run started are in `benchmarks/target/results/logs/`.\n\n");
		if (!report.notes.isEmpty()) {
			md.append("## Why targets were missed\n\nAs far as the figures of this run tell:\n\n");
			// In item order (a section may note several items, not in order); stable within an item.
			List<String> notes = new ArrayList<>(report.notes);
			notes.sort(Comparator.comparingInt(BenchmarkSuite::noteItem));
			notes.forEach((note) -> md.append("- ").append(note).append('\n'));
			md.append('\n');
		}
		md.append(report.details());
		md.append("## Reproduce\n\n")
			.append("```\nbenchmarks/run.sh\n```\n\n")
			.append("It installs `wrk` with apt-get when missing (as root), builds the project "
					+ "(`mvn -B -q install -DskipTests`), the `benchmarks/` module and the applications of items 9 to 11 "
					+ "(`benchmarks/apps/`; neither is part of the default build), "
					+ "runs everything above with bounded time and rewrites this file. `benchmarks/run.sh --quick` runs "
					+ "fewer repetitions, for trying changes only.\n");
		return md.toString();
	}

	/** The item a note is about: the number it starts with ({@code **3. ...}), or last. */
	private static int noteItem(String note) {
		java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("^\\**(\\d+)\\.").matcher(note);
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : Integer.MAX_VALUE;
	}

	private static String cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("unknown CPU");
		}
		catch (IOException ex) {
			return "unknown CPU";
		}
	}

	private static String memTotal() {
		try {
			return Files.readAllLines(Path.of("/proc/meminfo")).stream()
				.filter((line) -> line.startsWith("MemTotal:"))
				.map((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB")
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException | NumberFormatException ex) {
			return "unknown";
		}
	}

	private static String loadAverage() {
		try {
			String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return parts[0] + ", " + parts[1] + ", " + parts[2];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

}
