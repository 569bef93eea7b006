package io.github.srsr.boot.lookup;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.SrsrRegistries;
import io.github.srsr.boot.SrsrRegistry;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.client.SrsrClientException;
import io.github.srsr.client.SrsrRegistryUnreachableException;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.util.Assert;

/**
 * {@link SrsrServiceLookup} on one or several srsr registries, with three optional layers,
 * outermost first:
 * <ol>
 * <li>a per-name cache of found addresses with a time to live and a size bound. srsr picks an
 * instance at random on each lookup, so while an address is cached every caller of that name goes
 * to the same instance, and an instance that has gone away is still returned until its entry
 * expires. "Nothing registered" is never cached, so a service that appears is found at once;</li>
 * <li>per registry, a circuit breaker: after a number of lookups in a row failed because the
 * registry is down (unreachable, or an error status of 500 or more) its lookups fail fast with
 * {@link SrsrLookupCircuitOpenException} for a cool-down; then one lookup is let through to test
 * the registry, and its success closes the circuit. A lookup counts once, after its retries.
 * Cached addresses are still served while a circuit is open;</li>
 * <li>per registry, retries with back-off, with Spring's {@link RetryTemplate}, as its
 * {@link RetryPolicy} decides; {@link #retryOnConnectionFailure} retries
 * {@link SrsrRegistryUnreachableException} only: a registry that answered, even with an error, is
 * not asked again.</li>
 * </ol>
 * <p>
 * A lookup that a registry answers at the first attempt costs that registry's client call and
 * next to nothing else: the retries are set up only after a failed attempt, and a closed circuit
 * is checked without a lock.
 * <p>
 * {@link #lookupAll(String)} serves, when built with instance sets, the live instances of each
 * name asked for, learned by sampling: lookups through the circuit breakers and retries above,
 * never through the cache, made on the caller's thread at the first call for a name, then once
 * per refresh period on one background thread ({@code srsr-discovery}, created at that first
 * call; {@link #close()} stops it). docs/architecture.md ("Instance sets") gives the rules and
 * their bounds.
 * <p>
 * With several registries ({@link SrsrRegistries}), they are asked in order until one knows the
 * name: a registry that is down, or does not know the name (it may have restarted and not yet
 * heard from the service again), passes the lookup on to the next. The answer is empty when every
 * registry answered that nothing is registered under the name; when none found it and at least one
 * failed, the first failure is thrown, the others attached as suppressed exceptions.
 * <p>
 * Thread-safe.
 */
public class DefaultSrsrServiceLookup implements SrsrServiceLookup, AutoCloseable {

	private final List<RegistryLookup> registries;

	private final @Nullable LookupCache cache;

	private final @Nullable InstanceSets instanceSets;

	/**
	 * Create a lookup on one registry, without cache, retries or circuit breaker: every lookup is
	 * one registry call.
	 * @param client the registry client
	 */
	public DefaultSrsrServiceLookup(SrsrClient client) {
		this(builder(client));
	}

	private DefaultSrsrServiceLookup(Builder builder) {
		List<RegistryLookup> registries = new ArrayList<>(builder.registries.size());
		for (SrsrRegistry registry : builder.registries) {
			LookupCircuitBreaker circuitBreaker = (builder.coolDown != null) ? new LookupCircuitBreaker(
					registry.name(), builder.failureThreshold, builder.coolDown, Clock.systemUTC()) : null;
			registries.add(new RegistryLookup(registry, builder.retryPolicy, circuitBreaker));
		}
		this.registries = List.copyOf(registries);
		this.cache = (builder.cacheTimeToLive != null)
				? new LookupCache(builder.cacheTimeToLive, builder.cacheMaxSize, Clock.systemUTC()) : null;
		this.instanceSets = (builder.refreshPeriod != null) ? new InstanceSets(this::findInRegistries,
				builder.refreshPeriod, builder.idleTime, builder.notFoundGrace, Clock.systemUTC()) : null;
	}

	/**
	 * Start building a lookup on one registry.
	 * @param client the client of the registry
	 * @return a builder
	 */
	static Builder builder(SrsrClient client) {
		Assert.notNull(client, "'client' must not be null");
		String name = (client instanceof RestClientSrsrClient restClient) ? restClient.getRegistryUrl().toString()
				: "srsr registry";
		return new Builder(List.of(new SrsrRegistry(name, client)));
	}

