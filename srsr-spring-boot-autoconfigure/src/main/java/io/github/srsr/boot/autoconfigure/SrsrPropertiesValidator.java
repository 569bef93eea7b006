package io.github.srsr.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.autoconfigure.InvalidSrsrPropertiesException.Problem;
import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.RegistryUrl;

/**
 * Checks {@link SrsrProperties} at start-up, every rule once, so that a mistake stops the
 * application with a clear message instead of surfacing later as a failing registration. Every
 * problem names the property, its environment variable, the value as it was typed, and the fix;
 * all of them are reported at once.
 */
final class SrsrPropertiesValidator {

	/** The shortest heartbeat interval: shorter ones flood the registry for no use. */
	static final Duration HEARTBEAT_MIN = Duration.ofMillis(50);

	/** The longest heartbeat interval: anything longer is a mistake (such as milliseconds typed bare). */
	static final Duration HEARTBEAT_MAX = Duration.ofHours(1);

	private static final Duration SRSR_DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	/** Two-thirds of srsr's default timeout, srsrpy's default interval. */
	private static final Duration HEARTBEAT_WARNING_ABOVE = Duration.ofSeconds(20);

	private final Function<String, @Nullable String> typed;

	private final List<Problem> problems = new ArrayList<>();

	private SrsrPropertiesValidator(Function<String, @Nullable String> typed) {
		this.typed = typed;
	}

	/**
	 * Validate all settings.
	 * @param properties the settings
	 * @param typed the value of a property as the user typed it, or {@code null}
	 * @throws InvalidSrsrPropertiesException if any setting is invalid
	 */
	static void validate(SrsrProperties properties, Function<String, @Nullable String> typed) {
		SrsrPropertiesValidator validator = new SrsrPropertiesValidator(typed);
		validator.registry(properties.getRegistry());
		validator.service(properties.getService());
		validator.heartbeatInterval(properties.getHeartbeat().getInterval());
		validator.retry(properties.getRetry());
		validator.notNegative("srsr.deregistration.delay", properties.getDeregistration().getDelay(),
				"0 or a positive duration");
		validator.lookup(properties.getLookup());
		validator.discovery(properties.getDiscovery());
		validator.healthFailureStatus(properties.getHealth().getFailureStatus());
		if (!validator.problems.isEmpty()) {
			throw new InvalidSrsrPropertiesException(validator.problems);
		}
	}

	/**
	 * Return a warning for a heartbeat interval that is valid but longer than two-thirds of srsr's
	 * default timeout: a registry started without {@code -t} may drop the instance between
	 * heartbeats. Not an error, since a registry may run with a longer {@code -t}.
	 * @param interval the heartbeat interval, valid
	 * @param typed the value as the user typed it, or {@code null}
	 * @return the warning, or {@code null} when the interval suits srsr's default timeout
	 */
	static @Nullable String heartbeatIntervalWarning(Duration interval, @Nullable String typed) {
		if (interval.compareTo(HEARTBEAT_WARNING_ABOVE) <= 0) {
			return null;
		}
		String shown = (typed != null) ? typed.trim() : interval.toString();
		// The registry's -t (whole seconds) that leaves a third of it for a late heartbeat.
		long enough = (interval.toMillis() * 3 + 1999) / 2000;
		String risk = (interval.compareTo(SRSR_DEFAULT_TIMEOUT) >= 0)
				? "at least srsr's default timeout of 30 s: a registry started without -t drops this instance "
						+ "between two heartbeats"
				: "close to srsr's default timeout of 30 s: a heartbeat a few seconds late (a slow registry, a "
						+ "paused JVM) lets a registry started without -t drop this instance";
		return "srsr.heartbeat.interval (SRSR_HEARTBEAT_INTERVAL) is " + shown + ", " + risk
				+ ". Keep it at most two-thirds of the registry's timeout (20s for srsr's default), or ignore this if "
				+ "every registry runs with -t " + enough + " or more.";
	}

	private void heartbeatInterval(@Nullable Duration interval) {
		String property = "srsr.heartbeat.interval";
		if (interval == null || interval.isZero() || interval.isNegative()) {
			positive(property, interval, "20 or 20s");
		}
		else if (interval.compareTo(HEARTBEAT_MIN) < 0) {
			add(property + " is " + shown(property, interval) + ", but it must be at least 50ms: every interval "
					+ "sends srsr a heartbeat per id held and two lookups, so a shorter one floods the registry "
					+ "(at 50ms already about 80 requests a second from this one instance).", fix(false, null));
		}
		else if (interval.compareTo(HEARTBEAT_MAX) > 0) {
			String typed = this.typed.apply(property);
			boolean bare = typed != null && typed.trim().matches("\\d+");
			// Milliseconds typed without their unit, as in SRSR_HEARTBEAT_INTERVAL=20000?
			String millis = (bare && interval.dividedBy(1000).compareTo(HEARTBEAT_MIN) >= 0
					&& interval.dividedBy(1000).compareTo(HEARTBEAT_MAX) <= 0) ? typed.trim() : null;
			add(property + " is " + shown(property, interval)
					+ ((bare) ? " (a bare number means seconds: " + approximately(interval) + ")" : "")
					+ ", but it must be at most 1h: the registry drops an instance that sends no heartbeat within "
					+ "its timeout (-t, 30 s by default), long before this interval ends.", fix(true, millis));
		}
	}

