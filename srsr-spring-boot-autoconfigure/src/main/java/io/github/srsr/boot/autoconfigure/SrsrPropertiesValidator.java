package io.github.srsr.boot.autoconfigure;

import java.net.URI;
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
		PropertyChecks.positive("srsr.registry.connect-timeout", "SRSR_REGISTRY_CONNECT_TIMEOUT",
				properties.getRegistry().getConnectTimeout(), problems);
		PropertyChecks.positive("srsr.registry.read-timeout", "SRSR_REGISTRY_READ_TIMEOUT",
				properties.getRegistry().getReadTimeout(), problems);
		PropertyChecks.positive("srsr.heartbeat.interval", "SRSR_HEARTBEAT_INTERVAL", properties.getHeartbeat().getInterval(),
				problems);
		checkService(properties.getService(), problems);
		PropertyChecks.notNegative("srsr.deregistration.delay", "SRSR_DEREGISTRATION_DELAY",
				properties.getDeregistration().getDelay(), "0 or a positive duration", problems);
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
		PropertyChecks.positive("srsr.retry.initial-interval", "SRSR_RETRY_INITIAL_INTERVAL", retry.getInitialInterval(),
				problems);
		if (retry.getMaxInterval() != null) {
			PropertyChecks.positive("srsr.retry.max-interval", "SRSR_RETRY_MAX_INTERVAL", retry.getMaxInterval(), problems);
		}
		PropertyChecks.multiplier("srsr.retry.multiplier", "SRSR_RETRY_MULTIPLIER", retry.getMultiplier(), problems);
		PropertyChecks.atLeast("srsr.retry.max-attempts", "SRSR_RETRY_MAX_ATTEMPTS", retry.getMaxAttempts(), 1,
				"the number of registration attempts srsr.fail-fast allows before start-up fails", problems);
		PropertyChecks.notNegative("srsr.retry.jitter", "SRSR_RETRY_JITTER", retry.getJitter(),
				"0 or a positive duration", problems);
	}

}
