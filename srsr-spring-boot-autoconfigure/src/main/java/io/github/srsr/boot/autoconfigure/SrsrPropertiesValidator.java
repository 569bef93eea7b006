package io.github.srsr.boot.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.SrsrService;
import io.github.srsr.boot.autoconfigure.InvalidSrsrPropertiesException.Problem;
import io.github.srsr.client.RegistryUrl;

/**
 * Checks {@link SrsrProperties} at start-up, so that a mistake stops the application with a clear
 * message instead of surfacing later as a failing registration.
 */
final class SrsrPropertiesValidator {

	private SrsrPropertiesValidator() {
	}

	/**
	 * Validate all settings at once, so that every problem is reported together.
	 * @param properties the settings
	 * @throws InvalidSrsrPropertiesException if any setting is invalid
	 */
	static void validate(SrsrProperties properties) {
		List<Problem> problems = new ArrayList<>();
		checkRegistryUrls(properties.getRegistry().getUrl(), problems);
		checkPositive("srsr.registry.connect-timeout", "SRSR_REGISTRY_CONNECT_TIMEOUT",
				properties.getRegistry().getConnectTimeout(), problems);
		checkPositive("srsr.registry.read-timeout", "SRSR_REGISTRY_READ_TIMEOUT",
				properties.getRegistry().getReadTimeout(), problems);
		checkPositive("srsr.heartbeat.interval", "SRSR_HEARTBEAT_INTERVAL", properties.getHeartbeat().getInterval(),
				problems);
		checkService(properties.getService(), problems);
		Duration delay = properties.getDeregistration().getDelay();
		if (delay == null || delay.isNegative()) {
			problems.add(new Problem("srsr.deregistration.delay is " + delay + ", but it must not be negative.",
					"Set srsr.deregistration.delay (SRSR_DEREGISTRATION_DELAY) to 0 or a positive duration."));
		}
		checkRetry(properties.getRetry(), problems);
		if (!problems.isEmpty()) {
			throw new InvalidSrsrPropertiesException(problems);
		}
	}

	private static void checkRegistryUrls(@Nullable List<String> urls, List<Problem> problems) {
		if (urls == null || urls.isEmpty()) {
			problems.add(new Problem("srsr.registry.url is empty.", "Set srsr.registry.url (SRSR_REGISTRY_URL) to "
					+ "the URL of the registry, or to a comma-separated list of registries."));
			return;
		}
		Set<RegistryUrl> seen = new HashSet<>();
		for (String url : urls) {
			try {
				RegistryUrl registryUrl = RegistryUrl.of((url != null) ? url : "");
				if (!seen.add(registryUrl)) {
					problems.add(new Problem("srsr.registry.url lists " + registryUrl + " more than once.",
							"List every registry once in srsr.registry.url (SRSR_REGISTRY_URL)."));
				}
			}
			catch (IllegalArgumentException ex) {
				problems.add(new Problem("srsr.registry.url is invalid: " + ex.getMessage() + ".",
						"Set srsr.registry.url (SRSR_REGISTRY_URL) to the absolute http or https URL of the registry, "
								+ "such as http://localhost:4214, or to a comma-separated list of such URLs."));
			}
		}
	}

	private static void checkPositive(String property, String variable, @Nullable Duration value,
			List<Problem> problems) {
		if (value == null || value.isZero() || value.isNegative()) {
			problems.add(new Problem(property + " is " + value + ", but it must be positive.",
					"Set " + property + " (" + variable + ") to a positive duration, such as 5s or 500ms."));
		}
	}

	private static void checkService(SrsrProperties.Service service, List<Problem> problems) {
		Integer port = service.getPort();
		String address = service.getAddress();
		if (port != null && (port < 1 || port > 65535)) {
			problems.add(new Problem("srsr.service.port is " + port + ", which is not a TCP port.",
					"Set srsr.service.port (SRSR_SERVICE_PORT) to a port between 1 and 65535, or remove it."));
		}
		if (address != null && !address.isBlank() && !isAbsolute(address)) {
			problems.add(new Problem("srsr.service.address is '" + address + "', which is not an absolute URI.",
					"Set srsr.service.address (SRSR_SERVICE_ADDRESS) to an address with a scheme, "
							+ "such as http://10.0.0.5:8080, or remove it to let the registry use this host's IP."));
		}
		if (port != null && address != null && SrsrService.hasPort(address)) {
			problems.add(new Problem("srsr.service.address (" + address + ") carries a port and srsr.service.port ("
					+ port + ") is set as well; the registry would register " + address + ":" + port + ".",
					"Set the port in one place only: remove srsr.service.port (SRSR_SERVICE_PORT), or remove the "
							+ "port from srsr.service.address (SRSR_SERVICE_ADDRESS)."));
		}
	}

	private static boolean isAbsolute(String address) {
		try {
			return new URI(address.trim()).isAbsolute();
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static void checkRetry(SrsrProperties.Retry retry, List<Problem> problems) {
		checkPositive("srsr.retry.initial-interval", "SRSR_RETRY_INITIAL_INTERVAL", retry.getInitialInterval(),
				problems);
		if (retry.getMaxInterval() != null) {
			checkPositive("srsr.retry.max-interval", "SRSR_RETRY_MAX_INTERVAL", retry.getMaxInterval(), problems);
		}
		if (retry.getMultiplier() < 1) {
			problems.add(new Problem("srsr.retry.multiplier is " + retry.getMultiplier() + ", but it must be at least 1.",
					"Set srsr.retry.multiplier (SRSR_RETRY_MULTIPLIER) to 1 for a fixed interval or more for "
							+ "growing intervals."));
		}
		if (retry.getMaxAttempts() < 1) {
			problems.add(new Problem("srsr.retry.max-attempts is " + retry.getMaxAttempts() + ", but it must be at least 1.",
					"Set srsr.retry.max-attempts (SRSR_RETRY_MAX_ATTEMPTS) to the number of registration attempts "
							+ "srsr.fail-fast allows before start-up fails."));
		}
		if (retry.getJitter() == null || retry.getJitter().isNegative()) {
			problems.add(new Problem("srsr.retry.jitter is " + retry.getJitter() + ", but it must not be negative.",
					"Set srsr.retry.jitter (SRSR_RETRY_JITTER) to 0 or a positive duration."));
		}
	}

}
