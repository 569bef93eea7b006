package io.github.srsr.benchmarks.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.github.srsr.client.http.SrsrRestClientBuilders;
import io.github.srsr.client.RegistryUrl;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.registry.EmbeddedSrsrRegistry;

/**
 * What each transport of {@link TransportBenchmark} costs a JVM besides time (issue 12): the threads it starts and
 * how long they live, and the classes it loads (TLS ones counted apart) for an {@code http://} registry. Each variant
 * runs in a fresh JVM of its own, started by this class with {@code -Xlog:class+load}:
 * <pre>
 * java -cp "benchmarks/target/srsr-benchmarks.jar:benchmarks/target/lib/*" io.github.srsr.benchmarks.jmh.TransportFootprint
 * </pre>
 * In each JVM: an embedded registry is started and answers one request made on a raw socket (so that the
 * registry's own classes and threads are there before), then the variant's client is built and makes
 * {@value #CALLS} lookups from the main thread. Threads and classes present after the calls but not before are the
 * variant's; the threads are then watched for {@value #WATCH_SECONDS} s to see how long they live.
 */
public final class TransportFootprint {

	static final int CALLS = 200;

	static final int WATCH_SECONDS = 15;

	static final String[] VARIANTS = { "bareHttpClient", "bareUrlConnectionBuffered", "srsrOnStarterFactory",
			"srsrOnJdkHttpClient", "srsrOnJdkHttpClientWithExecutor", "srsrOnSimpleFactory",
			"srsrOnBufferedUrlConnection" };

