package io.github.srsr.boot.cloud;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.github.srsr.client.ServiceRegistrationRequest;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.util.Assert;

/**
 * A service instance as srsr's {@code /lookup} returns it: a service name and one address. srsr
 * does not reveal the id of the instance it picked, so the address stands in for the instance id;
 * there is no metadata. A port missing from the address is the default port of its scheme.
 */
final class SrsrServiceInstance implements ServiceInstance {

	private final String serviceId;

	private final URI uri;

	/**
	 * Create an instance.
	 * @param serviceId the name the service registered under
	 * @param uri the address the registry answered, such as {@code http://10.0.0.5:8080}
	 */
	public SrsrServiceInstance(String serviceId, URI uri) {
		Assert.hasText(serviceId, "'serviceId' must not be empty");
		Assert.notNull(uri, "'uri' must not be null");
		this.serviceId = serviceId;
		this.uri = uri;
	}

	/**
	 * Return the address, which srsr uses to tell instances apart on lookup.
	 * @return the address
	 */
	@Override
	public String getInstanceId() {
		return this.uri.toString();
	}

	@Override
	public String getServiceId() {
		return this.serviceId;
	}

	@Override
	public String getHost() {
		return ServiceRegistrationRequest.host(this.uri);
	}

	@Override
	public int getPort() {
		int port = ServiceRegistrationRequest.port(this.uri);
		if (port != -1) {
			return port;
		}
		return isSecure() ? 443 : 80;
	}

	@Override
	public boolean isSecure() {
		return "https".equals(getScheme());
	}

	/**
	 * Return the address exactly as the registry answered it.
	 * @return the address
	 */
	@Override
	public URI getUri() {
		return this.uri;
	}

	@Override
	public Map<String, String> getMetadata() {
		return Map.of();
	}

	@Override
	public String getScheme() {
		return (this.uri.getScheme() != null) ? this.uri.getScheme().toLowerCase(Locale.ROOT) : "http";
	}

	@Override
	public boolean equals(Object other) {
		return (this == other) || (other instanceof SrsrServiceInstance that && this.serviceId.equals(that.serviceId)
				&& this.uri.equals(that.uri));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.serviceId, this.uri);
	}

	@Override
	public String toString() {
		return "SrsrServiceInstance[" + this.serviceId + " at " + this.uri + "]";
	}

}
