package io.github.srsr.boot.lookup;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The service names of the service catalog ({@code srsr.discovery.catalog.enabled}), read from
 * the catalog's instance set: each registered instance holds one entry under the side name
 * {@value #NAME}, with the address
 * {@code http://catalog.srsr.invalid/<generation>/<instance>/<service>} (written by
 * {@code io.github.srsr.boot.registration.CatalogEntry}). The set is sampled and refreshed by
 * {@link InstanceSets} like any other; every refresh of it is told here. A service is listed while
 * an entry of it is in the set, and for {@code retention} after the last refresh that showed one:
 * srsr removes the whole catalog whenever any entry leaves or expires, and the survivors list
 * themselves again within their heartbeat interval, which a service list should not show as
 * services coming and going.
 * <p>
 * Thread-safe: refreshes are told on the refresh thread (or a caller's, for the first sample),
 * {@link #services()} reads from any thread.
 */
final class CatalogServices {

	/** The catalog's side name, as {@code io.github.srsr.boot.registration.CatalogEntry} writes it. */
	static final String NAME = "#srsr-catalog";

	private static final String HOST = "catalog.srsr.invalid";

	private final long retentionMillis;

	// Each service listed, with the time of the last refresh that showed an entry of it.
	private final Map<String, Long> lastListed = new ConcurrentHashMap<>();

	CatalogServices(long retentionMillis) {
		this.retentionMillis = retentionMillis;
	}

	/**
	 * Take in a refresh of the catalog's set.
	 * @param addresses the set's addresses
	 * @param now the time of the refresh, in milliseconds
	 */
	void refreshed(List<URI> addresses, long now) {
		for (URI address : addresses) {
			String service = serviceOf(address);
			if (service != null) {
				this.lastListed.put(service, now);
			}
		}
		this.lastListed.values().removeIf((listed) -> now - listed > this.retentionMillis);
	}

	/**
	 * Return the services listed, sorted.
	 * @return the service names
	 */
	List<String> services() {
		List<String> services = new ArrayList<>(this.lastListed.keySet());
		services.sort(null);
		return services;
	}

	/**
	 * Return the service an entry's address names, or {@code null} for an address that is not
	 * one.
	 * @param address the address
	 * @return the service name
	 */
	static @Nullable String serviceOf(URI address) {
		String path = address.getRawPath();
		if (!HOST.equalsIgnoreCase(address.getHost()) || path == null) {
			return null;
		}
		int slash = path.lastIndexOf('/');
		if (slash < 0 || slash == path.length() - 1) {
			return null;
		}
		try {
			String service = URLDecoder.decode(path.substring(slash + 1), StandardCharsets.UTF_8);
			return (service.isBlank() || InstanceSets.isSideName(service)) ? null : service;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
