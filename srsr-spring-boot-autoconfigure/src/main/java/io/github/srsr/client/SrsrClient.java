package io.github.srsr.client;

import java.net.URI;
import java.util.Optional;

/**
 * Client of the four endpoints of an srsr registry.
 * <p>
 * Every method either returns the registry's answer or throws a {@link SrsrClientException}:
 * {@link SrsrRegistryUnreachableException} when no answer arrived in time,
 * {@link SrsrRequestRejectedException} when the registry answered with an error status, and
 * {@link SrsrInvalidResponseException} when the answer cannot be used.
 *
 * @see RestClientSrsrClient
 */
public interface SrsrClient {

	/**
	 * Register a service instance.
	 * @param request what to register
	 * @return the instance id the registry assigned
	 * @throws SrsrClientException if the registry did not accept the registration
	 */
	String register(ServiceRegistrationRequest request);

	/**
	 * Tell the registry that an instance is still alive.
	 * @param instanceId the id returned by {@link #register}
	 * @return {@code true} if the registry knows the instance, {@code false} if it has forgotten it
	 * (expired, deregistered or restarted) and the instance must register again
	 * @throws SrsrClientException if the registry could not be asked
	 */
	boolean heartbeat(String instanceId);

	/**
	 * Remove an instance from the registry.
	 * @param instanceId the id returned by {@link #register}
	 * @return {@code true} if the registry removed the instance, {@code false} if it did not know it
	 * @throws SrsrClientException if the registry could not be asked
	 */
	boolean deregister(String instanceId);

	/**
	 * Find the address of a service. When several instances are registered under the name, the
	 * registry picks one at random.
	 * @param serviceName the name the service registered under
	 * @return the address the registry picked, or empty if nothing is registered under the name
	 * @throws SrsrClientException if the registry could not be asked
	 */
	Optional<URI> lookup(String serviceName);

}
