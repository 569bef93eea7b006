package io.github.srsr.boot.cloud;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import io.github.srsr.boot.lookup.SrsrServiceLookup;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.util.Assert;

/**
 * The instances of one service for Spring Cloud LoadBalancer: the instance set of
 * {@link SrsrServiceLookup#lookupAll(String)}, read on every request. The set is already in
 * memory and refreshed in the background, so no caching supplier goes around this one: a cache
 * would only keep a departed instance in the list longer.
 * <p>
 * The first request for a name samples the registry; on a non-blocking thread (an event loop)
 * requests therefore run on Reactor's bounded elastic scheduler.
 */
final class SrsrServiceInstanceListSupplier implements ServiceInstanceListSupplier {

	private final String serviceId;

	private final SrsrServiceLookup lookup;

	SrsrServiceInstanceListSupplier(String serviceId, SrsrServiceLookup lookup) {
		Assert.hasText(serviceId, "'serviceId' must not be empty");
		Assert.notNull(lookup, "'lookup' must not be null");
		this.serviceId = serviceId;
		this.lookup = lookup;
	}

	@Override
	public String getServiceId() {
		return this.serviceId;
	}

	@Override
	public Flux<List<ServiceInstance>> get() {
		return Flux.defer(() -> {
			if (Schedulers.isInNonBlockingThread()) {
				return Flux.defer(this::instances).subscribeOn(Schedulers.boundedElastic());
			}
			return instances();
		});
	}

	private Flux<List<ServiceInstance>> instances() {
		return Flux.just(SrsrDiscoveryClient.instances(this.lookup, this.serviceId));
	}

	@Override
	public String toString() {
		return "SrsrServiceInstanceListSupplier[" + this.serviceId + "]";
	}

}