	private TransportFootprint() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 2 && args[0].equals("--variant")) {
			runVariant(args[1]);
			return;
		}
		List<String> variants = (args.length > 0) ? List.of(args) : List.of(VARIANTS);
		System.out.println("| variant | threads added (names) | thread lifetime after the last call | classes loaded "
				+ "by building the client and " + CALLS + " calls | of them TLS (`sun.security.ssl`, `javax.net.ssl`) | "
				+ "of them TLS and crypto (also `sun.security.*`, `java.security.cert`, `javax.crypto`, `com.sun.crypto`) |");
		System.out.println("|---|---|---|---|---|---|");
		for (String variant : variants) {
			System.out.println(driveVariant(variant));
		}
	}

	private static String driveVariant(String variant) throws IOException, InterruptedException {
		Path log = Files.createTempFile("srsr-classes-" + variant, ".log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-Xlog:class+load=info:file=" + log, "-cp",
				System.getProperty("java.class.path"), TransportFootprint.class.getName(), "--variant", variant)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		int exit = process.waitFor();
		Map<String, String> results = new LinkedHashMap<>();
		for (String line : output.split("\n")) {
			int eq = line.indexOf('=');
			if (line.startsWith("result.") && eq > 0) {
				results.put(line.substring("result.".length(), eq), line.substring(eq + 1).trim());
			}
		}
		if (exit != 0 || !results.containsKey("threads")) {
			return "| " + variant + " | failed (exit " + exit + "): " + output.replace('\n', ' ') + " | | | | |";
		}
		List<String> lines = Files.readAllLines(log);
		Files.delete(log);
		int start = indexOf(lines, Marker.Before.class.getName());
		int end = indexOf(lines, Marker.After.class.getName());
		List<String> loaded = new ArrayList<>();
		for (String line : lines.subList(start + 1, end)) {
			String[] parts = line.split(" ");
			for (int i = 0; i < parts.length; i++) {
				if (parts[i].equals("source:") && i > 0) {
					loaded.add(parts[i - 1]);
				}
			}
		}
		long tls = loaded.stream().filter(TransportFootprint::isTls).count();
		long crypto = loaded.stream().filter(TransportFootprint::isTlsOrCrypto).count();
		long tlsAnywhere = lines.stream()
			.filter((line) -> line.contains(" sun.security.ssl.") || line.contains(" javax.net.ssl."))
			.count();
		return "| " + variant + " | " + results.get("threads") + " | " + results.get("lifetime") + " | " + loaded.size()
				+ " | " + tls + " (in the whole JVM: " + tlsAnywhere + ") | " + crypto + " |";
	}

	private static boolean isTls(String className) {
		return className.startsWith("sun.security.ssl.") || className.startsWith("javax.net.ssl.");
	}

	private static boolean isTlsOrCrypto(String className) {
		return isTls(className) || className.startsWith("sun.security.") || className.startsWith("java.security.cert.")
				|| className.startsWith("javax.crypto.") || className.startsWith("com.sun.crypto.");
	}

	private static int indexOf(List<String> lines, String marker) {
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(" " + marker + " ")) {
				return i;
			}
		}
		throw new IllegalStateException("marker " + marker + " not in the class-load log");
	}

	private static void runVariant(String variant) throws Exception {
		EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.builder().start();
		URI url = URI.create("http://127.0.0.1:" + registry.port());
		rawLookup(registry.port());
		Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
		long classesBefore = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
		Marker.Before.touch();
		Callable<Object> call = client(variant, url);
		for (int i = 0; i < CALLS; i++) {
			call.call();
		}
		Marker.After.touch();
		long classesAfter = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
		long lastCall = System.nanoTime();
		List<Thread> added = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> !before.contains(thread))
			// The registry's own pool grows with the connections it serves: not the client's.
			.filter((thread) -> !thread.getName().startsWith("srsr-embedded-registry"))
			.collect(Collectors.toList());
		System.out.println("result.threads=" + added.size() + " ("
				+ added.stream().map((thread) -> thread.getName().replaceAll("\\d+", "N")).sorted()
					.collect(Collectors.joining(", "))
				+ ")");
		System.out.println("result.classes=" + (classesAfter - classesBefore));
		Map<String, Long> ended = new LinkedHashMap<>();
		long watchEnd = lastCall + WATCH_SECONDS * 1_000_000_000L;
		while (System.nanoTime() < watchEnd && ended.size() < added.size()) {
			for (Thread thread : added) {
				if (!thread.isAlive() && !ended.containsKey(thread.getName())) {
					ended.put(thread.getName(), (System.nanoTime() - lastCall) / 1_000_000);
				}
			}
			Thread.sleep(100);
		}
		Set<String> lifetimes = new TreeSet<>();
		for (Thread thread : added) {
			Long ms = ended.get(thread.getName());
			lifetimes.add(thread.getName().replaceAll("\\d+", "N") + ": "
					+ ((ms != null) ? String.format("%.1f s", ms / 1000.0) : "alive after " + WATCH_SECONDS + " s"));
		}
		System.out.println("result.lifetime=" + (lifetimes.isEmpty() ? "—" : String.join("; ", lifetimes)));
		registry.stop();
		System.exit(0);
	}

	private static Callable<Object> client(String variant, URI url) {
		switch (variant) {
			case "bareHttpClient": {
				Clients.BarePost post = new Clients.BarePost(Clients.bareClient(), url, "/lookup",
						RegistryFixture.LOOKUP_JSON);
				return post::send;
			}
			case "bareUrlConnectionBuffered": {
				Clients.UrlConnectionPost post = new Clients.UrlConnectionPost(url, "/lookup",
						RegistryFixture.LOOKUP_JSON, false);
				return post::send;
			}
			case "srsrOnStarterFactory": {
				RestClientSrsrClient client = new RestClientSrsrClient(RegistryUrl.of(url.toString()),
						SrsrRestClientBuilders.create(Clients.CONNECT_TIMEOUT, Clients.READ_TIMEOUT));
				return () -> client.lookup(RegistryFixture.LOOKUP_NAME);
			}
			case "srsrOnJdkHttpClient":
				return lookup(Clients.srsrClientOnJdkHttpClient(url));
			case "srsrOnJdkHttpClientWithExecutor":
				return lookup(Clients.srsrClientWithExecutor(url));
			case "srsrOnSimpleFactory":
				return lookup(Clients.srsrClientOnSimpleFactory(url));
			case "srsrOnBufferedUrlConnection":
				return lookup(Clients.srsrClientOnBufferedUrlConnection(url));
			default:
				throw new IllegalArgumentException("unknown variant " + variant);
		}
	}

	private static Callable<Object> lookup(io.github.srsr.client.SrsrClient client) {
		return () -> client.lookup(RegistryFixture.LOOKUP_NAME);
	}

	/** One lookup on a raw socket: the registry's side of an exchange is loaded before the variant's client. */
	private static void rawLookup(int port) throws IOException {
		byte[] body = RegistryFixture.LOOKUP_JSON.getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /lookup HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
					+ body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();
			InputStream in = socket.getInputStream();
			in.readAllBytes();
		}
	}

	/** Classes loaded only to mark the class-load log. */
	static final class Marker {

		static final class Before {

			static void touch() {
			}

		}

		static final class After {

			static void touch() {
			}

		}

	}

}
