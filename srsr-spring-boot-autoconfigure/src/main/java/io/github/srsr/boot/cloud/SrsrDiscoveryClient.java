package io.github.srsr.boot.cloud;

import java.net.URI;
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
 * srsr's {@code /lookup} answers one address, picked at random among the instances registered
 * under the name. {@link #getInstances(String)} returns every instance the lookup's instance set
 * knows ({@link SrsrServiceLookup#lookupAll(String)}: learned by sampling those random answers,
 * refreshed in the background, served from memory), so that the load balancer spreads calls over
 * all of them; with {@code srsr.discovery.enabled=false} it returns the one instance the registry
 * picked for this call. srsr cannot list service names: {@link #getServices()} returns only what
 * this application knows to be registered, its own name while its registration is up.
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
	 * Return every instance known of a service, one per address. The first call for a name
	 * samples the registry on the calling thread; later calls are answered from memory.
	 * @param serviceId the name the service registered under
	 * @return the instances, none if nothing is registered under the name
	 * @throws SrsrClientException if the registry could not answer the first lookup of a name
	 */
	@Override
	public List<ServiceInstance> getInstances(String serviceId) {
		return instances(this.lookup, serviceId);
	}

	static List<ServiceInstance> instances(SrsrServiceLookup lookup, String serviceId) {
		List<URI> addresses = lookup.lookupAll(serviceId);
		if (addresses.isEmpty()) {
			return List.of();
		}
		ServiceInstance[] instances = new ServiceInstance[addresses.size()];
		for (int i = 0; i < instances.length; i++) {
			instances[i] = new SrsrServiceInstance(serviceId, addresses.get(i));
		}
		return List.of(instances);
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
