package io.github.srsr.benchmarks.suite;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The standalone embedded registry ({@code srsr-embedded-registry-*-standalone.jar}) as a process of its own, and
 * the probes that ask any registry, over HTTP, whether a name is registered.
 */
final class Registry {

	private Registry() {
	}

	static Process start(Env env, int port, int timeoutSeconds, String logName) {
		return Procs.start(List.of(Env.java(), "-Xmx256m", "-jar", env.registryJar().toString(), "-p",
				String.valueOf(port), "-t", String.valueOf(timeoutSeconds)), env.log(logName), Map.of());
	}

	/**
	 * Waits until the registry answers a lookup.
	 * @return {@link System#nanoTime()} of the first answer
	 */
	static long awaitReady(int port, Process process, Duration bound) {
		long deadline = System.nanoTime() + bound.toNanos();
		while (System.nanoTime() < deadline) {
			if (Http.post(url(port) + "/lookup", "{\"name\":\"ready-probe\"}") != null) {
				return System.nanoTime();
			}
			if (process != null && !process.isAlive()) {
				throw new IllegalStateException("the registry on port " + port + " exited with " + process.exitValue());
			}
			Http.sleep(5);
		}
		throw new IllegalStateException("the registry on port " + port + " did not answer within " + bound);
	}

	static boolean isRegistered(int port, String name) {
		String answer = Http.post(url(port) + "/lookup", "{\"name\":\"" + name + "\"}");
		return answer != null && answer.replace(" ", "").contains("\"success\":true");
	}

	/**
	 * Polls the registry's lookup of the name every 10 ms.
	 * @return {@link System#nanoTime()} of the first lookup that found it
	 */
	static long awaitRegistered(int port, String name, Duration bound) {
		long deadline = System.nanoTime() + bound.toNanos();
		while (System.nanoTime() < deadline) {
			if (isRegistered(port, name)) {
				return System.nanoTime();
			}
			Http.sleep(10);
		}
		throw new IllegalStateException("'" + name + "' was not registered on port " + port + " within " + bound);
	}

	static String url(int port) {
		return "http://127.0.0.1:" + port;
	}

}
