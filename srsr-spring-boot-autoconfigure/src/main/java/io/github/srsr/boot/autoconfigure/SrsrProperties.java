package io.github.srsr.boot.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Configuration properties for srsr. The nesting mirrors the environment variables of srsrpy, srsr's
 * Python client, so that {@code SRSR_REGISTRY_URL}, {@code SRSR_SERVICE_NAME},
 * {@code SRSR_SERVICE_ADDRESS}, {@code SRSR_SERVICE_PORT} and {@code SRSR_HEARTBEAT_INTERVAL}
 * bind unchanged.
 */
@ConfigurationProperties("srsr")
public class SrsrProperties {

	/**
	 * Whether to register this application with srsr.
	 */
	private boolean enabled = true;

	/**
	 * Whether start-up fails when the first registration does not succeed within
	 * srsr.retry.max-attempts attempts; by default the application starts at once and keeps trying
	 * in the background.
	 */
	private boolean failFast;

	private final Registry registry = new Registry();

	private final Service service = new Service();

	private final Heartbeat heartbeat = new Heartbeat();

	private final Retry retry = new Retry();

	private final Deregistration deregistration = new Deregistration();

	private final Lookup lookup = new Lookup();

	private final Discovery discovery = new Discovery();

	private final Health health = new Health();

	private final Heal heal = new Heal();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isFailFast() {
		return this.failFast;
	}

	public void setFailFast(boolean failFast) {
		this.failFast = failFast;
	}

	public Deregistration getDeregistration() {
		return this.deregistration;
	}

	public Registry getRegistry() {
		return this.registry;
	}

	public Service getService() {
		return this.service;
	}

