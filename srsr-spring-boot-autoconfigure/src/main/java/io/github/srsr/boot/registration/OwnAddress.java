package io.github.srsr.boot.registration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.github.srsr.client.ServiceRegistrationRequest;

/**
 * How lookup answers show this instance at one registry, for the streak of {@link LookupHealing}:
 * the address of what it registered, as srsr builds it, compared without case in the scheme and
 * host and without a trailing slash. When the request sent only a port (or nothing), the registry
 * puts in the caller's IP as it sees it, and the host is learnt from the first answer that shows
 * the own port (see {@link #isShownBy}), with the help of a probe that {@link LookupHealing} makes.
 * <p>
 * Used only within {@link RegistryCalls}, one call at a time; not thread-safe otherwise.
 */
final class OwnAddress {

	// Shows the address the registry gives a request of only this port (or of nothing); empty
	// when it could not tell.
	private final Function<@Nullable Integer, Optional<URI>> probe;

	private @Nullable ServiceRegistrationRequest registered;

	private Address address = Address.ANY;

	// Only a port (or nothing) was sent, and the host the registry put in is not known yet.
	private boolean hostToLearn;

	OwnAddress(Function<@Nullable Integer, Optional<URI>> probe) {
		this.probe = probe;
	}

	/**
	 * Take the address of a request about to be registered, unless it is the one registered.
	 * @param request what is registered
	 */
	void registering(ServiceRegistrationRequest request) {
		if (!request.equals(this.registered)) {
			this.registered = request;
			this.address = Address.of(request);
			this.hostToLearn = request.address() == null;
		}
	}

	/**
	 * Return whether an address a lookup showed is this instance's, learning the host first if
	 * it is still to be learnt and the address could be this instance's.
	 * @param seen the address a lookup of the own name showed
	 * @return whether it is this instance's
	 */
	boolean isShownBy(URI seen) {
		Address address = Address.of(seen);
		if (this.hostToLearn && this.address.matches(address)) {
			learnHost(address);
		}
		return this.address.matches(address);
	}

	/**
	 * Stop comparing: every address is taken for this instance's from now on, until another
	 * request is registered.
	 */
	void stopComparing() {
		this.address = Address.ANY;
	}

	/**
	 * Learn the host the registry put in the address of a request that sent only a port (or
	 * nothing): the caller's IP as the registry sees it. An address with the own port and an IP of
	 * this host is this instance's (no other process here has that port). One with another host
	 * may be another instance's, or this one's behind a proxy or NAT: the probe shows which. Tried
	 * once per request; without an answer only the port is compared, which never takes a listed
	 * instance for left out, but misses one left out while another host with its port is listed.
	 */
	private void learnHost(Address seen) {
		this.hostToLearn = false;
		if (isLocal(seen.host())) {
			this.address = seen;
			return;
		}
		this.probe.apply(this.registered.port()).ifPresent((address) -> this.address = Address.of(address));
	}

	// Whether a host is an IP of this machine; host names are not resolved (they count as not).
	private static boolean isLocal(@Nullable String host) {
		if (host == null || !host.matches("[0-9.]+|\\[?[0-9a-fA-F:.%\\w]*:[0-9a-fA-F:.%\\w]*\\]?")) {
			return false;
		}
		try {
			InetAddress address = InetAddress.getByName(host); // a literal: no lookup
			return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public String toString() {
		return this.address.toString();
	}

	/**
	 * An address as lookup shows it, compared without case in the scheme and host and without a
	 * trailing slash; a {@code null} host matches any host (the registry puts in the caller's IP).
	 *
	 * @param scheme the scheme, lower case
	 * @param host the host, lower case, or {@code null} for any
	 * @param port the port, {@code -1} for none
	 * @param path the path without a trailing slash
	 */
	record Address(@Nullable String scheme, @Nullable String host, int port, String path) {

		/** Matches every address: nothing known to compare with. */
		static final Address ANY = new Address(null, null, -1, "");

		static Address of(URI address) {
			String path = (address.getRawPath() != null) ? address.getRawPath() : "";
			return new Address((address.getScheme() != null) ? address.getScheme().toLowerCase(Locale.ROOT) : "",
					ServiceRegistrationRequest.host(address).toLowerCase(Locale.ROOT),
					ServiceRegistrationRequest.port(address), path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
		}

		// What the registry registers for a request, the host left open when the caller's IP is
		// put in.
		static Address of(ServiceRegistrationRequest request) {
			if (request.address() == null) {
				return new Address("http", null, (request.port() != null) ? request.port() : -1, "");
			}
			try {
				// As srsr builds it: the address as given, the port appended.
				return of(new URI(request.describeAddress()));
			}
			catch (URISyntaxException ex) {
				return ANY;
			}
		}

		boolean matches(Address seen) {
			if (this.scheme == null) {
				return true;
			}
			return this.scheme.equals(seen.scheme) && (this.host == null || this.host.equals(seen.host))
					&& this.port == seen.port && (this.host == null || this.path.equals(seen.path));
		}

		@Override
		public String toString() {
			return (this.scheme == null) ? "any address" : this.scheme + "://"
					+ ((this.host != null) ? this.host : "<caller ip>") + ((this.port != -1) ? ":" + this.port : "") + this.path;
		}

	}

}
