package io.github.srsr.boot.lookup;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.lookup.SrsrInstanceSet.State;

import org.springframework.util.Assert;

/**
 * The live instance sets of the service names in use, learned from srsr's random lookups.
 * <p>
 * The first {@link #get} of a name samples it on the caller's thread and registers it; from then
 * on one background thread ({@value #THREAD_NAME}, created with the first name) refreshes every
 * registered name once per period and callers are served from memory. A name nobody asked for
 * within the idle time is forgotten. Per refresh of a name, the number of lookups is
 * {@link #lookupsFor(int)} of the number of addresses known, recomputed as new ones show up, so
 * that a live instance is missed by two refreshes in a row with a probability of at most 0.001
 * even if one more instance than known is live. A "not found" answer ends a refresh. An address
 * seen is in the set at once; one not seen in the last two complete refreshes is dropped. While
 * the registry answers "not found" (srsr's name-wide removal, which the survivors heal) the last
 * set is kept for the grace time, and no refresh counts towards a departure; the first complete
 * refresh after it keeps only what it saw; a failed lookup
 * keeps the last set and ends the refresh. While the name is not found, and for the addresses a
 * complete refresh missed, those that the name's departure notices show (see
 * {@link #DEPARTURE_NOTICES}) are dropped at once, unless seen again since a notice dropped them.
 * <p>
 * Thread-safe. Refreshes of one name never overlap: they hold the name's lock, which callers take
 * only for the first sample of a name.
 */
final class InstanceSets implements AutoCloseable {

	/**
	 * What the heal's side names hold ({@code <name>#srsr-generation} and the one-off
	 * {@code <name>#srsr-address-<random>}, see
	 * {@code io.github.srsr.boot.registration.LookupHealing}): never sampled, never in a set.
	 */
	private static final String SIDE_NAME_MARK = "#srsr-";

	/**
	 * Appended to a name for its departure notices: just before an instance deregisters it
	 * registers its address under {@code <name>#srsr-left} and never heartbeats it (see
	 * {@code io.github.srsr.boot.registration.RegistryRegistration#leave}), so that callers can
	 * tell "the only instances left" from srsr's name-wide removal, which the survivors heal. The
	 * notice expires by the registry's timeout, and with it every other notice of the name.
	 */
	static final String DEPARTURE_NOTICES = "#srsr-left";

	static final String THREAD_NAME = "srsr-discovery";

	private static final Log logger = LogFactory.getLog(InstanceSets.class);

	/** ln(1000): two refreshes in a row miss a live instance with a probability of at most 1/1000. */
	private static final double LN_MISS = Math.log(1000);

	/** How stale a name's last-asked time may get before a caller writes it again. */
	private static final long TOUCH_GRANULARITY_MILLIS = 100;

	private final Function<String, Optional<URI>> lookup;

	private final Duration period;

	private final Duration idleTime;

	private final Duration notFoundGrace;

	private final Clock clock;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final CatalogServices catalog;

	private final LongAdder lookups = new LongAdder();

	private final Object threadLock = new Object();

	private @Nullable ScheduledExecutorService executor;

	private boolean closed;

	/**
	 * Create instance sets.
	 * @param lookup one lookup of a name, as {@link SrsrServiceLookup#lookup} without a cache:
	 * an address, empty for "not found", or an exception when the registry could not answer
	 * @param period the time between two refreshes of a name
	 * @param idleTime how long a name nobody asks for is still refreshed
	 * @param notFoundGrace how long the last set of a name is kept while the registry answers that
	 * nothing is registered under it
	 * @param clock the clock
	 */
	InstanceSets(Function<String, Optional<URI>> lookup, Duration period, Duration idleTime, Duration notFoundGrace,
			Clock clock) {
		Assert.isTrue(period.toMillis() > 0, "'period' must be at least 1 ms");
		Assert.isTrue(!idleTime.isNegative() && !idleTime.isZero(), "'idleTime' must be positive");
		Assert.isTrue(!notFoundGrace.isNegative(), "'notFoundGrace' must not be negative");
		this.lookup = lookup;
		this.period = period;
		this.idleTime = idleTime;
		this.notFoundGrace = notFoundGrace;
		this.clock = clock;
		this.catalog = new CatalogServices(notFoundGrace.toMillis());
	}

