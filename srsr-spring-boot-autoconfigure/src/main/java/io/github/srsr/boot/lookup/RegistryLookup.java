package io.github.srsr.boot.lookup;

import java.net.URI;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.SrsrRegistry;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.client.SrsrClientException;
import io.github.srsr.client.SrsrRegistryUnreachableException;
import io.github.srsr.client.SrsrRequestRejectedException;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * Lookups in one registry: its circuit breaker around its retries. Thread-safe.
 */
final class RegistryLookup {

	private final SrsrRegistry registry;

	private final @Nullable RetryPolicy retryPolicy;

	private final @Nullable LookupCircuitBreaker circuitBreaker;

	RegistryLookup(SrsrRegistry registry, @Nullable RetryPolicy retryPolicy,
			@Nullable LookupCircuitBreaker circuitBreaker) {
		this.registry = registry;
		this.retryPolicy = retryPolicy;
		this.circuitBreaker = circuitBreaker;
	}

	Optional<URI> lookup(String serviceName) {
		LookupCircuitBreaker circuitBreaker = this.circuitBreaker;
		if (circuitBreaker == null) {
			return ask(serviceName);
		}
		circuitBreaker.acquirePermission(serviceName);
		Optional<URI> address;
		try {
			address = ask(serviceName);
		}
		catch (RuntimeException | Error ex) {
			// Always settled, so that a half-open circuit never waits for a trial that ended.
			if (ex instanceof SrsrClientException clientException && isRegistryDown(clientException)) {
				circuitBreaker.onRegistryFailure(clientException);
			}
			else {
				circuitBreaker.onAnswered();
			}
			throw ex;
		}
		circuitBreaker.onAnswered();
		return address;
	}

	/**
	 * Ask the registry once; only when that attempt fails is a {@link RetryTemplate}, with
	 * its state, back-off and listener, set up. The retry policy then sees that first failure
	 * as the {@link RetryTemplate} would have seen it, so the outcome is the same; only a
	 * {@linkplain RetryPolicy#getTimeout() timeout} of the policy counts from the first
	 * failure rather than from the first attempt.
	 */
	private Optional<URI> ask(String serviceName) {
		SrsrClient client = this.registry.client();
		try {
			return client.lookup(serviceName);
		}
		catch (RuntimeException ex) {
			if (this.retryPolicy == null) {
				throw ex;
			}
			return retry(this.retryPolicy, client, serviceName, ex);
		}
	}

	private Optional<URI> retry(RetryPolicy retryPolicy, SrsrClient client, String serviceName,
			RuntimeException firstFailure) {
		try {
			return new RetryTemplate(retryPolicy).execute(new Retryable<>() {

				private boolean first = true;

				@Override
				public Optional<URI> execute() {
					if (this.first) {
						// The attempt already made: the template's initial attempt is that one.
						this.first = false;
						throw firstFailure;
					}
					return client.lookup(serviceName);
				}

				@Override
				public String getName() {
					return "lookup of '" + serviceName + "' in srsr registry " + RegistryLookup.this.registry.name();
				}

			});
		}
		catch (RetryException ex) {
			Throwable last = ex.getCause();
			if (last instanceof RuntimeException runtimeException) {
				throw runtimeException;
			}
			if (last instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(ex.getMessage(), last);
		}
	}

	private static boolean isRegistryDown(SrsrClientException ex) {
		return ex instanceof SrsrRegistryUnreachableException
				|| (ex instanceof SrsrRequestRejectedException rejected && rejected.getStatusCode() >= 500);
	}

}
