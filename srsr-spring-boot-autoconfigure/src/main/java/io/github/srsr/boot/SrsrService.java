package io.github.srsr.boot;

import java.net.URI;

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
	 * Return whether an address names a port ({@code http://host:8080}).
	 * @param address the address
	 * @return whether it carries a port
	 */
	public static boolean hasPort(String address) {
		try {
			URI uri = new URI(address.trim());
			if (uri.getHost() != null) {
				return uri.getPort() != -1;
			}
			String authority = uri.getRawAuthority();
			// Registry-based authorities (no parsable host) still count when they end in :digits.
			return authority != null && authority.matches(".*:\\d+$");
		}
		catch (Exception ex) {
			return false;
		}
	}

}