	private static String fix(boolean tooLong, @Nullable String millis) {
		return "Set srsr.heartbeat.interval (SRSR_HEARTBEAT_INTERVAL) to at most two-thirds of the registry's timeout, "
				+ "such as 20s (the default) for srsr's default of 30 s"
				+ ((tooLong) ? "" : ", and to at least 50ms")
				+ ((millis != null) ? "; for milliseconds, write the unit: " + millis + "ms" : "") + ".";
	}

	private static String approximately(Duration duration) {
		long days = duration.toDays();
		if (days >= 730) {
			return String.format(Locale.ROOT, "about %,d years", days / 365);
		}
		if (days >= 2) {
			return String.format(Locale.ROOT, "about %,d days", days);
		}
		return String.format(Locale.ROOT, "about %d hours", duration.toHours());
	}

	private void registry(SrsrProperties.Registry registry) {
		List<String> urls = registry.getUrl();
		if (urls == null || urls.isEmpty()) {
			add("srsr.registry.url is empty.", "Set srsr.registry.url (SRSR_REGISTRY_URL) to "
					+ "the URL of the registry, or to a comma-separated list of registries.");
		}
		else {
			registryUrls(urls);
		}
		positive("srsr.registry.connect-timeout", registry.getConnectTimeout(), "5s or 500ms");
		positive("srsr.registry.read-timeout", registry.getReadTimeout(), "5s or 500ms");
	}

	private void registryUrls(List<String> urls) {
		String fix = "Set srsr.registry.url (SRSR_REGISTRY_URL) to the absolute http or https URL of the registry, "
				+ "such as http://localhost:4214, or to a comma-separated list of such URLs.";
		String list = (urls.size() > 1) ? " (" + String.join(",", urls.stream().map(RegistryUrl::mask).toList()) + ")"
				: "";
		Set<RegistryUrl> seen = new HashSet<>();
		for (int i = 0; i < urls.size(); i++) {
			String url = urls.get(i);
			String which = (urls.size() > 1) ? "entry " + (i + 1) + " of srsr.registry.url" + list
					: "srsr.registry.url";
			if (url == null || url.isBlank()) {
				add(which + " is empty.", fix);
				continue;
			}
			try {
				RegistryUrl registryUrl = RegistryUrl.of(url);
				if (!seen.add(registryUrl)) {
					add("srsr.registry.url lists " + registryUrl + " more than once.",
							"List every registry once in srsr.registry.url (SRSR_REGISTRY_URL).");
				}
			}
			catch (IllegalArgumentException ex) {
				add(which + " is invalid: " + ex.getMessage() + ".", fix);
			}
		}
	}

	private void service(SrsrProperties.Service service) {
		Integer port = service.getPort();
		String address = service.getAddress();
		if (port != null && (port < 1 || port > 65535)) {
			add("srsr.service.port is " + shown("srsr.service.port", port) + ", which is not a TCP port.",
					"Set srsr.service.port (SRSR_SERVICE_PORT) to a port between 1 and 65535, or remove it.");
		}
		if (address == null || address.isBlank()) {
			return;
		}
		if (!ServiceRegistrationRequest.isHttpAddress(address)) {
			add("srsr.service.address is '" + address + "', which is not an http or https address with a host.",
					"Set srsr.service.address (SRSR_SERVICE_ADDRESS) to an address with a scheme and a host, "
							+ "such as http://10.0.0.5:8080, or remove it to let the registry use this host's IP.");
		}
		else if (port != null && ServiceRegistrationRequest.hasPort(address)) {
			add("srsr.service.address (" + address + ") carries a port and srsr.service.port (" + port
					+ ") is set as well; the registry would register " + address + ":" + port + ".",
					"Set the port in one place only: remove srsr.service.port (SRSR_SERVICE_PORT), or remove the "
							+ "port from srsr.service.address (SRSR_SERVICE_ADDRESS).");
		}
		else if (port != null && ServiceRegistrationRequest.hasPath(address)) {
			add("srsr.service.address (" + address + ") has a path and srsr.service.port (" + port
					+ ") is set; the registry appends the port to the whole address and would register " + address
					+ ":" + port + ".",
					"Put the port into srsr.service.address (SRSR_SERVICE_ADDRESS), before the path, and remove "
							+ "srsr.service.port (SRSR_SERVICE_PORT).");
		}
	}

