package io.github.srsr.boot.lookup;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The addresses found for service names, each kept for a time to live, at most a given number of
 * names; the least recently used name goes first. Thread-safe.
 */
final class LookupCache {

	private final Duration timeToLive;

	private final Clock clock;

	private final Map<String, Entry> entries;

	LookupCache(Duration timeToLive, int maxSize, Clock clock) {
		Assert.isTrue(!timeToLive.isNegative() && !timeToLive.isZero(), "'timeToLive' must be positive");
		Assert.isTrue(maxSize > 0, "'maxSize' must be positive");
		this.timeToLive = timeToLive;
		this.clock = clock;
		this.entries = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, LookupCache.Entry> eldest) {
				return size() > maxSize;
			}

		};
	}

	synchronized @Nullable URI get(String serviceName) {
		Entry entry = this.entries.get(serviceName);
		if (entry == null) {
			return null;
		}
		if (!this.clock.instant().isBefore(entry.expiry())) {
			this.entries.remove(serviceName);
			return null;
		}
		return entry.address();
	}

	synchronized void put(String serviceName, URI address) {
		this.entries.put(serviceName, new Entry(address, this.clock.instant().plus(this.timeToLive)));
	}

	private record Entry(URI address, Instant expiry) {
	}

}
