package io.github.srsr.registry;

import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An in-memory srsr registry on {@code localhost} that answers every request exactly like the real srsr server
 * (see docs/protocol.md), including its defects: deregistering or expiring one instance hides every instance of
 * its name from {@code /lookup} while their heartbeats still succeed.
 *
 * <p>Typical use in a test:
 * <pre>{@code
 * try (EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.builder().timeout(Duration.ofMillis(300)).start()) {
 *     // point the code under test at registry.url(), then look at registry.instances(),
 *     // registry.lookupCandidates("my-service") and registry.requests()
 * }
 * }</pre>
 * With JUnit, {@code @EmbeddedSrsr} from {@code io.github.srsr.registry.junit} does this for a whole test class.
 *
 * <p>It listens on a loopback address only ({@code 127.0.0.1} unless {@link Builder#address} says otherwise) and
 * serves each request on its own thread, so a request held by
 * {@link #pause()} does not hold up the others' bookkeeping. Every method is thread-safe.
 *
 * <p>Like Go's server it answers with TCP_NODELAY: to get that from the JDK's HTTP server it sets the system
 * property {@code sun.net.httpserver.nodelay=true} unless it is already set, before its first server starts.
 * Without it, keep-alive clients wait about 40 ms for each answer.
 */
public final class EmbeddedSrsrRegistry implements AutoCloseable {

	/** srsr's default heartbeat timeout: 30 seconds. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	private final Duration timeout;

	private final RequestJournal journal = new RequestJournal();

	private final Object lifecycle = new Object();

	private final InetAddress address;

	private final int port;

	private RunningServer running;

	private EmbeddedSrsrRegistry(InetAddress address, int port, Duration timeout) {
		this.timeout = timeout;
		this.address = address;
		this.running = RunningServer.start(address, port, timeout, this.journal);
		this.port = this.running.port();
	}

	/**
	 * Starts a registry on a free port with srsr's default timeout of 30 seconds.
	 * @return the running registry
	 */
	public static EmbeddedSrsrRegistry start() {
		return builder().start();
	}

	/**
	 * A builder to choose the port and the timeout.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The registry's base URL, e.g. {@code http://localhost:4214}, without a trailing slash: {@code localhost}
	 * for the JVM's loopback address (the default), else the address it listens on, such as
	 * {@code http://[::1]:4214}. It stays the same after {@link #stop()} and {@link #restart()}.
	 * @return the base URL
	 */
	public URI url() {
		return URI.create("http://" + host(this.address) + ":" + this.port);
	}

	private static String host(InetAddress address) {
		if (address.equals(InetAddress.getLoopbackAddress())) {
			return "localhost";
		}
		return (address instanceof Inet6Address) ? "[::1]" : address.getHostAddress();
	}

	/**
	 * The loopback address it listens on.
	 * @return the address
	 */
	public InetAddress address() {
		return this.address;
	}

	/**
	 * The port it listens on (the one chosen when started with port 0).
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * How long an instance stays registered without a heartbeat.
	 * @return the timeout
	 */
	public Duration timeout() {
		return this.timeout;
	}

	/**
	 * Whether it is listening, i.e. started or restarted and not stopped since.
	 * @return whether it is running
	 */
	public boolean isRunning() {
		synchronized (this.lifecycle) {
			return this.running != null;
		}
	}

	/**
	 * Stops listening: connections are refused afterwards, open connections are closed, requests held by
	 * {@link #pause()} are dropped unanswered, and every registration is forgotten (like a stopped srsr). Returns
	 * promptly, even while paused. Does nothing when already stopped; {@link #restart()} starts it again.
	 */
	public void stop() {
		synchronized (this.lifecycle) {
			if (this.running != null) {
				this.running.stop();
				this.running = null;
			}
		}
	}

	/**
	 * Restarts it like a restarted srsr: stops (if running), forgets every registration, and listens again on
	 * the same port, not paused. Ready to answer when this method returns; the journal of requests is kept.
	 * @throws UncheckedIOException if the port was taken by someone else meanwhile
	 */
	public void restart() {
		synchronized (this.lifecycle) {
			stop();
			this.running = RunningServer.start(this.address, this.port, this.timeout, this.journal);
		}
	}

	/**
	 * Simulates a hung registry: connections are still accepted and requests read and journaled, but none is
	 * answered until {@link #resume()}. Instances keep expiring meanwhile.
	 * @throws IllegalStateException if it is stopped
	 */
	public void pause() {
		runningServer().gate().pause();
	}

	/**
	 * Answers again, starting with the requests held since {@link #pause()}. Does nothing when not paused.
	 * @throws IllegalStateException if it is stopped
	 */
	public void resume() {
		runningServer().gate().resume();
	}

	/**
	 * Whether it is paused.
	 * @return whether requests are held
	 */
	public boolean isPaused() {
		synchronized (this.lifecycle) {
			return this.running != null && this.running.gate().isPaused();
		}
	}

	/**
	 * A snapshot of every id the registry knows, in registration order: exactly the ids whose {@code /heartbeat}
	 * and {@code /deregister} answer {@code success: true} right now. It includes instances that {@code /lookup}
	 * no longer returns because of srsr's name-wide removal defect (their {@link RegisteredInstance#visible()} is
	 * {@code false}); to see what a {@code /lookup} can return, use {@link #lookupCandidates(String)}. Empty when
	 * stopped.
	 * @return an immutable list
	 */
	public List<RegisteredInstance> instances() {
		synchronized (this.lifecycle) {
			return (this.running != null) ? this.running.state().snapshot() : List.of();
		}
	}

	/**
	 * The {@link #instances()} registered under one name, such as a service's own ids without the ids a client
	 * holds under other names.
	 * @param name the service name, as registered
	 * @return an immutable list, in registration order
	 */
	public List<RegisteredInstance> instances(String name) {
		Objects.requireNonNull(name, "name must not be null");
		return instances().stream().filter((instance) -> instance.name().equals(name)).toList();
	}

	/**
	 * A snapshot of the instances a {@code /lookup} of this name picks from right now (each with the same
	 * chance), in registration order: exactly the addresses it can answer; empty when it answers
	 * {@code success: false}.
	 *
	 * <p>This can be fewer than the {@link #instances()} of the name, because of srsr's defect: deregistering or
	 * expiring ONE id of a name removes the name's whole lookup list, while its other ids stay known and keep
	 * answering {@code /heartbeat} with {@code success: true}. A later registration under the name starts a fresh
	 * list holding only the newcomer, and deregistering or expiring any older id of the name wipes that list
	 * again. So, with {@code a} and {@code b} registered under {@code "svc"}: after {@code a} deregisters,
	 * {@code lookupCandidates("svc")} is empty while {@code instances()} still holds {@code b}; after {@code c}
	 * registers it holds only {@code c}; after {@code b} deregisters it is empty again. Empty when stopped.
	 * @param name the service name, as sent to {@code /lookup}
	 * @return an immutable list, each element {@link RegisteredInstance#visible() visible}
	 */
	public List<RegisteredInstance> lookupCandidates(String name) {
		Objects.requireNonNull(name, "name must not be null");
		synchronized (this.lifecycle) {
			return (this.running != null) ? this.running.state().lookupCandidates(name) : List.of();
		}
	}

	/**
	 * Every request received since it was built or {@link #clearRequests()} was last called, in arrival order,
	 * whatever the method, path or answer, across restarts; only the most recent 10,000 are kept.
	 * @return an immutable list
	 */
	public List<RecordedRequest> requests() {
		return this.journal.snapshot();
	}

	/**
	 * Empties the journal of {@link #requests()}.
	 */
	public void clearRequests() {
		this.journal.clear();
	}

	/**
	 * Same as {@link #stop()}.
	 */
	@Override
	public void close() {
		stop();
	}

	@Override
	public String toString() {
		return "EmbeddedSrsrRegistry[" + url() + ", timeout " + this.timeout + (isRunning() ? "" : ", stopped") + "]";
	}

	private RunningServer runningServer() {
		synchronized (this.lifecycle) {
			if (this.running == null) {
				throw new IllegalStateException("The embedded srsr registry on port " + this.port + " is stopped");
			}
			return this.running;
		}
	}

	/**
	 * Chooses the port and the timeout of a new {@link EmbeddedSrsrRegistry}.
	 */
	public static final class Builder {

		private int port;

		private Duration timeout = DEFAULT_TIMEOUT;

		private InetAddress address = InetAddress.getLoopbackAddress();

		private Builder() {
		}

		/**
		 * The loopback address to listen on: the JVM's own ({@link InetAddress#getLoopbackAddress()}, usually
		 * {@code 127.0.0.1}) by default, or another one such as IPv6's {@code ::1}. Only loopback addresses are
		 * accepted: like srsr, the registry listens on this machine only.
		 * @param address a loopback address
		 * @return this builder
		 */
		public Builder address(InetAddress address) {
			if (address == null || !address.isLoopbackAddress()) {
				throw new IllegalArgumentException("address must be a loopback address, was " + address);
			}
			this.address = address;
			return this;
		}

		/**
		 * The port to listen on, on the loopback address; 0 (the default) picks a free one.
		 * @param port the port, 0 to 65535
		 * @return this builder
		 */
		public Builder port(int port) {
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
			}
			this.port = port;
			return this;
		}

		/**
		 * How long an instance stays registered without a heartbeat; srsr's default is 30 seconds. Tests use
		 * short ones, e.g. 300 ms.
		 * @param timeout a positive duration
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			if (timeout == null || timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException("timeout must be positive, was " + timeout);
			}
			this.timeout = timeout;
			return this;
		}

		/**
		 * Starts the registry; it answers when this method returns.
		 * @return the running registry
		 * @throws UncheckedIOException if it cannot listen, with a {@link java.net.BindException} cause when the
		 * port is in use
		 */
		public EmbeddedSrsrRegistry start() {
			return new EmbeddedSrsrRegistry(this.address, this.port, this.timeout);
		}

	}

}
