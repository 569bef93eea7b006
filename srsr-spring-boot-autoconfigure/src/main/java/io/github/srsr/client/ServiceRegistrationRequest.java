package io.github.srsr.client;

import java.net.URI;
import java.net.URISyntaxException;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What an srsr {@code /register} request carries. The registry builds the registered address
 * from {@code address} and {@code port}: the address as given, {@code http://<caller ip>:<port>}
 * when only the port is given, or the address with {@code ":" + port} appended when both are
 * given (which is why a port must never be in both).
 *
 * @param name the service name, never empty
 * @param address the service address such as {@code http://10.0.0.5:8080}, or {@code null} to let
 * the registry use the caller's IP
 * @param port the port sent on its own, or {@code null}
 */
public record ServiceRegistrationRequest(String name, @Nullable String address, @Nullable Integer port) {

	public ServiceRegistrationRequest {
		Assert.hasText(name, "'name' must not be empty");
		Assert.isTrue(port == null || (port > 0 && port <= 65535), "'port' must be between 1 and 65535");
	}

	/**
	 * Return this request with a port when neither the address nor the port names one, such as
	 * the port the application's web server bound: sent on its own, or, for an address with a
	 * path ({@code http://10.0.0.5/ctx}), put into the address before the path, since the registry
	 * appends a port sent on its own to the end of the address.
	 * @param defaultPort the port, or {@code null}
	 * @return the request to send
	 */
	public ServiceRegistrationRequest withDefaultPort(@Nullable Integer defaultPort) {
		boolean named = this.port != null || (this.address != null && hasPort(this.address));
		if (named || defaultPort == null) {
			return this;
		}
		if (this.address != null && hasPath(this.address)) {
			String address = this.address.trim();
			int path = address.indexOf('/', address.indexOf("//") + 2);
			return new ServiceRegistrationRequest(this.name,
					address.substring(0, path) + ":" + defaultPort + address.substring(path), null);
		}
		return new ServiceRegistrationRequest(this.name, this.address, defaultPort);
	}

	/**
	 * Describe the address the registry will register, as far as a client can tell: the host is
	 * the caller's IP as the registry sees it when no address is sent.
	 * @return a description such as {@code http://10.0.0.5:8080} or
	 * {@code http://<caller ip>:8080}
	 */
	public String describeAddress() {
		String base = (this.address != null) ? this.address : "http://<caller ip>";
		return (this.port != null) ? base + ":" + this.port : base;
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
	 * Return whether an address has a path beyond {@code /} ({@code http://host/ctx}), after
	 * which the registry would append a port sent on its own.
	 * @param address the address
	 * @return whether it carries a path
	 */
	public static boolean hasPath(String address) {
		URI uri = parse(address);
		return uri != null && uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/");
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
