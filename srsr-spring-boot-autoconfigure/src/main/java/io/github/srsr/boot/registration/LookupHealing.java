package io.github.srsr.boot.registration;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.client.SrsrRegistryUnreachableException;

/**
 * Notices and heals srsr's name-wide removal at one registry: when any instance of a name is
 * deregistered or expires, srsr drops the whole name from lookup while the other instances'
 * heartbeats keep succeeding. The mechanism (docs/architecture.md, "Healing srsr's name-wide
 * removal") uses a side name, {@code <name>#srsr-generation}: every healing instance holds one
 * id there (its <em>marker</em>), registered with the address
 * {@code http://generation.srsr.invalid/<token>} of the generation it joined. A departure or an
 * expiry of any instance therefore empties the side name too, and whoever notices it first
 * starts a new generation; the others see a generation they do not know and register again. A
 * lookup of the own name catches removals caused by instances that hold no marker (other
 * clients, healing off).
 * <p>
 * The same lookups bound how long this instance may be missing from lookup unnoticed (the join
 * race, or any other way out of lookup that neither the side name nor an empty name shows): an
 * {@link UnseenStreak} counts the lookups of the own name since this instance last saw its own
 * address ({@link OwnAddress}). While it lasts, a round makes up to {@value #EXTRA_LOOKUPS} more
 * lookups; once it tells, the instance registers again and starts a new generation, so that every
 * other instance left out the same way registers again at its next check.
 * <p>
 * Used only within {@link RegistryCalls}, one call at a time; not thread-safe otherwise.
 */
final class LookupHealing {

	/**
	 * The most ids of the own name held at once; healing once more registers again from scratch
	 * (which removes the name from lookup once, as a departure does).
	 */
	static final int MAX_INSTANCE_IDS = 16;

	/** The side name's suffix. */
	static final String GENERATION_SUFFIX = "#srsr-generation";

	private static final String GENERATION_ADDRESS = "http://generation.srsr.invalid/";

	private static final int KNOWN_GENERATIONS = 32;

	/** The side name of the one-off registration that shows the address the registry deduces. */
	static final String ADDRESS_PROBE_SUFFIX = "#srsr-address-";

	/** The most lookups of the own name a round adds while this instance is not seen. */
	static final int EXTRA_LOOKUPS = 3;

	/**
	 * The most lookups of the side name that look for this instance's own marker before an
	 * unknown generation is taken for a removal: with two markers listed, a listed one is missed by
	 * all of them with a chance of 1/256.
	 */
	static final int MARKER_LOOKUPS = 8;

	private static final Log logger = LogFactory.getLog(SrsrRegistration.class);

	private final SrsrClient client;

	private final String serviceName;

	private final String generationName;

	private final List<String> markerIds = new ArrayList<>();

	// The generation of the marker registered last; listed as long as nothing removed the side
	// name since (meaningful only while a marker is held).
	private @Nullable String markerGeneration;

	private final Set<String> knownGenerations = new LinkedHashSet<>();

	// The side name could not be looked up before joining: adopt what the next check shows.
	private boolean generationUnknown;

	// Why the last attempt to register again was made, while it has not succeeded.
	private @Nullable String unhealed;

	// The generation of a marker to register after a check found none held.
	private @Nullable String markerToHold;

	// What this instance is registered with, and how lookup answers show it.
	private final OwnAddress ownAddress;

	// Lookups of the own name since the own address was last seen (or since registering).
	private final UnseenStreak streak = new UnseenStreak();

	// Registered again for not being seen, and not seen since: a second time would say that
	// lookup shows this instance other than as compared (a proxy rewriting addresses), not that
	// it is left out.
	private boolean unseenSinceRegisteringAgain;

	LookupHealing(SrsrClient client, String serviceName) {
		this.client = client;
		this.serviceName = serviceName;
		this.generationName = serviceName + GENERATION_SUFFIX;
		this.ownAddress = new OwnAddress(this::probeAddress);
	}