	public Heartbeat getHeartbeat() {
		return this.heartbeat;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Lookup getLookup() {
		return this.lookup;
	}

	public Discovery getDiscovery() {
		return this.discovery;
	}

	public Heal getHeal() {
		return this.heal;
	}

	public Health getHealth() {
		return this.health;
	}

	/**
	 * Where the registry is and how long to wait for it.
	 */
	public static class Registry {

		/**
		 * Base URL of the srsr registry, or a comma-separated list of registries to register with
		 * all and look up in order; user info (http://user:secret@host) is sent as basic
		 * authentication and never logged.
		 */
		private List<String> url = new ArrayList<>(List.of("http://localhost:4214"));

		/**
		 * Time to wait for a connection to the registry: name resolution, TCP connection and TLS
		 * handshake together.
		 */
		private Duration connectTimeout = Duration.ofSeconds(2);

		/**
		 * Time to wait for the registry's answer to a request, from the request's write to the
		 * last byte of the answer.
		 */
		private Duration readTimeout = Duration.ofSeconds(5);

		/**
		 * HTTP client of the registry calls: the starter's own ("srsr"), or the one Spring Boot
		 * builds for the application ("spring": its ClientHttpRequestFactoryBuilder, JDK, Apache
		 * HttpComponents, Jetty or Reactor Netty), with srsr's timeouts, SSL bundle and no
		 * redirects.
		 */
		private HttpClient httpClient = HttpClient.SRSR;

		private final Ssl ssl = new Ssl();

		public HttpClient getHttpClient() {
			return this.httpClient;
		}

		public void setHttpClient(HttpClient httpClient) {
			this.httpClient = httpClient;
		}

		public Ssl getSsl() {
			return this.ssl;
		}

		public List<String> getUrl() {
			return this.url;
		}

		public void setUrl(List<String> url) {
			this.url = url;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		/**
		 * The HTTP client of the registry calls.
		 */
		enum HttpClient {

			/**
			 * The starter's own HTTP/1.1 client: no thread, one write per request, strict framing.
			 */
			SRSR,

			/**
			 * The client of Spring Boot's ClientHttpRequestFactoryBuilder (the application's bean,
			 * or the one Spring Boot detects on the class path); needs spring-boot-http-client (for
			 * example through spring-boot-starter-restclient), which the starter does not bring.
			 */
			SPRING

		}

		/**
		 * TLS to an https registry URL.
		 */
		public static class Ssl {

			/**
			 * Name of the SSL bundle (spring.ssl.bundle.*) that holds the trust material (and the
			 * client certificate, if the registry asks for one); without it the JDK's default trust
			 * store is used.
			 */
			private @Nullable String bundle;

			public @Nullable String getBundle() {
				return this.bundle;
			}

			public void setBundle(@Nullable String bundle) {
				this.bundle = bundle;
			}

		}

	}

	/**
	 * What this application registers as.
	 */
	public static class Service {

		/**
		 * Name to register under; defaults to spring.application.name. Without any name the starter
		 * stays inactive.
		 */
		private @Nullable String name;

		/**
		 * Address of this service, such as http://10.0.0.5:8080; without it the registry uses the
		 * caller's IP address.
		 */
		private @Nullable String address;

		/**
		 * Port sent on its own, for an address without a port; defaults to the port of the running
		 * web server when the address carries no port.
		 */
		private @Nullable Integer port;

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getAddress() {
			return this.address;
		}

		public void setAddress(@Nullable String address) {
			this.address = address;
		}

		public @Nullable Integer getPort() {
			return this.port;
		}

		public void setPort(@Nullable Integer port) {
			this.port = port;
		}

	}

	/**
	 * How often this application tells the registry it is alive.
	 */
	public static class Heartbeat {

		/**
		 * Time between heartbeats, from 50ms to 1h; a bare number means seconds. Keep it at most
		 * two-thirds of the registry's expiry timeout (30 seconds by default); above 20s, start-up
		 * warns.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration interval = Duration.ofSeconds(20);

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

	/**
	 * How failed registrations are retried: an exponential back-off with jitter, never longer than
	 * the heartbeat interval between attempts, so that the application is registered within one
	 * interval of the registry becoming reachable.
	 */
	public static class Retry {

		/**
		 * Time before the first retry of a failed registration.
		 */
		private Duration initialInterval = Duration.ofSeconds(1);

		/**
		 * Factor by which the time between retries grows.
		 */
		private double multiplier = 1.5;

		/**
		 * Longest time between retries; capped at the heartbeat interval.
		 */
		private @Nullable Duration maxInterval;

		/**
		 * Random variation added to or subtracted from each retry interval, so that many instances
		 * do not retry in step after a registry outage.
		 */
		private Duration jitter = Duration.ofMillis(250);

		/**
		 * Attempts of the first registration before start-up fails, with srsr.fail-fast; without it
		 * the starter retries for as long as the application runs.
		 */
		private int maxAttempts = 6;

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public @Nullable Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(@Nullable Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

		public Duration getJitter() {
			return this.jitter;
		}

		public void setJitter(Duration jitter) {
			this.jitter = jitter;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

	}

	/**
	 * How this application leaves the registry on shutdown.
	 */
	public static class Deregistration {

		/**
		 * Time to wait after deregistering on shutdown before shutdown continues, so that callers
		 * that looked this instance up just before can still reach it.
		 */
		private Duration delay = Duration.ZERO;

		public Duration getDelay() {
			return this.delay;
		}

		public void setDelay(Duration delay) {
			this.delay = delay;
		}

	}

	/**
	 * How {@link io.github.srsr.boot.lookup.SrsrServiceLookup} finds other services: caching,
	 * retries, and failing fast while the registry is down.
	 */
	public static class Lookup {


		/**
		 * How long a found address is reused for the same service name before the registry is asked
		 * again; 0 turns caching off. While cached, every caller of the name goes to the same instance
		 * instead of one the registry picks at random per lookup.
		 */
		private Duration cacheTtl = Duration.ofMillis(0);

		/**
		 * Most service names whose addresses are cached at once; the least recently used name is
		 * dropped first.
		 */
		private int cacheMaxSize = 256;

		private final Retry retry = new Retry();

		private final CircuitBreaker circuitBreaker = new CircuitBreaker();

		public Duration getCacheTtl() {
			return this.cacheTtl;
		}

		public void setCacheTtl(Duration cacheTtl) {
			this.cacheTtl = cacheTtl;
		}

		public int getCacheMaxSize() {
			return this.cacheMaxSize;
		}

		public void setCacheMaxSize(int cacheMaxSize) {
			this.cacheMaxSize = cacheMaxSize;
		}

		public Retry getRetry() {
			return this.retry;
		}

		public CircuitBreaker getCircuitBreaker() {
			return this.circuitBreaker;
		}

		/**
		 * How a lookup is retried when the registry cannot be reached (connection refused or reset,
		 * timeouts); a registry that answered, even with an error, is not asked again.
		 */
		public static class Retry {

			/**
			 * How many times a lookup is retried after a connection failure; 0 never retries.
			 */
			private int maxRetries = 2;

			/**
			 * Time before the first retry of a lookup.
			 */
			private Duration initialInterval = Duration.ofMillis(100);

			/**
			 * Factor by which the time between retries of a lookup grows.
			 */
			private double multiplier = 2.0;

			/**
			 * Longest time between retries of a lookup.
			 */
			private Duration maxInterval = Duration.ofSeconds(1);

			public int getMaxRetries() {
				return this.maxRetries;
			}

			public void setMaxRetries(int maxRetries) {
				this.maxRetries = maxRetries;
			}

			public Duration getInitialInterval() {
				return this.initialInterval;
			}

			public void setInitialInterval(Duration initialInterval) {
				this.initialInterval = initialInterval;
			}

			public double getMultiplier() {
				return this.multiplier;
			}

			public void setMultiplier(double multiplier) {
				this.multiplier = multiplier;
			}

			public Duration getMaxInterval() {
				return this.maxInterval;
			}

			public void setMaxInterval(Duration maxInterval) {
				this.maxInterval = maxInterval;
			}

		}

		/**
		 * How lookups fail fast while the registry is down: after failure-threshold lookups in a row
		 * failed (after their retries), lookups fail at once for the cool-down, then one lookup tests
		 * the registry.
		 */
		public static class CircuitBreaker {

			/**
			 * Whether lookups fail fast after repeated registry failures.
			 */
			private boolean enabled = true;

			/**
			 * How many lookups in a row must fail because the registry is down (unreachable, or an
			 * error status of 500 or more) before lookups fail fast.
			 */
			private int failureThreshold = 5;

			/**
			 * How long lookups fail fast before one lookup is let through to test the registry.
			 */
			private Duration coolDown = Duration.ofSeconds(10);

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public int getFailureThreshold() {
				return this.failureThreshold;
			}

			public void setFailureThreshold(int failureThreshold) {
				this.failureThreshold = failureThreshold;
			}

			public Duration getCoolDown() {
				return this.coolDown;
			}

			public void setCoolDown(Duration coolDown) {
				this.coolDown = coolDown;
			}

		}

	}

	/**
	 * The live instance set of each service name looked up for all its instances (Spring Cloud's
	 * discovery clients and LoadBalancer, SrsrServiceLookup.lookupAll), learned by sampling srsr's
	 * random lookups in the background.
	 */
	public static class Discovery {

		/**
		 * Whether to learn and refresh the instance set of each name in use; when off, every
		 * request for the instances of a name is one lookup answering one instance, the registry's
		 * random pick.
		 */
		private boolean enabled = true;

		/**
		 * Time between two refreshes of a name's instance set: an arrival shows within one
		 * period, a departure within one once the others have registered again. Each refresh of a
		 * name with n instances makes about 3.5n lookups.
		 */
		private Duration refreshPeriod = Duration.ofSeconds(2);

		/**
		 * How long a name nobody asked for is still refreshed before it is forgotten.
		 */
		private Duration idleTime = Duration.ofSeconds(60);

		/**
		 * How long the last instance set of a name is kept while the registry answers that nothing
		 * is registered under it: srsr's name-wide removal empties a name whenever one of its
		 * instances leaves, until the survivors register again within their heartbeat interval.
		 */
		private Duration notFoundGrace = Duration.ofSeconds(30);

		private final Catalog catalog = new Catalog();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getRefreshPeriod() {
			return this.refreshPeriod;
		}

		public void setRefreshPeriod(Duration refreshPeriod) {
			this.refreshPeriod = refreshPeriod;
		}

		public Duration getIdleTime() {
			return this.idleTime;
		}

		public void setIdleTime(Duration idleTime) {
			this.idleTime = idleTime;
		}

		public Duration getNotFoundGrace() {
			return this.notFoundGrace;
		}

		public void setNotFoundGrace(Duration notFoundGrace) {
			this.notFoundGrace = notFoundGrace;
		}

		public Catalog getCatalog() {
			return this.catalog;
		}

		/**
		 * The service catalog: srsr cannot list services, so each instance that registers holds
		 * one more id under the side name '#srsr-catalog', whose address names its service, and
		 * the discovery clients' service lists sample that name.
		 */
		public static class Catalog {

			/**
			 * Whether to use the service catalog. When registering: hold an entry there, one more
			 * id per instance and registry, kept alive with the heartbeats and listed again after
			 * srsr's name-wide removal (one more heartbeat and one lookup per interval). When
			 * listing services (DiscoveryClient#getServices, used by Spring Cloud Gateway's
			 * discovery locator and Spring Boot Admin): every service with an entry, learned by
			 * sampling the catalog like an instance set. Off: the service list holds only this
			 * application's own name while it is registered.
			 */
			private boolean enabled;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

	/**
	 * Healing of srsr's name-wide removal: when one instance of a name is deregistered or
	 * expires, srsr drops every instance of that name from lookup while their heartbeats keep
	 * succeeding.
	 */
	public static class Heal {

		/**
		 * Whether to keep this instance discoverable through srsr's name-wide removal. With each
		 * heartbeat it looks up its own name and the side name '<name>#srsr-generation', where it
		 * holds one marker id; when either shows that the registry removed the name from lookup,
		 * it registers again under a new id and keeps every id it holds alive until it leaves (at
		 * most 16). Costs two lookups and one more heartbeat per interval, plus one heartbeat per
		 * extra id held.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * How the srsr component of the health endpoint reports registry trouble.
	 */
	public static class Health {

		/**
		 * Health status of the srsr component while registration or heartbeats fail. UNKNOWN (the
		 * default) leaves the aggregate health and its HTTP status to the other components, so
		 * that a registry outage does not take healthy instances out of a load balancer; DOWN
		 * makes /actuator/health answer 503 while the registry cannot be reached.
		 */
		private String failureStatus = "UNKNOWN";

		public String getFailureStatus() {
			return this.failureStatus;
		}

		public void setFailureStatus(String failureStatus) {
			this.failureStatus = failureStatus;
		}

	}

}