	/**
	 * Start building a lookup on several registries, asked in order.
	 * @param registries the registries
	 * @return a builder
	 */
	static Builder builder(SrsrRegistries registries) {
		Assert.notNull(registries, "'registries' must not be null");
		return new Builder(registries.asList());
	}

	/**
	 * Create a lookup on several registries, asked in order, with the layers the
	 * {@code srsr.lookup.*} settings describe.
	 * @param registries the registries
	 * @param cacheTimeToLive how long a found address is reused; zero turns caching off
	 * @param cacheMaxSize the most names cached at once
	 * @param retryPolicy how a lookup of each registry is retried, such as
	 * {@link #retryOnConnectionFailure}
	 * @param circuitBreakerCoolDown how long lookups of a registry fail fast after
	 * {@code circuitBreakerFailureThreshold} failed in a row, or {@code null} for no circuit breaker
	 * @param circuitBreakerFailureThreshold how many lookups in a row must fail first
	 * @return the lookup
	 */
	public static DefaultSrsrServiceLookup of(SrsrRegistries registries, Duration cacheTimeToLive, int cacheMaxSize,
			RetryPolicy retryPolicy, @Nullable Duration circuitBreakerCoolDown, int circuitBreakerFailureThreshold) {
		return builder(registries, cacheTimeToLive, cacheMaxSize, retryPolicy, circuitBreakerCoolDown,
				circuitBreakerFailureThreshold)
			.build();
	}

	/**
	 * Create a lookup on several registries, asked in order, with the layers the
	 * {@code srsr.lookup.*} settings describe and, unless {@code refreshPeriod} is {@code null},
	 * the instance sets of {@code srsr.discovery.*} behind {@link #lookupAll(String)}. Close it
	 * to stop their refresh thread.
	 * @param registries the registries
	 * @param cacheTimeToLive how long a found address is reused; zero turns caching off
	 * @param cacheMaxSize the most names cached at once
	 * @param retryPolicy how a lookup of each registry is retried, such as
	 * {@link #retryOnConnectionFailure}
	 * @param circuitBreakerCoolDown how long lookups of a registry fail fast after
	 * {@code circuitBreakerFailureThreshold} failed in a row, or {@code null} for no circuit breaker
	 * @param circuitBreakerFailureThreshold how many lookups in a row must fail first
	 * @param refreshPeriod the time between two refreshes of a name's instance set, or
	 * {@code null} for no instance sets: {@link #lookupAll(String)} then answers what
	 * {@link #lookup(String)} does
	 * @param idleTime how long a name nobody asks for is still refreshed
	 * @param notFoundGrace how long the last instance set of a name is kept while the registry
	 * answers that nothing is registered under it
	 * @return the lookup
	 */
	public static DefaultSrsrServiceLookup of(SrsrRegistries registries, Duration cacheTimeToLive, int cacheMaxSize,
			RetryPolicy retryPolicy, @Nullable Duration circuitBreakerCoolDown, int circuitBreakerFailureThreshold,
			@Nullable Duration refreshPeriod, Duration idleTime, Duration notFoundGrace) {
		Builder builder = builder(registries, cacheTimeToLive, cacheMaxSize, retryPolicy, circuitBreakerCoolDown,
				circuitBreakerFailureThreshold);
		if (refreshPeriod != null) {
			builder.instanceSets(refreshPeriod, idleTime, notFoundGrace);
		}
		return builder.build();
	}

	private static Builder builder(SrsrRegistries registries, Duration cacheTimeToLive, int cacheMaxSize,
			RetryPolicy retryPolicy, @Nullable Duration circuitBreakerCoolDown, int circuitBreakerFailureThreshold) {
		Builder builder = builder(registries).cache(cacheTimeToLive, cacheMaxSize).retry(retryPolicy);
		if (circuitBreakerCoolDown != null) {
			builder.circuitBreaker(circuitBreakerFailureThreshold, circuitBreakerCoolDown);
		}
		return builder;
	}

	/**
	 * Return a retry policy that retries connection failures
	 * ({@link SrsrRegistryUnreachableException}) only, with an exponential back-off.
	 * @param maxRetries how many times a lookup is retried, 0 for never
	 * @param initialInterval the time before the first retry
	 * @param multiplier the factor by which the time between retries grows, at least 1
	 * @param maxInterval the longest time between retries
	 * @return the policy
	 */
	public static RetryPolicy retryOnConnectionFailure(long maxRetries, Duration initialInterval, double multiplier,
			Duration maxInterval) {
		return new ConnectionFailureRetryPolicy(maxRetries, initialInterval, multiplier, maxInterval);
	}

