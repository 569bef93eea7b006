package io.github.srsr.benchmarks.suite;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the processes the suite measures and makes sure every one of them ends: each is stopped by its owner,
 * and whatever is left is killed when the suite ends (normally, by an exception or by a signal). Their pids are
 * also appended to a file, so that run.sh can kill them should the suite itself be killed.
 */
final class Procs {

	private static final List<Process> started = new ArrayList<>();

	private static Path pidFile;

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(Procs::killAll, "srsr-benchmarks-cleanup"));
	}

	private Procs() {
	}

	static void pidFile(Path file) {
		pidFile = file;
	}

	/**
	 * Starts a process with its output in a log file and no {@code SRSR_*} variables inherited.
	 * @param command the command
	 * @param log where its output goes
	 * @param env variables to add
	 * @return the process
	 */
	static Process start(List<String> command, Path log, Map<String, String> env) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		builder.environment().keySet().removeIf((name) -> name.startsWith("SRSR_"));
		builder.environment().putAll(env);
		try {
			Files.writeString(log, "$ " + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			Process process = builder.start();
			synchronized (started) {
				started.add(process);
			}
			if (pidFile != null) {
				Files.writeString(pidFile, process.pid() + System.lineSeparator(), StandardCharsets.UTF_8,
						StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			}
			return process;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start " + command, ex);
		}
	}

	/**
	 * Sends SIGTERM and waits for the exit; SIGKILL if it takes longer than the bound.
	 * @param process the process
	 * @param bound how long to wait before killing
	 */
	static void stop(Process process, Duration bound) {
		if (!process.isAlive()) {
			return;
		}
		process.destroy();
		try {
			if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				process.waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

	static void killAll() {
		List<Process> all;
		synchronized (started) {
			all = new ArrayList<>(started);
		}
		for (Process process : all) {
			if (process.isAlive()) {
				process.destroyForcibly();
			}
		}
	}

	/**
	 * Runs a short command to its end, bounded, and returns its output.
	 * @param command the command
	 * @param bound the longest it may take
	 * @return its standard output and error
	 */
	static String run(List<String> command, Duration bound) {
		try {
			Path out = Files.createTempFile("srsr-bench", ".out");
			try {
				Process process = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(out.toFile())
					.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
					.start();
				if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
					process.destroyForcibly();
					process.waitFor(5, TimeUnit.SECONDS);
					throw new IllegalStateException(command + " did not end within " + bound);
				}
				return Files.readString(out, StandardCharsets.UTF_8);
			}
			finally {
				Files.deleteIfExists(out);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while running " + command, ex);
		}
	}

}
