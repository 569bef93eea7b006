package io.github.srsr.boot.cloud;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.boot.registration.SrsrRegistrationStatus;
import io.github.srsr.boot.lookup.DefaultSrsrServiceLookup;
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
 * picked for this call. srsr cannot list service names: {@link #getServices()} returns what this
 * application knows to be registered, its own name while its registration is up, and with the
 * service catalog ({@code srsr.discovery.catalog.enabled}) every service listed there
 * ({@link DefaultSrsrServiceLookup#getServices()}).
 */
class SrsrDiscoveryClient implements DiscoveryClient {

	/**
	 * Description of this client, as shown in the discovery health indicator.
	 */
	public static final String DESCRIPTION = "srsr Discovery Client";

	private final SrsrServiceLookup lookup;

	private final @Nullable SrsrRegistration registration;

	private final @Nullable DefaultSrsrServiceLookup catalog;

	/**
	 * Create a client without the service catalog.
	 * @param lookup the lookup to find services with
	 * @param registration this application's registration, or {@code null} when it does not
	 * register
	 */
	public SrsrDiscoveryClient(SrsrServiceLookup lookup, @Nullable SrsrRegistration registration) {
		this(lookup, registration, false);
	}

	/**
	 * Create a client.
	 * @param lookup the lookup to find services with
	 * @param registration this application's registration, or {@code null} when it does not
	 * register
	 * @param catalog whether {@link #getServices()} lists the service catalog's services (only a
	 * {@link DefaultSrsrServiceLookup} reads it)
	 */
	public SrsrDiscoveryClient(SrsrServiceLookup lookup, @Nullable SrsrRegistration registration, boolean catalog) {
		Assert.notNull(lookup, "'lookup' must not be null");
		this.lookup = lookup;
		this.registration = registration;
		this.catalog = (catalog && lookup instanceof DefaultSrsrServiceLookup defaultLookup) ? defaultLookup : null;
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
	 * Return this application's own service name while it is registered and, with the service
	 * catalog, every service listed there (from memory once sampled; the first call samples the
	 * catalog on the calling thread). Without the catalog, srsr has no way to list the services
	 * registered with it, and this never calls the registry.
	 * @return the service names, or an empty list
	 * @throws SrsrClientException with the catalog, if the registry could not answer its first
	 * lookup
	 */
	@Override
	public List<String> getServices() {
		String own = ownName();
		if (this.catalog == null) {
			return (own != null) ? List.of(own) : List.of();
		}
		List<String> services = this.catalog.getServices();
		if (own == null || services.contains(own)) {
			return services;
		}
		List<String> withOwn = new ArrayList<>(services.size() + 1);
		withOwn.add(own);
		withOwn.addAll(services);
		return withOwn;
	}

	boolean readsCatalog() {
		return this.catalog != null;
	}

	private @Nullable String ownName() {
		if (this.registration == null) {
			return null;
		}
		SrsrRegistrationStatus status = this.registration.getStatus();
		String serviceName = status.serviceName();
		return (status.state() == SrsrRegistrationStatus.State.REGISTERED) ? serviceName : null;
	}

}
