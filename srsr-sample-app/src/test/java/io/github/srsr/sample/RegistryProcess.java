package io.github.srsr.sample;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The standalone embedded registry ({@code srsr-embedded-registry-VERSION-standalone.jar}, copied by the build
 * and named by the {@code registry.jar} system property) running as its own process, as a user starts it:
 * {@code java -jar ... -p 0 -t TIMEOUT_SECONDS}. It has no Java API: ask it over HTTP, as any srsr client does.
 */
final class RegistryProcess implements AutoCloseable {

	private static final Pattern LISTENING = Pattern.compile("srsr embedded registry listening on (\\S+)");

	private static final Duration START = Duration.ofSeconds(30);

	private static final Duration EXIT = Duration.ofSeconds(10);

	private final Process process;

	private final Path output;

	private URI url;

	private RegistryProcess(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	/**
	 * Start the registry on a free port and wait until it prints the URL it listens on.
	 * @param timeoutSeconds srsr's {@code -t}: how long an instance without a heartbeat stays registered
	 * @return the running registry
	 */
	static RegistryProcess start(int timeoutSeconds) {
		return start(timeoutSeconds, 0);
	}

	/**
	 * Start the registry on a port and wait until it prints the URL it listens on.
	 * @param timeoutSeconds srsr's {@code -t}: how long an instance without a heartbeat stays registered
	 * @param port srsr's {@code -p}: the port, {@code 0} for a free one
	 * @return the running registry
	 * @throws IllegalStateException if it exits before it listens (the port is in use)
	 */
	static RegistryProcess start(int timeoutSeconds, int port) {
		String jar = System.getProperty("registry.jar");
		if (jar == null || !new File(jar).isFile()) {
			throw new IllegalStateException(
					"The standalone registry jar is missing (" + jar + "): run the tests with 'mvn verify'");
		}
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx64m", "-jar", jar, "-p", String.valueOf(port), "-t",
				String.valueOf(timeoutSeconds));
		RegistryProcess registry;
		try {
			Path output = Files.createTempFile(Path.of("target"), "registry-", ".log");
			registry = new RegistryProcess(ChildProcesses.killOnExit(
					new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start()),
					output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			await().atMost(START).until(registry::listening);
			return registry;
		}
		catch (RuntimeException | Error ex) {
			registry.close();
			throw ex;
		}
	}

	private boolean listening() {
		Matcher matcher = LISTENING.matcher(output());
		if (matcher.find()) {
			this.url = URI.create(matcher.group(1));
			return true;
		}
		if (!this.process.isAlive()) {
			throw new IllegalStateException(
					"The registry exited with " + this.process.exitValue() + " before it listened:\n" + output());
		}
		return false;
	}

	/**
	 * The registry's base URL, as it printed it.
	 * @return the URL, e.g. {@code http://localhost:43567}
	 */
	URI url() {
		return this.url;
	}

	String output() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Stop the registry with SIGTERM, then SIGKILL if it is still running after a while, and wait until it exited.
	 */
	@Override
	public void close() {
		try {
			this.process.destroy();
			if (!this.process.waitFor(EXIT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly().waitFor(EXIT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