	/**
	 * Return how many lookups a refresh makes when {@code known} addresses are known: 1 when
	 * none is, else the least {@code k} with {@code (n / (n + 1))^(2k) <= 0.001} for
	 * {@code n = known}: one more instance than known is planned for, and a live one is missed by
	 * two refreshes in a row with a probability of at most 0.001. 5 for 1, 9 for 2, 13 for 3, 37
	 * for 10; never more than {@code 3 n ln n + 5}.
	 * @param known the number of addresses known
	 * @return the number of lookups
	 */
	static int lookupsFor(int known) {
		if (known <= 0) {
			return 1;
		}
		return (int) Math.ceil(LN_MISS / (2 * Math.log1p(1.0 / known)));
	}

	/**
	 * Return whether a name is one of the heal's side names, which have no instances.
	 * @param serviceName the name
	 * @return whether it is a side name
	 */
	static boolean isSideName(String serviceName) {
		return serviceName.contains(SIDE_NAME_MARK);
	}

	/**
	 * Return the set of a name: from memory once the name is known; the first call samples it
	 * on the calling thread and registers it for refreshes.
	 * @param serviceName the name
	 * @return the addresses known, empty if none
	 * @throws RuntimeException what the lookup threw, only when the first sample of the name
	 * failed at its first lookup
	 */
	List<URI> get(String serviceName) {
		if (isSideName(serviceName)) {
			return List.of();
		}
		return read(serviceName);
	}

	/**
	 * Return the services of the service catalog: sampled like a name's set (the first call on
	 * the calling thread, then refreshed while asked for), each entry one instance, and every
	 * service kept for the not-found grace after the last refresh that showed it (see
	 * {@link CatalogServices}).
	 * @return the service names, sorted
	 * @throws RuntimeException what the lookup threw, only when the first sample of the catalog
	 * failed at its first lookup
	 */
	List<String> services() {
		read(CatalogServices.NAME);
		return this.catalog.services();
	}

	private List<URI> read(String serviceName) {
		Entry entry = this.entries.get(serviceName);
		if (entry != null) {
			SrsrInstanceSet set = entry.current;
			if (set != null) {
				entry.touch(this.clock.millis());
				return set.addresses();
			}
		}
		return firstSample(serviceName);
	}

	private List<URI> firstSample(String serviceName) {
		Entry entry = this.entries.computeIfAbsent(serviceName, Entry::new);
		SrsrInstanceSet set;
		synchronized (entry) {
			set = entry.current;
			if (set == null) {
				try {
					set = refresh(entry, true);
				}
				catch (RuntimeException ex) {
					this.entries.remove(serviceName, entry);
					throw ex;
				}
			}
			entry.touch(this.clock.millis());
		}
		startRefreshing(serviceName);
		return set.addresses();
	}

	/**
	 * Return every set known, by name.
	 * @return the sets
	 */
	List<SrsrInstanceSet> sets() {
		List<SrsrInstanceSet> sets = new ArrayList<>();
		for (Entry entry : this.entries.values()) {
			SrsrInstanceSet set = entry.current;
			if (set != null) {
				sets.add(set);
			}
		}
		sets.sort(Comparator.comparing(SrsrInstanceSet::serviceName));
		return sets;
	}

	/**
	 * Return how many lookups the sampling has made.
	 * @return the count
	 */
	long lookups() {
		return this.lookups.sum();
	}

	/**
	 * Return whether the refresh thread has been created.
	 * @return whether it exists
	 */
	boolean isRefreshing() {
		synchronized (this.threadLock) {
			return this.executor != null;
		}
	}

