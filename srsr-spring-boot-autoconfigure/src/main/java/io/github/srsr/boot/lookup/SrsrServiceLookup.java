package io.github.srsr.boot.lookup;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import io.github.srsr.client.SrsrClientException;

/**
 * Finds the address of a service registered with srsr.
 * <p>
 * srsr answers a lookup with one address: when several instances are registered under the name,
 * the registry picks one at random on each lookup. It cannot list every instance of a service;
 * {@link #lookupAll(String)} answers what sampling those random answers has shown.
 *
 * @see DefaultSrsrServiceLookup
 */
@FunctionalInterface
public interface SrsrServiceLookup {

	/**
	 * Find the address of a service.
	 * @param serviceName the name the service registered under, never empty
	 * @return the address the registry picked, such as {@code http://10.0.0.5:8080}, or empty if
	 * nothing is registered under the name
	 * @throws IllegalArgumentException if the name is {@code null} or empty; the registry is not
	 * asked
	 * @throws SrsrClientException if the registry could not answer:
	 * {@link io.github.srsr.client.SrsrRegistryUnreachableException},
	 * {@link io.github.srsr.client.SrsrRequestRejectedException},
	 * {@link io.github.srsr.client.SrsrInvalidResponseException}, or
	 * {@link SrsrLookupCircuitOpenException} while lookups fail fast
	 */
	Optional<URI> lookup(String serviceName);

	/**
	 * Find every live instance of a service, as far as srsr's random lookups show them.
	 * {@link DefaultSrsrServiceLookup} learns them by sampling in the background and answers from
	 * memory; this default answers the one address of {@link #lookup(String)}.
	 * @param serviceName the name the service registered under, never empty
	 * @return the addresses, empty if nothing is registered under the name
	 * @throws IllegalArgumentException if the name is {@code null} or empty; the registry is not
	 * asked
	 * @throws SrsrClientException if the registry could not answer; an implementation that
	 * answers from memory throws it only while it knows nothing of the name yet
	 */
	default List<URI> lookupAll(String serviceName) {
		return lookup(serviceName).map(List::of).orElse(List.of());
	}

}
