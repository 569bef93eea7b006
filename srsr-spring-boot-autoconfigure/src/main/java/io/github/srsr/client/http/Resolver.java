package io.github.srsr.client.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.security.Security;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves a registry's host name within the connect deadline. The JDK's name lookup has no
 * timeout of its own (it waits as long as the system's resolver does: seconds per name server
 * and attempt), so a host name is looked up on a short-lived daemon thread ({@code srsr-resolve})
 * while the calling thread waits at most until the deadline; a lookup that outlives it goes on
 * alone and ends with the system resolver's own timeouts. To keep threads rare, the address is
 * then kept for as long as the JDK keeps it ({@code networkaddress.cache.ttl}, 30 s by default),
 * callers that need the same name meanwhile wait for the one lookup in flight, and an IP literal
 * (the usual registry URL) never needs a thread at all. A connection that fails makes the next
 * one resolve again.
 */
final class Resolver {

	private static final long DEFAULT_TTL_SECONDS = 30;

	private final long ttlNanos;

	private final Lookup lookup;

	private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<InetAddress>> inFlight = new ConcurrentHashMap<>();

	Resolver() {
		this(TimeUnit.SECONDS.toNanos(jdkCacheTtlSeconds()), InetAddress::getByName);
	}

	Resolver(long ttlNanos, Lookup lookup) {
		this.ttlNanos = ttlNanos;
		this.lookup = lookup;
	}

	/**
	 * Resolve a host.
	 * @param host a host name or IP literal (IPv6 without brackets)
	 * @param deadline the {@link System#nanoTime()} by which to give up
	 * @return its address
	 * @throws UnknownHostException if the name does not resolve
	 * @throws HttpConnectTimeoutException if it did not resolve by the deadline
	 * @throws InterruptedIOException if the calling thread was interrupted while waiting
	 */
	InetAddress resolve(String host, long deadline) throws IOException {
		if (isLiteral(host)) {
			return InetAddress.getByName(host);
		}
		Resolved known = this.resolved.get(host);
		if (known != null && System.nanoTime() - known.at() < this.ttlNanos) {
			return known.address();
		}
		CompletableFuture<InetAddress> lookup = this.inFlight.computeIfAbsent(host, this::startLookup);
		try {
			// A deadline already past still takes a lookup that is done.
			return lookup.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw Wire.connectTimeout("connect timed out (resolving " + host + ")", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while resolving " + host);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			throw new UnknownHostException(host);
		}
	}

	/**
	 * Resolve the host again at its next connection.
	 * @param host the host
	 */
	void forget(String host) {
		this.resolved.remove(host);
	}

	private CompletableFuture<InetAddress> startLookup(String host) {
		CompletableFuture<InetAddress> lookup = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			// Out of the way before the callers learn the outcome: the next caller after a failure
			// looks the name up again.
			try {
				InetAddress address = this.lookup.lookup(host);
				this.resolved.put(host, new Resolved(address, System.nanoTime()));
				this.inFlight.remove(host, lookup);
				lookup.complete(address);
			}
			catch (Throwable ex) {
				this.inFlight.remove(host, lookup);
				lookup.completeExceptionally(ex);
			}
		}, "srsr-resolve");
		thread.setDaemon(true);
		thread.start();
		return lookup;
	}

	static boolean isLiteral(String host) {
		if (host.indexOf(':') >= 0) {
			return true;
		}
		if (host.isEmpty()) {
			return false;
		}
		for (int i = 0; i < host.length(); i++) {
			char c = host.charAt(i);
			if ((c < '0' || c > '9') && c != '.') {
				return false;
			}
		}
		return true;
	}

	/**
	 * How long the JDK keeps a resolved name ({@code networkaddress.cache.ttl}, then
	 * {@code sun.net.inetaddr.ttl}, 30 s by default); "forever" is taken as the default.
	 */
	private static long jdkCacheTtlSeconds() {
		String ttl = Security.getProperty("networkaddress.cache.ttl");
		if (ttl == null) {
			ttl = System.getProperty("sun.net.inetaddr.ttl");
		}
		try {
			long seconds = (ttl != null) ? Long.parseLong(ttl.trim()) : DEFAULT_TTL_SECONDS;
			return (seconds < 0) ? DEFAULT_TTL_SECONDS : seconds;
		}
		catch (NumberFormatException ex) {
			return DEFAULT_TTL_SECONDS;
		}
	}

	/**
	 * The name lookup itself: the JDK's.
	 */
	@FunctionalInterface
	interface Lookup {

		InetAddress lookup(String host) throws IOException;

	}

	private record Resolved(InetAddress address, long at) {

	}

}