	@Override
	public Optional<URI> lookup(String serviceName) {
		checkName(serviceName);
		if (this.cache != null) {
			URI cached = this.cache.get(serviceName);
			if (cached != null) {
				return Optional.of(cached);
			}
		}
		Optional<URI> address = findInRegistries(serviceName);
		if (this.cache != null && address.isPresent()) {
			this.cache.put(serviceName, address.get());
		}
		return address;
	}

	/**
	 * Find every live instance of a service, as far as srsr's random lookups show them. With
	 * instance sets (the {@code srsr.discovery.*} settings), the first call for a name samples it
	 * with as many lookups as it takes to see every instance with high probability and registers
	 * the name for refreshes in the background; later calls are answered from memory, and never
	 * throw. Without them, this is the answer of {@link #lookup(String)} as a list. The heal's
	 * side names ({@code <name>#srsr-generation}, {@code <name>#srsr-address-<random>}) have no
	 * instances.
	 * @param serviceName the name the service registered under, never empty
	 * @return the addresses, in the order first seen, empty if none is known
	 * @throws IllegalArgumentException if the name is {@code null} or empty
	 * @throws SrsrClientException only at the first call for a name, if its first lookup failed
	 */
	@Override
	public List<URI> lookupAll(String serviceName) {
		checkName(serviceName);
		if (InstanceSets.isSideName(serviceName)) {
			return List.of();
		}
		if (this.instanceSets != null) {
			return this.instanceSets.get(serviceName);
		}
		return lookup(serviceName).map(List::of).orElse(List.of());
	}

	/**
	 * Return the services listed in the service catalog ({@code srsr.discovery.catalog.enabled}:
	 * every instance of this starter that registers with it on holds an entry there), learned by
	 * sampling the catalog as an instance set is sampled: the first call samples it on the calling
	 * thread, later ones are answered from memory while it is refreshed in the background. A
	 * service stays listed for the instance sets' not-found grace after its last entry was seen,
	 * so that srsr's removal of the whole catalog, which every departure causes, does not show.
	 * Without instance sets, nothing is listed and nothing is looked up.
	 * @return the service names, sorted; empty when none is listed
	 * @throws SrsrClientException only at the first call, if its first lookup failed
	 */
	public List<String> getServices() {
		return (this.instanceSets != null) ? this.instanceSets.services() : List.of();
	}

	/**
	 * Return the instance sets known, one per name in use, sorted by name; none while nobody
	 * called {@link #lookupAll(String)} or without instance sets.
	 * @return the sets
	 */
	public List<SrsrInstanceSet> getInstanceSets() {
		return (this.instanceSets != null) ? this.instanceSets.sets() : List.of();
	}

	/**
	 * Return how many lookups the instance sets have made so far.
	 * @return the count, 0 without instance sets
	 */
	public long getInstanceSetLookups() {
		return (this.instanceSets != null) ? this.instanceSets.lookups() : 0;
	}

	/**
	 * Stop refreshing instance sets: the refresh thread ends. Lookups keep working.
	 */
	@Override
	public void close() {
		if (this.instanceSets != null) {
			this.instanceSets.close();
		}
	}

	private static void checkName(@Nullable String serviceName) {
		if (serviceName == null || serviceName.isBlank()) {
			throw new IllegalArgumentException("A service name is needed to look a service up in srsr, but it was "
					+ ((serviceName != null) ? "'" + serviceName + "'" : "null"));
		}
	}

	/**
	 * Ask the registries in order, without the cache.
	 */
	private Optional<URI> findInRegistries(String serviceName) {
		// Failures are collected only once there is one: a lookup that succeeds allocates nothing here.
		SrsrClientException firstFailure = null;
		List<SrsrClientException> otherFailures = null;
		for (RegistryLookup registry : this.registries) {
			Optional<URI> address;
			try {
				address = registry.lookup(serviceName);
			}
			catch (SrsrClientException ex) {
				if (firstFailure == null) {
					firstFailure = ex;
				}
				else {
					if (otherFailures == null) {
						otherFailures = new ArrayList<>();
					}
					otherFailures.add(ex);
				}
				continue;
			}
			if (address.isPresent()) {
				return address;
			}
		}
		if (firstFailure == null) {
			return Optional.empty();
		}
		if (otherFailures != null) {
			otherFailures.forEach(firstFailure::addSuppressed);
		}
		throw firstFailure;
	}