	/**
	 * Before registering (at first, or after the registry forgot the instance): look up the side
	 * name, then hold a marker in the generation seen, or in a new one when there was none (the
	 * first instance of a name, or the first to come back after a removal). Looking up before
	 * registering makes a removal in between show at the next check; the marker going first makes
	 * instances that start together most likely find each other's generation. A registry that
	 * answers the lookup with an error does not hold up the registration (the next check adopts
	 * what it sees); a failed marker registration is registered at the next check.
	 * @param request what is about to be registered
	 * @throws SrsrRegistryUnreachableException when the registry cannot be reached, which fails
	 * the registration attempt
	 */
	void join(ServiceRegistrationRequest request) {
		this.streak.restart();
		this.ownAddress.registering(request);
		String generation;
		try {
			generation = currentGeneration();
		}
		catch (SrsrRegistryUnreachableException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			logger.debug("Could not look up " + this.generationName + ": " + FailureStreak.describe(ex));
			this.generationUnknown = true;
			return;
		}
		this.generationUnknown = false;
		if (this.markerIds.isEmpty()) {
			holdMarker((generation != null) ? generation : newGeneration());
		}
		else if (generation != null) {
			remember(generation);
		}
	}

	private @Nullable String currentGeneration() {
		return generation(this.client.lookup(this.generationName));
	}

	/**
	 * Register again after a removal from lookup. The ids held are released first when
	 * {@value #MAX_INSTANCE_IDS} are held, or when the own name was not found and no other
	 * generation showed, and always together with a new generation. Another instance may register
	 * between the check and the release, which then removes it from lookup; the new generation,
	 * which shows after the release, tells it to register again. When the check showed another
	 * generation to join, the ids are kept: the instance that started it is healing right now and
	 * would not be told.
	 * @param removal what {@link #check()} found
	 * @param request what to register
	 * @param held the ids of the own name held, the listed one last
	 * @return what was done
	 * @throws RuntimeException when releasing or registering failed
	 */
	Healed heal(Removal removal, ServiceRegistrationRequest request, List<String> held) {
		List<String> released = List.of();
		boolean full = held.size() >= MAX_INSTANCE_IDS;
		if (full || (removal.lookupEmpty() && removal.generation() == null)) {
			released = held;
			removal = new Removal(removal.lookupEmpty(), null, removal.lookupEmpty() ? removal.cause()
					: removal.cause() + "; released the " + held.size() + " ids held to start afresh");
		}
		release(released);
		healing(removal);
		String id = this.client.register(request);
		this.unhealed = null;
		this.streak.restart();
		this.ownAddress.registering(request);
		return new Healed(id, released, removal.cause());
	}

	/**
	 * Look up the side name and the own name, after heartbeats succeeded; only lookups (and a
	 * heartbeat of the marker when the side name shows a change), so that leaving may interrupt
	 * it.
	 * @return the removal to heal, or {@code null} when this instance is still listed as far as a
	 * client can tell
	 */
	@Nullable Removal check() {
		String generation = currentGeneration();
		Optional<URI> seen = this.client.lookup(this.serviceName);
		boolean listed = seen.isPresent();
		if (this.unhealed != null) {
			return new Removal(!listed, generation, this.unhealed);
		}
		if (this.generationUnknown || (generation == null && this.markerIds.isEmpty())) {
			// Nothing to compare with (no generation seen, or no marker of ours to have been
			// removed): adopt what is there.
			this.generationUnknown = false;
			if (!listed) {
				return new Removal(true, null, "the name was not found");
			}
			if (this.markerIds.isEmpty()) {
				this.markerToHold = (generation != null) ? generation : newGeneration();
			}
			else if (generation != null) {
				remember(generation);
			}
			return sample(seen.get());
		}
		if (generation == null || !this.knownGenerations.contains(generation)) {
			String forgotten = forgottenMarker();
			if (forgotten != null) {
				// The registry restarted (or expired this instance) after this round's heartbeats:
				// nobody left; this instance registers from scratch, as when a heartbeat tells it.
				return new Removal(!listed, generation, "the registry no longer knows this instance", forgotten);
			}
			if (listed && generation != null && ownMarkerListed()) {
				// Any removal empties the side name, this instance's marker with it: listed, it says
				// that nothing was removed since it was registered, and that another instance
				// started a generation of its own at the same moment (after a registry restart,
				// or starting together).
				logger.debug("srsr lookup of " + this.generationName + " shows generation " + generation
						+ ", started at the same moment as this instance's, whose marker is still listed: "
						+ "nothing was removed");
				remember(generation);
				return sample(seen.get());
			}
			return new Removal(!listed, generation, "another instance left or expired");
		}
		if (!listed) {
			return new Removal(true, null, "an instance that does not heal itself, such as srsrpy's, left or expired");
		}
		if (this.markerIds.isEmpty()) {
			this.markerToHold = generation;
		}
		return sample(seen.get());
	}

