package io.github.srsr.benchmarks.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small applications of items 9 to 11 ({@code benchmarks/apps/}): one web application built three ways (no
 * registry client, the srsr starter, the Eureka client), the caller in two flavours and a Eureka server, each an
 * executable jar with its own class path, and how they are pointed at a registry.
 */
final class Apps {

	/** The service name the measured instances register under. */
	static final String SERVICE = "svc";

	private Apps() {
	}

	private static final Set<Integer> reserved = new HashSet<>();

	/**
	 * A free loopback port no other port of these items was given: the proxies and the processes of a trial are
	 * set up while other trials run, and a port just found free can otherwise be handed out twice.
	 */
	static synchronized int reservePort() {
		while (true) {
			int port = Env.freePort();
			if (reserved.add(port)) {
				return port;
			}
		}
	}

	static Path jar(Env env, String module) {
		return env.repo().resolve("benchmarks/apps/" + module + "/target/" + module + ".jar");
	}

	static void checkBuilt(Env env, String... modules) {
		for (String module : modules) {
			if (!Files.isRegularFile(jar(env, module))) {
				throw new IllegalStateException(jar(env, module) + " is missing: build benchmarks/apps first "
						+ "(benchmarks/run.sh does)");
			}
		}
	}

	/**
	 * Starts an application jar.
	 * @param loaderPath a jar to add through Spring Boot's {@code PropertiesLauncher} ({@code loader.path}), or
	 * {@code null} for {@code java -jar}
	 */
	static Process start(Env env, Path jar, Path loaderPath, int port, List<String> args, String logName) {
		List<String> command = new ArrayList<>();
		command.add(Env.java());
		if (loaderPath == null) {
			command.add("-jar");
			command.add(jar.toString());
		}
		else {
			command.add("-Dloader.path=" + loaderPath);
			command.add("-cp");
			command.add(jar.toString());
			command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
		}
		command.add("--server.port=" + port);
		command.addAll(args);
		return Procs.start(command, env.log(logName), Map.of());
	}

	/**
	 * Eureka as a user would configure it: its defaults, or the fastest settings its documentation allows.
	 */
	enum EurekaSettings {

		DEFAULTS("Eureka, defaults", List.of(), List.of()),

		FAST("Eureka, fastest documented settings",
				List.of("--eureka.instance.lease-renewal-interval-in-seconds=1",
						"--eureka.instance.lease-expiration-duration-in-seconds=3",
						"--eureka.client.registry-fetch-interval-seconds=1",
						"--eureka.client.instance-info-replication-interval-seconds=1",
						"--eureka.client.initial-instance-info-replication-interval-seconds=1"),
				List.of("--eureka.server.enable-self-preservation=false",
						"--eureka.server.response-cache-update-interval-ms=1000",
						"--eureka.server.use-read-only-response-cache=false",
						"--eureka.server.eviction-interval-timer-in-ms=1000"));

		final String label;

		/** Given to every Eureka client (the instances and the caller). */
		final List<String> clientArgs;

		/** Given to the Eureka server. */
		final List<String> serverArgs;

		EurekaSettings(String label, List<String> clientArgs, List<String> serverArgs) {
			this.label = label;
			this.clientArgs = clientArgs;
			this.serverArgs = serverArgs;
		}

		/** The settings as the report names them. */
		String describe() {
			List<String> all = new ArrayList<>(this.serverArgs);
			all.addAll(this.clientArgs);
			return all.isEmpty() ? "none (standalone server as in Spring Cloud Netflix's documentation)"
					: "`" + String.join("`, `", all.stream().map((arg) -> arg.substring(2)).toList()) + "`";
		}

	}

	/**
	 * Starts a standalone Eureka server (Spring Cloud Netflix's documented standalone mode: it neither registers
	 * with nor fetches from a peer) and waits until it answers.
	 */
	static Process startEurekaServer(Env env, EurekaSettings settings, int port, String logName) {
		List<String> args = new ArrayList<>(List.of("--eureka.instance.hostname=127.0.0.1",
				"--eureka.client.register-with-eureka=false", "--eureka.client.fetch-registry=false",
				"--eureka.client.service-url.defaultZone=http://127.0.0.1:" + port + "/eureka/"));
		args.addAll(settings.serverArgs);
		Process server = start(env, jar(env, "eureka-server"), null, port, args, logName);
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (System.nanoTime() < deadline) {
			if (Http.status("http://127.0.0.1:" + port + "/eureka/apps") == 200) {
				return server;
			}
			if (!server.isAlive()) {
				throw new IllegalStateException("the Eureka server exited with " + server.exitValue());
			}
			Http.sleep(100);
		}
		Procs.stop(server, Duration.ofSeconds(10));
		throw new IllegalStateException("the Eureka server did not answer within 120 s");
	}

	/** Arguments that point a Eureka client at a server (or at its proxy). */
	static List<String> eurekaClientArgs(String serverUrl, EurekaSettings settings) {
		List<String> args = new ArrayList<>(List.of("--eureka.client.service-url.defaultZone=" + serverUrl + "/eureka/",
				"--eureka.instance.prefer-ip-address=true", "--eureka.instance.ip-address=127.0.0.1"));
		args.addAll(settings.clientArgs);
		return args;
	}

	/** Whether the Eureka server lists an instance of the application on that port. */
	static boolean eurekaKnows(int serverPort, String application, int instancePort) {
		String apps = Http.get("http://127.0.0.1:" + serverPort + "/eureka/apps/" + application.toUpperCase());
		return apps != null && (apps.contains(">" + instancePort + "</port>") || apps.contains("\"$\":" + instancePort + ","));
	}

	/**
	 * The versions the application jars carry, in one sentence: read from the jars' {@code BOOT-INF/lib} and the
	 * root pom's Spring Cloud train.
	 */
	static String versions(Env env) {
		String train = "?";
		try {
			Matcher matcher = Pattern
				.compile("<spring-cloud.version>([^<]+)</spring-cloud.version>")
				.matcher(Files.readString(env.repo().resolve("pom.xml")));
			if (matcher.find()) {
				train = matcher.group(1);
			}
		}
		catch (IOException ex) {
			// reported as "?"
		}
		return "Versions: Spring Boot " + libVersion(env, "web-eureka", "spring-boot") + ", Spring Cloud " + train
				+ " (`spring-cloud-netflix-eureka-client` " + libVersion(env, "web-eureka",
						"spring-cloud-netflix-eureka-client")
				+ ", Netflix `eureka-client` " + libVersion(env, "web-eureka", "eureka-client")
				+ ", `eureka-core` " + libVersion(env, "eureka-server", "eureka-core") + ", `spring-cloud-loadbalancer` "
				+ libVersion(env, "caller-srsr", "spring-cloud-loadbalancer") + "), srsr starter "
				+ libVersion(env, "web-srsr", "srsr-spring-boot-starter") + ".";
	}

	private static String libVersion(Env env, String module, String artifact) {
		Pattern pattern = Pattern
			.compile("BOOT-INF/lib/" + Pattern.quote(artifact) + "-(\\d[^/]*)\\.jar");
		try (JarFile jar = new JarFile(jar(env, module).toFile())) {
			return jar.stream()
				.map((entry) -> pattern.matcher(entry.getName()))
				.filter(Matcher::matches)
				.map((matcher) -> matcher.group(1))
				.findFirst()
				.orElse("?");
		}
		catch (IOException ex) {
			return "?";
		}
	}

	/** Waits until {@code /actuator/health} answers 200; the nanoTime then. */
	static long awaitHealth(int port, Process process, Duration bound) {
		return Sample.awaitHealth(port, process, true, bound);
	}

}
