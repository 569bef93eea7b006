package io.github.srsr.sample;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged sample jar running as its own process, as a user starts it.
 */
final class SampleProcess implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Process process;

	private final Path output;

	private final int port;

	private SampleProcess(Process process, Path output, int port) {
		this.process = process;
		this.output = output;
		this.port = port;
	}

	/**
	 * Start the sample jar on a free port.
	 * @param environment environment variables to add
	 * @param args command line arguments to add
	 * @return the running process
	 */
	static SampleProcess start(Map<String, String> environment, String... args) {
		return start(List.of(), environment, args);
	}

	/**
	 * Start the sample jar on a free port.
	 * @param jvmOptions options of the JVM to add, such as {@code -Dspring.aot.enabled=true}
	 * @param environment environment variables to add
	 * @param args command line arguments to add
	 * @return the running process
	 */
	static SampleProcess start(List<String> jvmOptions, Map<String, String> environment, String... args) {
		int port = freePort();
		String jar = System.getProperty("sample.jar");
		if (jar == null || !new File(jar).isFile()) {
			throw new IllegalStateException("The sample jar is missing (" + jar + "): run the tests with 'mvn verify'");
		}
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xshare:auto", "-XX:TieredStopAtLevel=1"));
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar, "--server.port=" + port, "--spring.main.banner-mode=off"));
		command.addAll(List.of(args));
		try {
			Path output = Files.createTempFile(Path.of("target"), "sample-" + port + "-", ".log");
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile());
			builder.environment().keySet().removeIf((name) -> name.startsWith("SRSR_"));
			builder.environment().putAll(environment);
			return new SampleProcess(ChildProcesses.killOnExit(builder.start()), output, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.port;
	}

	/**
	 * The address the registry gives out for this sample, which registers with its port only.
	 * @return {@code http://127.0.0.1:PORT}
	 */
	String address() {
		return "http://127.0.0.1:" + this.port;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Send SIGTERM, as a container runtime or systemd does on stop.
	 */
	void terminate() {
		this.process.destroy();
	}

	/**
	 * Wait for the process to exit.
	 * @param timeout how long to wait at most
	 * @return the exit code
	 * @throws IllegalStateException if the process is still running after the timeout
	 */
	int awaitExit(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("The sample did not exit within " + timeout + ":\n" + output());
			}
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
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
	 * GET a path of the sample and parse the JSON answer.
	 * @param path the path
	 * @return the answer, or {@code null} if the sample does not answer (yet)
	 */
	JsonNode get(String path) {
		try {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString());
			return json.readTree(response.body());
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return the status of the {@code srsr} health component.
	 * @return the status, or {@code null} if the sample does not answer (yet)
	 */
	String srsrHealth() {
		JsonNode health = get("/actuator/health");
		if (health == null || health.path("components").path("srsr").isMissingNode()) {
			return null;
		}
		return health.path("components").path("srsr").path("status").stringValue();
	}

	/**
	 * Kill the process if it is still running (SIGKILL: no deregistration) and wait until it exited.
	 */
	@Override
	public void close() {
		if (this.process.isAlive()) {
			try {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * POST a lookup to a registry, as any srsr client would.
	 * @param registry the registry's base URL
	 * @param name the service name
	 * @return the registry's answer
	 */
	static JsonNode lookup(URI registry, String name) {
		try {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(registry.resolve("/lookup"))
				.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString());
			return json.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