	private void retry(SrsrProperties.Retry retry) {
		positive("srsr.retry.initial-interval", retry.getInitialInterval(), "5s or 500ms");
		if (retry.getMaxInterval() != null) {
			positive("srsr.retry.max-interval", retry.getMaxInterval(), "5s or 500ms");
		}
		multiplier("srsr.retry.multiplier", retry.getMultiplier());
		atLeast("srsr.retry.max-attempts", retry.getMaxAttempts(), 1,
				"the number of registration attempts srsr.fail-fast allows before start-up fails");
		notNegative("srsr.retry.jitter", retry.getJitter(), "0 or a positive duration");
	}

	private void lookup(SrsrProperties.Lookup lookup) {
		notNegative("srsr.lookup.cache-ttl", lookup.getCacheTtl(),
				"0 to turn caching off or a positive duration such as 5s");
		atLeast("srsr.lookup.cache-max-size", lookup.getCacheMaxSize(), 1, "the most service names to cache, such as 256");
		SrsrProperties.Lookup.Retry retry = lookup.getRetry();
		atLeast("srsr.lookup.retry.max-retries", retry.getMaxRetries(), 0,
				"0 to never retry or the number of retries, such as 2");
		notNegative("srsr.lookup.retry.initial-interval", retry.getInitialInterval(),
				"0 or a positive duration such as 100ms");
		multiplier("srsr.lookup.retry.multiplier", retry.getMultiplier());
		positive("srsr.lookup.retry.max-interval", retry.getMaxInterval(), "5s or 500ms");
		SrsrProperties.Lookup.CircuitBreaker circuitBreaker = lookup.getCircuitBreaker();
		if (circuitBreaker.isEnabled()) {
			atLeast("srsr.lookup.circuit-breaker.failure-threshold", circuitBreaker.getFailureThreshold(), 1,
					"the number of failed lookups in a row after which lookups fail fast, such as 5, or set "
							+ "srsr.lookup.circuit-breaker.enabled=false");
			positive("srsr.lookup.circuit-breaker.cool-down", circuitBreaker.getCoolDown(), "5s or 500ms");
		}
	}

	private void discovery(SrsrProperties.Discovery discovery) {
		if (!discovery.isEnabled()) {
			return;
		}
		Duration period = discovery.getRefreshPeriod();
		if (period != null && !period.isNegative() && period.toMillis() == 0 && !period.isZero()) {
			add("srsr.discovery.refresh-period is " + shown("srsr.discovery.refresh-period", period)
					+ ", but it must be at least 1ms.",
					"Set srsr.discovery.refresh-period (SRSR_DISCOVERY_REFRESH_PERIOD) to a duration such as 2s.");
		}
		else {
			positive("srsr.discovery.refresh-period", period, "2s or 500ms");
		}
		positive("srsr.discovery.idle-time", discovery.getIdleTime(), "60s");
		notNegative("srsr.discovery.not-found-grace", discovery.getNotFoundGrace(),
				"0 to empty a set at once or a positive duration such as 30s");
	}

	private void healthFailureStatus(@Nullable String status) {
		if (status == null || !status.trim().matches("[A-Za-z_]+")) {
			add("srsr.health.failure-status is '" + status + "', which is not a health status.",
					"Set srsr.health.failure-status (SRSR_HEALTH_FAILURE_STATUS) to UNKNOWN (the default) or DOWN.");
		}
	}

	private void positive(String property, @Nullable Duration value, String example) {
		if (value == null || value.isZero() || value.isNegative()) {
			add(property + " is " + shown(property, value) + ", but it must be positive.",
					"Set " + property + " (" + variable(property) + ") to a positive duration, such as " + example + ".");
		}
	}

	private void notNegative(String property, @Nullable Duration value, String hint) {
		if (value == null || value.isNegative()) {
			add(property + " is " + shown(property, value) + ", but it must not be negative.",
					"Set " + property + " (" + variable(property) + ") to " + hint + ".");
		}
	}

	private void atLeast(String property, int value, int minimum, String hint) {
		if (value < minimum) {
			add(property + " is " + shown(property, value) + ", but it must be at least " + minimum + ".",
					"Set " + property + " (" + variable(property) + ") to " + hint + ".");
		}
	}

	private void multiplier(String property, double value) {
		if (value < 1) {
			add(property + " is " + shown(property, value) + ", but it must be at least 1.", "Set " + property + " ("
					+ variable(property) + ") to 1 for a fixed interval or more for growing intervals.");
		}
	}

	/**
	 * The value as the user typed it ({@code -5}, not {@code PT-5S}), else as bound.
	 */
	private String shown(String property, @Nullable Object value) {
		String typed = this.typed.apply(property);
		return (typed != null) ? typed.trim() : String.valueOf(value);
	}

	static String variable(String property) {
		return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
	}

	private void add(String description, String action) {
		this.problems.add(new Problem(description, action));
	}

}
