package io.github.srsr.boot.cloud;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.boot.lookup.SrsrServiceLookup;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;

/**
 * {@link ReactiveDiscoveryClient} backed by {@link SrsrServiceLookup}: the reactive counterpart
 * of {@link SrsrDiscoveryClient}, with the same answers (every instance known of a name; this
 * application's own name, and with the service catalog every service listed there, as services).
 * The first request for a name, or for the catalog's services, blocks on HTTP, so requests run on
 * Reactor's bounded elastic scheduler, never on the caller's event loop.
 */
class SrsrReactiveDiscoveryClient implements ReactiveDiscoveryClient {

	private final SrsrDiscoveryClient delegate;

	/**
	 * Create a client.
	 * @param lookup the lookup to find services with
	 * @param registration this application's registration, or {@code null} when it does not
	 * register
	 */
	public SrsrReactiveDiscoveryClient(SrsrServiceLookup lookup, @Nullable SrsrRegistration registration) {
		this(lookup, registration, false);
	}

	/**
	 * Create a client.
	 * @param lookup the lookup to find services with
	 * @param registration this application's registration, or {@code null} when it does not
	 * register
	 * @param catalog whether {@link #getServices()} lists the service catalog's services
	 */
	public SrsrReactiveDiscoveryClient(SrsrServiceLookup lookup, @Nullable SrsrRegistration registration,
			boolean catalog) {
		this.delegate = new SrsrDiscoveryClient(lookup, registration, catalog);
	}

	@Override
	public String description() {
		return SrsrDiscoveryClient.DESCRIPTION;
	}

	/**
	 * Return every instance known of a service, on subscription.
	 * @param serviceId the name the service registered under
	 * @return the instances, none if nothing is registered under the name, or an
	 * {@link io.github.srsr.client.SrsrClientException} error if the registry could not answer
	 * the first lookup of the name
	 */
	@Override
	public Flux<ServiceInstance> getInstances(String serviceId) {
		return Flux.defer(() -> Flux.fromIterable(this.delegate.getInstances(serviceId)))
			.subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * Return this application's own service name while it is registered and, with the service
	 * catalog, every service listed there, on subscription.
	 * @return the service names
	 * @see SrsrDiscoveryClient#getServices()
	 */
	@Override
	public Flux<String> getServices() {
		Flux<String> services = Flux.defer(() -> Flux.fromIterable(this.delegate.getServices()));
		// Only the catalog calls the registry.
		return this.delegate.readsCatalog() ? services.subscribeOn(Schedulers.boundedElastic()) : services;
	}

}