	/**
	 * Count a lookup of the own name that found it listed, and while the own address is not seen,
	 * look up up to {@value #EXTRA_LOOKUPS} more times (until it is). A streak long enough to
	 * tell asks to register again in a new generation, keeping the ids held (the name is listed,
	 * so releasing them would remove somebody).
	 * @param first the address the round's first lookup showed
	 * @return the removal to heal, or {@code null}
	 */
	private @Nullable Removal sample(URI first) {
		URI seen = first;
		for (int extra = 0;; extra++) {
			if (this.ownAddress.isShownBy(seen)) {
				this.streak.restart();
				this.unseenSinceRegisteringAgain = false;
				return null;
			}
			String unseen = this.streak.miss(OwnAddress.Address.of(seen));
			if (unseen != null) {
				if (this.unseenSinceRegisteringAgain) {
					logger.warn("srsr lookup of '" + this.serviceName + "' has not shown " + this.ownAddress
							+ " since this instance registered again for not being seen: "
							+ "no longer registering again for that");
					this.ownAddress.stopComparing();
					return null;
				}
				this.unseenSinceRegisteringAgain = true;
				return new Removal(false, null, unseen);
			}
			if (extra == EXTRA_LOOKUPS) {
				return null;
			}
			Optional<URI> next = this.client.lookup(this.serviceName);
			if (next.isEmpty()) {
				return null; // removed meanwhile: the next check sees it
			}
			seen = next.get();
		}
	}