	private void startRefreshing(String serviceName) {
		synchronized (this.threadLock) {
			if (this.executor != null || this.closed) {
				return;
			}
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
				Thread thread = new Thread(runnable, THREAD_NAME);
				thread.setDaemon(true);
				return thread;
			});
			executor.setRemoveOnCancelPolicy(true);
			long periodNanos = this.period.toNanos();
			executor.scheduleWithFixedDelay(this::refreshAll, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
			this.executor = executor;
			logger.info("srsr discovery refreshes the instance sets of the names looked up, every "
					+ this.period.toMillis() + " ms on thread " + THREAD_NAME + " (first name: '" + serviceName + "')");
		}
	}

	/**
	 * Refresh every name in use once and forget the idle ones: one run of the refresh thread.
	 */
	void refreshAll() {
		long now = this.clock.millis();
		long idleMillis = this.idleTime.toMillis();
		for (Iterator<Entry> iterator = this.entries.values().iterator(); iterator.hasNext();) {
			Entry entry = iterator.next();
			if (entry.current == null) {
				// Its first sample is still running on a caller's thread.
				continue;
			}
			if (now - entry.lastAsked > idleMillis) {
				iterator.remove();
				if (logger.isDebugEnabled()) {
					logger.debug("srsr discovery forgets '" + entry.serviceName + "': nobody asked for it in "
							+ idleMillis + " ms");
				}
				continue;
			}
			try {
				synchronized (entry) {
					refresh(entry, false);
				}
			}
			catch (RuntimeException ex) {
				// Not from the lookups (they are caught in refresh): keep the thread alive for the others.
				logger.warn("srsr discovery could not refresh '" + entry.serviceName + "'", ex);
			}
		}
	}

	/**
	 * Refresh one name; called with its lock held.
	 * @param first whether this is the name's first sample, whose failure at the first lookup is
	 * thrown
	 */
	private SrsrInstanceSet refresh(Entry entry, boolean first) {
		String serviceName = entry.serviceName;
		int known = entry.lastSeen.size();
		Set<URI> seen = new LinkedHashSet<>();
		int made = 0;
		boolean notFound = false;
		RuntimeException failure = null;
		try {
			while (made < lookupsFor(Math.max(known, seen.size()))) {
				made++;
				Optional<URI> address = this.lookup.apply(serviceName);
				if (address.isEmpty()) {
					notFound = true;
					break;
				}
				seen.add(address.get());
			}
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		finally {
			this.lookups.add(made);
		}
		if (first && failure != null && seen.isEmpty()) {
			throw failure;
		}
		Instant now = this.clock.instant();
		State state;
		String lastFailure = null;
		List<URI> before = (entry.current != null) ? entry.current.addresses() : List.of();
		if (failure == null && !notFound) {
			entry.round++;
			seen.forEach((address) -> entry.lastSeen.put(address, entry.round));
			for (URI address : seen) {
				if (entry.departed.remove(address)) {
					entry.returned.add(address);
				}
			}
			// After "not found" (a removal, which the survivors heal by registering again), an
			// address this first complete refresh did not see is most likely the one that left:
			// dropped now rather than a refresh later. A survivor not yet back shows again at the
			// next refresh that sees it.
			long oldestKept = entry.notFoundSeen ? entry.round : entry.round - 1;
			entry.lastSeen.values().removeIf((round) -> round < oldestKept);
			entry.notFoundSeen = false;
			entry.notFoundSince = null;
			state = State.FRESH;
			// An address this refresh missed may have left while the survivors healed between two
			// refreshes (no "not found" seen): its departure notice drops it now, not a refresh later.
			Set<URI> missed = new LinkedHashSet<>();
			entry.lastSeen.forEach((address, round) -> {
				if (round < entry.round) {
					missed.add(address);
				}
			});
			made += dropDeparted(entry, missed);
		}
		else {
			// An incomplete refresh adds what it saw and counts towards no departure.
			seen.forEach((address) -> entry.lastSeen.put(address, entry.round));
			if (failure != null) {
				state = State.FAILED;
				lastFailure = failure.getMessage();
			}
			else {
				state = State.NOT_FOUND;
				entry.notFoundSeen = true;
				if (entry.notFoundSince == null) {
					entry.notFoundSince = now;
				}
				if (seen.isEmpty() && !now.isBefore(entry.notFoundSince.plus(this.notFoundGrace))) {
					entry.lastSeen.clear();
				}
				else {
					made += dropDeparted(entry, Set.copyOf(entry.lastSeen.keySet()));
				}
			}
		}
		logOutcome(entry, state, failure);
		SrsrInstanceSet set = new SrsrInstanceSet(serviceName, List.copyOf(entry.lastSeen.keySet()), state, now,
				lastFailure);
		if (logger.isDebugEnabled() && !set.addresses().equals(before)) {
			logger.debug("srsr discovery: '" + serviceName + "' is now " + set.addresses() + " (" + state + ", "
					+ made + " lookups)");
		}
		entry.current = set;
		if (serviceName.equals(CatalogServices.NAME)) {
			this.catalog.refreshed(set.addresses(), now.toEpochMilli());
		}
		return set;
	}

	/**
	 * Drop the given addresses of the set that the name's departure notices show, sampled like the
	 * name (stopping at "not found" or once every one of them showed); an address seen again
	 * after a notice dropped it is kept, since its notice outlives the departure by the registry's
	 * timeout and the instance may have come back at the same address. Notices not found: none
	 * of them is alive any more, and an address dropped again later is dropped by a new one. A
	 * side name has no notices: nothing to do.
	 * @return the lookups made
	 */
	private int dropDeparted(Entry entry, Set<URI> candidates) {
		if (candidates.isEmpty() || isSideName(entry.serviceName)) {
			return 0;
		}
		String notices = entry.serviceName + DEPARTURE_NOTICES;
		Set<URI> noticed = new LinkedHashSet<>();
		int made = 0;
		try {
			while (made < lookupsFor(Math.max(candidates.size(), noticed.size())) && !noticed.containsAll(candidates)) {
				made++;
				Optional<URI> address = this.lookup.apply(notices);
				if (address.isEmpty()) {
					entry.departed.clear();
					entry.returned.clear();
					break;
				}
				noticed.add(address.get());
			}
		}
		catch (RuntimeException ex) {
			// As any failed lookup, it ends the sampling: only what the notices showed before is dropped.
			if (logger.isDebugEnabled()) {
				logger.debug("srsr discovery could not read the departure notices of '" + entry.serviceName + "': "
						+ ex.getMessage());
			}
		}
		finally {
			this.lookups.add(made);
		}
		noticed.retainAll(candidates);
		noticed.removeAll(entry.returned);
		if (!noticed.isEmpty()) {
			entry.lastSeen.keySet().removeAll(noticed);
			entry.departed.addAll(noticed);
			if (logger.isDebugEnabled()) {
				logger.debug("srsr discovery: " + noticed + " left '" + entry.serviceName + "' (departure notice)");
			}
		}
		return made;
	}

	private void logOutcome(Entry entry, State state, @Nullable RuntimeException failure) {
		if (failure != null) {
			entry.failures++;
			if (entry.failures == 1) {
				logger.warn("srsr discovery could not refresh the instances of '" + entry.serviceName
						+ "'; it keeps serving the last ones known until a refresh succeeds: " + failure.getMessage());
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("srsr discovery still cannot refresh '" + entry.serviceName + "' (" + entry.failures
						+ " refreshes in a row): " + failure.getMessage());
			}
			return;
		}
		if (entry.failures > 0) {
			logger.info("srsr discovery refreshes the instances of '" + entry.serviceName + "' again after "
					+ entry.failures + " failed refreshes" + ((state == State.NOT_FOUND) ? " (not found)" : ""));
			entry.failures = 0;
		}
	}

	@Override
	public void close() {
		ScheduledExecutorService executor;
		synchronized (this.threadLock) {
			this.closed = true;
			executor = this.executor;
			this.executor = null;
		}
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	/**
	 * One name in use. {@link #current} and {@link #lastAsked} are read without a lock; the rest is
	 * changed only under the entry's lock.
	 */
	private static final class Entry {

		private final String serviceName;

		private volatile @Nullable SrsrInstanceSet current;

		private volatile long lastAsked;

		/** Every address in the set, with the number of the last complete refresh that saw it. */
		private final Map<URI, Long> lastSeen = new LinkedHashMap<>();

		/** Complete refreshes so far: every lookup answered with an address. */
		private long round;

		private @Nullable Instant notFoundSince;

		/** Addresses a departure notice dropped, until the notices are found gone. */
		private final Set<URI> departed = new LinkedHashSet<>();

		/** Addresses seen again after a notice dropped them: their notices are stale. */
		private final Set<URI> returned = new LinkedHashSet<>();

		/** A refresh found nothing registered since the last complete one. */
		private boolean notFoundSeen;

		private int failures;

		Entry(String serviceName) {
			this.serviceName = serviceName;
		}

		void touch(long now) {
			// Written only when it changes noticeably, so that busy callers do not all write one cache line.
			if (now - this.lastAsked >= TOUCH_GRANULARITY_MILLIS) {
				this.lastAsked = now;
			}
		}

	}

}
