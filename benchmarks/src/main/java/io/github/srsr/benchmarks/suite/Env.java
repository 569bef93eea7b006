package io.github.srsr.benchmarks.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are, and how much time the suite may spend.
 *
 * @param repo the repository root
 * @param results where raw results and the logs of every started process go
 * @param report the markdown file to write
 * @param quick whether to run with reduced repetitions (while developing; never for published figures)
 */
record Env(Path repo, Path results, Path report, boolean quick) {

	static final String VERSION = "0.1.0-SNAPSHOT";

	Path sampleJar() {
		return this.repo.resolve("srsr-sample-app/target/srsr-sample-app-" + VERSION + ".jar");
	}

	Path registryJar() {
		return this.repo.resolve("srsr-embedded-registry/target/srsr-embedded-registry-" + VERSION + "-standalone.jar");
	}

	Path logs() {
		Path logs = this.results.resolve("logs");
		try {
			Files.createDirectories(logs);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return logs;
	}

	Path log(String name) {
		return logs().resolve(name + ".log");
	}

	/** The java launcher of the JVM running the suite: the measured processes run on the same JDK. */
	static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	static String jcmd() {
		return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
	}

	/** A port that was free a moment ago on the loopback address. */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int reps(int full, int quick) {
		return this.quick ? quick : full;
	}

}
