package io.github.srsr.client;

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

}
