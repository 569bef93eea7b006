package io.github.srsr.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The registrations of one running registry, kept in memory the way srsr keeps them, defect included.
 *
 * <p>Like srsr there are two maps: ids to entries (used by heartbeat and deregister) and names to the list of
 * entries that lookup chooses from. Removing ONE id, by deregistration or by expiry, deletes its whole NAME from
 * the second map, while the other ids of that name stay in the first map and keep answering heartbeats. A later
 * registration under the name starts a new list holding only itself.
 *
 * <p>Each entry expires when no heartbeat arrives within the timeout: a task is scheduled for its deadline and
 * rescheduled by each heartbeat. The lock only guards the maps; nothing waits while holding it, so heartbeats
 * and expiry cannot deadlock (the real server can).
 */
final class RegistryState {

	private final long timeoutNanos;

	private final ScheduledExecutorService expiry;

	private final ReentrantLock lock = new ReentrantLock();

	private final Map<String, Entry> byId = new LinkedHashMap<>();

	private final Map<String, List<Entry>> byName = new HashMap<>();

	RegistryState(Duration timeout) {
		this.timeoutNanos = timeout.toNanos();
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
				DaemonThreads.named("srsr-embedded-registry-expiry"));
		executor.setRemoveOnCancelPolicy(true);
		this.expiry = executor;
	}

	/**
	 * Registers a new entry; its timeout starts now.
	 * @param name the service name
	 * @param address the address, already checked
	 * @return the new entry's id
	 */
	String register(String name, String address) {
		Entry entry = new Entry(UUID.randomUUID().toString(), name, address);
		this.lock.lock();
		try {
			this.byId.put(entry.id, entry);
			this.byName.computeIfAbsent(name, (key) -> new ArrayList<>()).add(entry);
			restartTimeout(entry);
		}
		finally {
			this.lock.unlock();
		}
		return entry.id;
	}

	/**
	 * Restarts the timeout of the entry with this id.
	 * @param id the id
	 * @return whether the id is known
	 */
	boolean heartbeat(String id) {
		this.lock.lock();
		try {
			Entry entry = this.byId.get(id);
			if (entry == null) {
				return false;
			}
			restartTimeout(entry);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Removes the entry with this id, and with it its whole name from lookup.
	 * @param id the id
	 * @return whether the id was known
	 */
	boolean deregister(String id) {
		this.lock.lock();
		try {
			Entry entry = this.byId.get(id);
			if (entry == null) {
				return false;
			}
			remove(entry);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * One address registered under the name, chosen at random.
	 * @param name the service name
	 * @return the address, or empty when lookup sees nothing under the name
	 */
	Optional<String> lookup(String name) {
		this.lock.lock();
		try {
			List<Entry> entries = this.byName.get(name);
			if (entries == null || entries.isEmpty()) {
				return Optional.empty();
			}
			return Optional.of(entries.get(ThreadLocalRandom.current().nextInt(entries.size())).address);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A snapshot of every known id, in registration order.
	 * @return the instances
	 */
	List<RegisteredInstance> snapshot() {
		this.lock.lock();
		try {
			List<RegisteredInstance> instances = new ArrayList<>(this.byId.size());
			for (Entry entry : this.byId.values()) {
				List<Entry> visible = this.byName.get(entry.name);
				instances.add(entry.toInstance(visible != null && visible.contains(entry)));
			}
			return List.copyOf(instances);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A snapshot of the list {@link #lookup(String)} picks from for this name, in its order.
	 * @param name the service name
	 * @return the instances, empty when lookup sees nothing under the name
	 */
	List<RegisteredInstance> lookupCandidates(String name) {
		this.lock.lock();
		try {
			List<Entry> entries = this.byName.getOrDefault(name, List.of());
			List<RegisteredInstance> candidates = new ArrayList<>(entries.size());
			for (Entry entry : entries) {
				candidates.add(entry.toInstance(true));
			}
			return List.copyOf(candidates);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Forgets everything and stops the expiry thread.
	 */
	void close() {
		this.lock.lock();
		try {
			this.byId.clear();
			this.byName.clear();
		}
		finally {
			this.lock.unlock();
		}
		this.expiry.shutdownNow();
	}

	private void restartTimeout(Entry entry) {
		entry.lastHeartbeat = Instant.now();
		entry.generation++;
		if (entry.expiryTask != null) {
			entry.expiryTask.cancel(false);
		}
		if (this.expiry.isShutdown()) {
			return;
		}
		long generation = entry.generation;
		entry.expiryTask = this.expiry.schedule(() -> expire(entry, generation), this.timeoutNanos,
				TimeUnit.NANOSECONDS);
	}

	private void expire(Entry entry, long generation) {
		this.lock.lock();
		try {
			if (entry.generation == generation && this.byId.get(entry.id) == entry) {
				remove(entry);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void remove(Entry entry) {
		if (entry.expiryTask != null) {
			entry.expiryTask.cancel(false);
		}
		this.byId.remove(entry.id);
		// srsr's defect, reproduced on purpose: the whole name goes, not just this entry.
		this.byName.remove(entry.name);
	}

	private static final class Entry {

		private final String id;

		private final String name;

		private final String address;

		private Instant lastHeartbeat;

		private long generation;

		private ScheduledFuture<?> expiryTask;

		Entry(String id, String name, String address) {
			this.id = id;
			this.name = name;
			this.address = address;
		}

		RegisteredInstance toInstance(boolean visible) {
			return new RegisteredInstance(this.id, this.name, this.address, this.lastHeartbeat, visible);
		}

	}

}
