package io.github.srsr.boot.cloud;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.client.ServiceRegistrationRequest;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.util.Assert;

/**
 * This application's {@link SrsrRegistration} seen as a Spring Cloud {@link Registration}, read
 * live from the registration's status.
 * <p>
 * The instance id is the one the registry assigned, {@code null} while not registered. When
 * {@code srsr.service.address} is set, host and port come from it; when only a port is sent, the
 * registry builds the address from the caller's IP as it sees it, which this application cannot
 * know for sure: the host is then this machine's first non-loopback address (the given supplier).
 * <p>
 * While the registration is inactive for want of a service name, the service id is empty and the
 * instance id {@code null}: Spring Cloud sees an instance that is never registered.
 */
class SrsrCloudRegistration implements Registration {

	private static final String CALLER_IP = "<caller ip>";

	private final SrsrRegistration registration;

	private final Supplier<String> localAddress;

	/**
	 * Create an adapter.
	 * @param registration the registration
	 * @param localAddress supplies this machine's address as the registry probably sees it, for
	 * registrations without an address of their own
	 */
	public SrsrCloudRegistration(SrsrRegistration registration, Supplier<String> localAddress) {
		Assert.notNull(registration, "'registration' must not be null");
		Assert.notNull(localAddress, "'localAddress' must not be null");
		this.registration = registration;
		this.localAddress = localAddress;
	}

	/**
	 * Return the registration this adapter reads and controls.
	 * @return the registration
	 */
	public SrsrRegistration getRegistration() {
		return this.registration;
	}

	@Override
	public @Nullable String getInstanceId() {
		return this.registration.getStatus().instanceId();
	}

	@Override
	public String getServiceId() {
		ServiceRegistrationRequest service = service();
		return (service != null) ? service.name() : "";
	}

	@Override
	public String getHost() {
		return address().getHost();
	}

	@Override
	public int getPort() {
		return address().getPort();
	}

	@Override
	public boolean isSecure() {
		return address().isSecure();
	}

	@Override
	public URI getUri() {
		return ServiceInstance.createUri(this);
	}

	@Override
	public Map<String, String> getMetadata() {
		return Map.of();
	}

	@Override
	public String getScheme() {
		return address().getScheme();
	}

	/**
	 * The address sent to the registry, or before the first registration the configured one,
	 * with the caller IP filled in.
	 */
	private SrsrServiceInstance address() {
		String address = this.registration.getStatus().address();
		if (address == null) {
			ServiceRegistrationRequest service = service();
			address = (service != null) ? service.describeAddress() : "http://" + CALLER_IP;
		}
		address = address.replace(CALLER_IP, this.localAddress.get());
		// Only host, port and scheme are read from it: an inactive registration has no service id.
		String serviceId = (service() != null) ? getServiceId() : "inactive";
		try {
			return new SrsrServiceInstance(serviceId, new URI(address.trim()));
		}
		catch (URISyntaxException ex) {
			return new SrsrServiceInstance(serviceId, URI.create("http://" + this.localAddress.get()));
		}
	}

	private @Nullable ServiceRegistrationRequest service() {
		return this.registration.getService();
	}

	@Override
	public String toString() {
		return "SrsrCloudRegistration[" + getServiceId() + ", instance " + getInstanceId() + "]";
	}

}
