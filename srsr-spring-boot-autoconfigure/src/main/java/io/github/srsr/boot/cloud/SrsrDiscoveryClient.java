package io.github.srsr.boot.cloud;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.boot.registration.SrsrRegistrationStatus;
import io.github.srsr.boot.lookup.SrsrServiceLookup;
import io.github.srsr.client.SrsrClientException;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.util.Assert;

/**
 * {@link DiscoveryClient} backed by {@link SrsrServiceLookup}, so that Spring Cloud LoadBalancer
 * ({@code @LoadBalanced} clients) and other discovery users find services through srsr.
 * <p>
 * srsr cannot list instances: its {@code /lookup} answers one address, picked at random among the
 * instances registered under the name. {@link #getInstances(String)} therefore returns at most one
 * instance, the one the registry picked for this call; load is spread across instances by the
 * registry's random pick per lookup, not by the load balancer. Nor can srsr list service names:
 * {@link #getServices()} returns only what this application knows to be registered, its own name
 * while its registration is up.
 */
class SrsrDiscoveryClient implements DiscoveryClient {

	/**
	 * Description of this client, as shown in the discovery health indicator.
	 */
	public static final String DESCRIPTION = "srsr Discovery Client";

	private final SrsrServiceLookup lookup;

	private final @Nullable SrsrRegistration registration;

	/**
	 * Create a client.
	 * @param lookup the lookup to find services with
	 * @param registration this application's registration, or {@code null} when it does not
	 * register
	 */
	public SrsrDiscoveryClient(SrsrServiceLookup lookup, @Nullable SrsrRegistration registration) {
		Assert.notNull(lookup, "'lookup' must not be null");
		this.lookup = lookup;
		this.registration = registration;
	}

	@Override
	public String description() {
		return DESCRIPTION;
	}

	/**
	 * Return the instance the registry picks for this lookup.
	 * @param serviceId the name the service registered under
	 * @return one instance, or none if nothing is registered under the name
	 * @throws SrsrClientException if the registry could not answer
	 */
	@Override
	public List<ServiceInstance> getInstances(String serviceId) {
		return this.lookup.lookup(serviceId)
			.<List<ServiceInstance>>map((uri) -> List.of(new SrsrServiceInstance(serviceId, uri)))
			.orElse(List.of());
	}

	/**
	 * Return this application's own service name while it is registered, otherwise nothing: srsr
	 * has no way to list the services registered with it. Never calls the registry.
	 * @return this application's name while registered, or an empty list
	 */
	@Override
	public List<String> getServices() {
		if (this.registration == null) {
			return List.of();
		}
		SrsrRegistrationStatus status = this.registration.getStatus();
		String serviceName = status.serviceName();
		return (status.state() == SrsrRegistrationStatus.State.REGISTERED && serviceName != null)
				? List.of(serviceName) : List.of();
	}

}
