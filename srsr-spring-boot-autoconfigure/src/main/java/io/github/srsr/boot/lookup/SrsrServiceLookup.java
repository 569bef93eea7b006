package io.github.srsr.boot.lookup;

import java.net.URI;
import java.util.Optional;

import io.github.srsr.client.SrsrClientException;

/**
 * Finds the address of a service registered with srsr.
 * <p>
 * srsr answers a lookup with one address: when several instances are registered under the name,
 * the registry picks one at random on each lookup. It cannot list every instance of a service.
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

}