	/**
	 * Builds a {@link DefaultSrsrServiceLookup}; without any setting, every lookup is one call per
	 * registry asked.
	 */
	static final class Builder {

		private final List<SrsrRegistry> registries;

		private @Nullable Duration cacheTimeToLive;

		private int cacheMaxSize;

		private @Nullable RetryPolicy retryPolicy;

		private int failureThreshold;

		private @Nullable Duration coolDown;

		private @Nullable Duration refreshPeriod;

		private Duration idleTime = Duration.ofSeconds(60);

		private Duration notFoundGrace = Duration.ofSeconds(30);

		private Builder(List<SrsrRegistry> registries) {
			Assert.notEmpty(registries, "'registries' must not be empty");
			this.registries = List.copyOf(registries);
		}

		/**
		 * Cache found addresses per name.
		 * @param timeToLive how long an address is reused; zero turns caching off
		 * @param maxSize the most names cached at once; the least recently used goes first
		 * @return this builder
		 */
		public Builder cache(Duration timeToLive, int maxSize) {
			Assert.notNull(timeToLive, "'timeToLive' must not be null");
			Assert.isTrue(!timeToLive.isNegative(), "'timeToLive' must not be negative");
			Assert.isTrue(maxSize > 0, "'maxSize' must be positive");
			this.cacheTimeToLive = timeToLive.isZero() ? null : timeToLive;
			this.cacheMaxSize = maxSize;
			return this;
		}

		/**
		 * Retry failed lookups of each registry as the policy says, such as
		 * {@link DefaultSrsrServiceLookup#retryOnConnectionFailure}.
		 * @param retryPolicy the policy
		 * @return this builder
		 */
		public Builder retry(RetryPolicy retryPolicy) {
			Assert.notNull(retryPolicy, "'retryPolicy' must not be null");
			this.retryPolicy = retryPolicy;
			return this;
		}

		/**
		 * Fail fast while a registry is down.
		 * @param failureThreshold how many lookups of a registry in a row must fail before its
		 * lookups fail fast
		 * @param coolDown how long lookups fail fast before one is let through
		 * @return this builder
		 */
		public Builder circuitBreaker(int failureThreshold, Duration coolDown) {
			Assert.isTrue(failureThreshold > 0, "'failureThreshold' must be positive");
			Assert.notNull(coolDown, "'coolDown' must not be null");
			Assert.isTrue(!coolDown.isNegative() && !coolDown.isZero(), "'coolDown' must be positive");
			this.failureThreshold = failureThreshold;
			this.coolDown = coolDown;
			return this;
		}

		/**
		 * Keep the instance set of each name asked for with {@link #lookupAll(String)}, refreshed
		 * in the background.
		 * @param refreshPeriod the time between two refreshes of a name
		 * @param idleTime how long a name nobody asks for is still refreshed
		 * @param notFoundGrace how long the last set of a name is kept while the registry answers
		 * that nothing is registered under it
		 * @return this builder
		 */
		public Builder instanceSets(Duration refreshPeriod, Duration idleTime, Duration notFoundGrace) {
			Assert.notNull(refreshPeriod, "'refreshPeriod' must not be null");
			Assert.isTrue(refreshPeriod.toMillis() > 0, "'refreshPeriod' must be at least 1 ms");
			Assert.notNull(idleTime, "'idleTime' must not be null");
			Assert.isTrue(!idleTime.isNegative() && !idleTime.isZero(), "'idleTime' must be positive");
			Assert.notNull(notFoundGrace, "'notFoundGrace' must not be null");
			Assert.isTrue(!notFoundGrace.isNegative(), "'notFoundGrace' must not be negative");
			this.refreshPeriod = refreshPeriod;
			this.idleTime = idleTime;
			this.notFoundGrace = notFoundGrace;
			return this;
		}

		/**
		 * Build the lookup.
		 * @return the lookup
		 */
		public DefaultSrsrServiceLookup build() {
			return new DefaultSrsrServiceLookup(this);
		}

	}

}
