package io.github.srsr.boot.registration;

import java.net.URI;
import java.net.URISyntaxException;

import org.jspecify.annotations.Nullable;

import io.github.srsr.client.ServiceRegistrationRequest;

import org.springframework.util.Assert;

/**
 * What this application registers as: a name, and optionally an address and a port. When neither
 * the address nor the port names a port, the port of the running web server is sent on its own.
 *
 * @param name the service name
 * @param address the address, or {@code null} to let the registry use the caller's IP
 * @param port the port to send on its own, or {@code null}
 */
public record SrsrService(String name, @Nullable String address, @Nullable Integer port) {

	public SrsrService {
		Assert.hasText(name, "'name' must not be empty");
		Assert.isTrue(port == null || address == null || !hasPort(address),
				"A port must not be given both in the address and on its own");
	}

	/**
	 * Build the registration request.
	 * @param webServerPort the port the application's web server listens on, or {@code null}
	 * @return the request to send to the registry
	 */
	public ServiceRegistrationRequest toRequest(@Nullable Integer webServerPort) {
		Integer portToSend = this.port;
		if (portToSend == null && (this.address == null || !hasPort(this.address))) {
			portToSend = webServerPort;
		}
		return new ServiceRegistrationRequest(this.name, this.address, portToSend);
	}

	/**
	 * Describe the address the registry will register for a request, as far as the client can
	 * tell: the host is the caller's IP as the registry sees it when no address is sent.
	 * @param request the request
	 * @return a description such as {@code http://10.0.0.5:8080} or
	 * {@code http://<caller ip>:8080}
	 */
	public static String describeAddress(ServiceRegistrationRequest request) {
		String base = (request.address() != null) ? request.address() : "http://<caller ip>";
		return (request.port() != null) ? base + ":" + request.port() : base;
	}

	/**
	 * Return whether an address is an absolute {@code http} or {@code https} URI with a host, the
	 * only addresses worth registering; a host name that {@link URI} does not parse as one (with
	 * an underscore, as container names have) counts.
	 * @param address the address
	 * @return whether it is an http(s) address with a host
	 */
	public static boolean isHttpAddress(String address) {
		URI uri = parse(address);
		return uri != null && uri.getScheme() != null
				&& (uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
				&& !host(uri).isEmpty();
	}

	/**
	 * Return whether an address names a port ({@code http://host:8080}).
	 * @param address the address
	 * @return whether it carries a port
	 */
	public static boolean hasPort(String address) {
		URI uri = parse(address);
		return uri != null && port(uri) != -1;
	}

	/**
	 * Return the host of an address, also where {@link URI} finds none because the host name has
	 * characters it does not accept (such as {@code _}).
	 * @param address the address
	 * @return the host, empty if there is none
	 */
	public static String host(URI address) {
		if (address.getHost() != null) {
			return address.getHost();
		}
		String hostAndPort = hostAndPort(address);
		int colon = portSeparator(hostAndPort);
		return (colon < 0) ? hostAndPort : hostAndPort.substring(0, colon);
	}

	/**
	 * Return the port of an address, also where {@link URI} finds no host (see {@link #host}).
	 * @param address the address
	 * @return the port, or {@code -1} if it names none
	 */
	public static int port(URI address) {
		if (address.getPort() != -1 || address.getHost() != null) {
			return address.getPort();
		}
		String hostAndPort = hostAndPort(address);
		int colon = portSeparator(hostAndPort);
		return (colon < 0) ? -1 : Integer.parseInt(hostAndPort.substring(colon + 1));
	}

	private static String hostAndPort(URI address) {
		String authority = (address.getRawAuthority() != null) ? address.getRawAuthority() : "";
		return authority.substring(authority.lastIndexOf('@') + 1);
	}

	private static int portSeparator(String hostAndPort) {
		return hostAndPort.matches(".*:\\d{1,5}$") ? hostAndPort.lastIndexOf(':') : -1;
	}

	private static @Nullable URI parse(String address) {
		try {
			return new URI(address.trim());
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

}
