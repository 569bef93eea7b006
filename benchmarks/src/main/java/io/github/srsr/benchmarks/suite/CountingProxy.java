package io.github.srsr.benchmarks.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP forwarding proxy in the harness, one per measured process, that records every request the process sends
 * to its registry (time, method, path): the registry calls of items 10 and 11 are counted here, the same way for
 * srsr and Eureka. It adds one loopback hop to every registry call, for every variant alike.
 */
final class CountingProxy implements AutoCloseable {

	/** Request headers the JDK client sets itself or refuses. */
	private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade",
			"keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection", "http2-settings");

	private static final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	/**
	 * One request forwarded.
	 * @param nanos {@link System#nanoTime()} when it arrived
	 * @param method the HTTP method
	 * @param path the path, without the query
	 * @param name the {@code name} of an srsr request body ({@code /register}, {@code /lookup}), or {@code null}
	 */
	record Call(long nanos, String method, String path, String name) {
	}

	private static final Pattern NAME = Pattern
		.compile("\"name\"\\s*:\\s*\"([^\"]*)\"");

	private final HttpServer server;

	private final ExecutorService executor;

	private final String target;

	private final List<Call> calls = new ArrayList<>();

	/**
	 * Starts a proxy on a free loopback port ({@link Apps#reservePort()}).
	 * @param target the registry's base URL, without a trailing slash
	 */
	CountingProxy(String target) {
		this.target = target;
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Apps.reservePort()),
					64);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.executor = Executors.newFixedThreadPool(4, (runnable) -> {
			Thread thread = new Thread(runnable, "counting-proxy");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::forward);
		this.server.start();
	}

	/** The URL the measured process is given as its registry's. */
	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	private void forward(HttpExchange exchange) throws IOException {
		try (exchange) {
			long arrived = System.nanoTime();
			URI uri = exchange.getRequestURI();
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			Matcher named = NAME.matcher(new String(body, StandardCharsets.UTF_8));
			synchronized (this.calls) {
				this.calls.add(new Call(arrived, exchange.getRequestMethod(), uri.getPath(),
						named.find() ? named.group(1) : null));
			}
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.target + uri.getRawPath()
					+ ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "")))
				.timeout(Duration.ofSeconds(30))
				.method(exchange.getRequestMethod(), (body.length == 0) ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofByteArray(body));
			exchange.getRequestHeaders().forEach((name, values) -> {
				if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
					values.forEach((value) -> request.header(name, value));
				}
			});
			HttpResponse<byte[]> response;
			try {
				response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			}
			catch (IOException ex) {
				// The registry is down or gone: the process sees a failed connection, as it would without the proxy.
				exchange.getResponseHeaders().clear();
				exchange.sendResponseHeaders(502, -1);
				return;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				exchange.sendResponseHeaders(502, -1);
				return;
			}
			response.headers().map().forEach((name, values) -> {
				if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
					exchange.getResponseHeaders().put(name, values);
				}
			});
			byte[] answer = response.body();
			boolean noBody = answer.length == 0 || "HEAD".equals(exchange.getRequestMethod())
					|| response.statusCode() == 204 || response.statusCode() == 304;
			exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : answer.length);
			if (!noBody) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(answer);
				}
			}
		}
	}

	/** Every request so far. */
	List<Call> calls() {
		synchronized (this.calls) {
			return List.copyOf(this.calls);
		}
	}

	/**
	 * When the first request that matches arrived ({@link System#nanoTime()}), waiting for it at most
	 * {@code bound}; {@link Poller#NONE} if none did.
	 */
	long firstCall(Predicate<Call> which, Duration bound) {
		long deadline = System.nanoTime() + bound.toNanos();
		while (System.nanoTime() < deadline) {
			for (Call call : calls()) {
				if (which.test(call)) {
					return call.nanos();
				}
			}
			Http.sleep(20);
		}
		return Poller.NONE;
	}

	/** How many requests arrived in {@code [from, to)} ({@link System#nanoTime()}) and match. */
	long count(long from, long to, Predicate<Call> which) {
		return calls().stream().filter((call) -> call.nanos() >= from && call.nanos() < to).filter(which).count();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
