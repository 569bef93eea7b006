package io.github.srsr.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * One life of the registry, like one srsr process: an HTTP server on a loopback address with its threads,
 * its in-memory registrations and its pause switch. {@link EmbeddedSrsrRegistry#restart()} replaces it with a
 * new one on the same port.
 */
final class RunningServer {

	/**
	 * Go's HTTP server sets TCP_NODELAY on its connections; the JDK's does so only with this system property, read
	 * once when the first JDK HTTP server of the JVM is created. Without it, a keep-alive client (the JDK's
	 * HttpClient, for one) waits about 40 ms for every answer (Nagle's algorithm against delayed ACKs).
	 */
	private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

	static {
		if (System.getProperty(NO_DELAY_PROPERTY) == null) {
			System.setProperty(NO_DELAY_PROPERTY, "true");
		}
	}

	private final HttpServer server;

	private final ExecutorService executor;

	private final RegistryState state;

	private final PauseGate gate = new PauseGate();

	private RunningServer(HttpServer server, ExecutorService executor, RegistryState state) {
		this.server = server;
		this.executor = executor;
		this.state = state;
	}

	/**
	 * Starts listening.
	 * @param loopback the loopback address to listen on
	 * @param port the port, 0 for a free one
	 * @param timeout the heartbeat timeout
	 * @param journal where to record requests
	 * @return the running server, ready to answer
	 * @throws UncheckedIOException when the server cannot listen, with a {@link BindException} cause when the
	 * port is in use
	 */
	static RunningServer start(InetAddress loopback, int port, Duration timeout, RequestJournal journal) {
		InetSocketAddress address = new InetSocketAddress(loopback, port);
		HttpServer server;
		try {
			server = HttpServer.create(address, 0);
		}
		catch (BindException ex) {
			BindException detailed = new BindException(
					"Port " + port + " on " + address.getHostString() + " is already in use (" + ex.getMessage() + ")");
			detailed.initCause(ex);
			throw new UncheckedIOException(detailed.getMessage(), detailed);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(
					"Cannot listen on port " + port + " of " + address.getHostString() + ": " + ex.getMessage(), ex);
		}
		ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("srsr-embedded-registry-http"));
		RegistryState state = new RegistryState(timeout);
		RunningServer running = new RunningServer(server, executor, state);
		server.createContext("/", new SrsrHttpHandler(new SrsrEndpoints(state), journal, running.gate));
		server.setExecutor(executor);
		server.start();
		return running;
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	RegistryState state() {
		return this.state;
	}

	PauseGate gate() {
		return this.gate;
	}

	/**
	 * Stops listening, closes every connection (requests held by a pause are dropped unanswered) and forgets the
	 * registrations. Returns promptly.
	 */
	void stop() {
		this.gate.abort();
		this.server.stop(0);
		this.executor.shutdownNow();
		this.state.close();
	}

}