	/**
	 * Look up the side name until it shows this instance's own marker's generation (at most
	 * {@value #MARKER_LOOKUPS} times, or until it is empty).
	 */
	private boolean ownMarkerListed() {
		String own = this.markerIds.isEmpty() ? null : this.markerGeneration;
		if (own == null) {
			return false;
		}
		for (int i = 0; i < MARKER_LOOKUPS; i++) {
			String generation = currentGeneration();
			if (generation == null) {
				return false;
			}
			if (generation.equals(own)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Show the address the registry registers this instance with when it sends only a port (or
	 * nothing): a one-off registration under a side name of its own, looked up and deregistered at
	 * once (its removal removes nobody else, nor does its expiry should the deregistration fail or
	 * be interrupted).
	 * @param port the port sent, or {@code null}
	 * @return the address, or empty when the registry did not tell
	 */
	private Optional<URI> probeAddress(@Nullable Integer port) {
		String probe = this.serviceName + ADDRESS_PROBE_SUFFIX + UUID.randomUUID();
		Optional<URI> address = Optional.empty();
		try {
			String id = this.client.register(new ServiceRegistrationRequest(probe, null, port));
			try {
				address = this.client.lookup(probe);
			}
			finally {
				this.client.deregister(id);
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not learn the address srsr registers '" + this.serviceName + "' with: "
					+ FailureStreak.describe(ex));
		}
		return address;
	}

	/**
	 * Return the first marker the registry no longer knows, by heartbeats, or {@code null} while
	 * it knows them all.
	 */
	private @Nullable String forgottenMarker() {
		for (String marker : this.markerIds) {
			if (!this.client.heartbeat(marker)) {
				return marker;
			}
		}
		return null;
	}

	/**
	 * Register the marker that the last {@link #check()} found missing, outside of it, since an
	 * interrupted registration would leave an id nobody holds.
	 */
	void holdMissingMarker() {
		String generation = this.markerToHold;
		this.markerToHold = null;
		if (generation != null && this.markerIds.isEmpty()) {
			holdMarker(generation);
		}
	}

	/**
	 * Before registering again: join the generation that was seen, or start a new one so that the
	 * other instances notice the removal too (the side name was empty, or only the own lookup
	 * showed it). Starting one releases this instance's markers first, which empties the side
	 * name. Until registered, every check asks to heal again.
	 */
	private void healing(Removal removal) {
		this.unhealed = removal.cause();
		if (removal.generation() != null) {
			remember(removal.generation());
			return;
		}
		release(this.markerIds);
		this.markerIds.clear();
		holdMarker(newGeneration());
	}

	/**
	 * Return the marker ids held, to keep them alive with heartbeats.
	 * @return the marker ids
	 */
	List<String> markerIds() {
		return List.copyOf(this.markerIds);
	}

	/**
	 * Deregister every marker: on leaving, which empties the side name so that the other
	 * instances notice. (Without an answer, the registry expires them.) The caller then
	 * {@linkplain #forget() forgets} them, whether this was called or not.
	 * @return how many were deregistered
	 */
	int leave() {
		return releaseCounted(this.markerIds);
	}

	/**
	 * Forget the markers, after they were released or the registry forgot them.
	 */
	void forget() {
		this.markerIds.clear();
	}

	/**
	 * Deregister ids, whatever the answers, until a call fails (the registry expires the rest):
	 * ids that are no longer listed, released when the list they would empty is empty anyway, or
	 * on leaving.
	 * @param ids the ids
	 */
	void release(List<String> ids) {
		releaseCounted(ids);
	}

	/**
	 * Deregister ids, as {@link #release(List)} does.
	 * @param ids the ids
	 * @return how many calls got an answer
	 */
	int releaseCounted(List<String> ids) {
		int released = 0;
		for (String id : ids) {
			try {
				this.client.deregister(id);
				released++;
			}
			catch (RuntimeException ex) {
				logger.debug("Could not release id " + id + " of '" + this.serviceName + "': "
						+ FailureStreak.describe(ex));
				break;
			}
		}
		return released;
	}

	private void holdMarker(String generation) {
		try {
			this.markerIds.add(this.client
				.register(new ServiceRegistrationRequest(this.generationName, GENERATION_ADDRESS + generation, null)));
			this.markerGeneration = generation;
			remember(generation);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not register the generation marker of '" + this.serviceName + "': "
					+ FailureStreak.describe(ex));
		}
	}

	private static String newGeneration() {
		return UUID.randomUUID().toString();
	}

	private void remember(String generation) {
		this.knownGenerations.add(generation);
		if (this.knownGenerations.size() > KNOWN_GENERATIONS) {
			this.knownGenerations.remove(this.knownGenerations.iterator().next());
		}
	}

	private static @Nullable String generation(Optional<URI> marker) {
		return marker.map(URI::getPath).map((path) -> path.startsWith("/") ? path.substring(1) : path).orElse(null);
	}

	/**
	 * A removal of this instance from lookup.
	 *
	 * @param lookupEmpty whether the own name was not found, so that the ids held can be released
	 * without removing anybody
	 * @param generation the generation to join, or {@code null} to start a new one
	 * @param cause why, as the log line says it
	 * @param forgottenId an id the registry no longer knows (it restarted or expired this
	 * instance), in which case nobody was removed and this instance registers from scratch, or
	 * {@code null}
	 */
	record Removal(boolean lookupEmpty, @Nullable String generation, String cause, @Nullable String forgottenId) {

		Removal(boolean lookupEmpty, @Nullable String generation, String cause) {
			this(lookupEmpty, generation, cause, null);
		}

	}

	/**
	 * A registration after a removal from lookup.
	 *
	 * @param id the new id
	 * @param released the ids released
	 * @param cause why, as the log line says it
	 */
	record Healed(String id, List<String> released, String cause) {
	}

}
