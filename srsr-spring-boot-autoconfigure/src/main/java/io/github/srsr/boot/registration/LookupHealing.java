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

/**
 * Notices and heals srsr's name-wide removal at one registry: when any instance of a name is
 * deregistered or expires, srsr drops the whole name from lookup while the other instances'
 * heartbeats keep succeeding. The mechanism (docs/architecture.md, "Healing srsr's name-wide
 * removal") uses a side name, {@code <name>#srsr-generation}: every healing instance holds one
 * id there (its <em>marker</em>), registered with the address {@code http://generation.srsr.invalid/<token>}
 * of the generation it joined. A departure or an expiry of any instance therefore empties the side
 * name too, and whoever notices it first starts a new generation; the others see a generation
 * they do not know and register again. A lookup of the own name catches removals caused by
 * instances that hold no marker (other clients, healing off).
 * <p>
 * Used only within {@link RegistryCalls}, one call at a time; not thread-safe otherwise.
 */
final class LookupHealing {

	/** The side name's suffix. */
	static final String GENERATION_SUFFIX = "#srsr-generation";

	private static final String GENERATION_ADDRESS = "http://generation.srsr.invalid/";

	private static final int KNOWN_GENERATIONS = 32;

	private static final Log logger = LogFactory.getLog(SrsrRegistration.class);

	private final SrsrClient client;

	private final String serviceName;

	private final String generationName;

	private final List<String> markerIds = new ArrayList<>();

	private final Set<String> knownGenerations = new LinkedHashSet<>();

	LookupHealing(SrsrClient client, String serviceName) {
		this.client = client;
		this.serviceName = serviceName;
		this.generationName = serviceName + GENERATION_SUFFIX;
	}

	/**
	 * Return the generation the name's instances are in, asked before (re-)joining so that a
	 * removal after the question is noticed later.
	 * @return the generation, or {@code null} when the side name is empty
	 */
	@Nullable String currentGeneration() {
		return generation(this.client.lookup(this.generationName));
	}

	/**
	 * Hold a marker in the generation seen before joining, or in a new one when there was none:
	 * the first instance of a name, or the first to come back after a removal. A failure is only
	 * logged: the next check registers the marker.
	 * @param generation what {@link #currentGeneration()} answered
	 */
	void joined(@Nullable String generation) {
		holdMarker((generation != null) ? generation : UUID.randomUUID().toString());
	}

	/**
	 * Look up the side name and the own name, after heartbeats succeeded.
	 * @return the removal to heal, or {@code null} when this instance is still listed as far as a
	 * client can tell
	 */
	@Nullable Removal check() {
		String generation = currentGeneration();
		boolean listed = this.client.lookup(this.serviceName).isPresent();
		if (generation == null && this.markerIds.isEmpty()) {
			// No marker of ours to have been removed: an empty side name tells nothing.
			if (listed) {
				holdMarker(UUID.randomUUID().toString());
				return null;
			}
			return new Removal(true, null, "the name was not found");
		}
		if (generation == null || !this.knownGenerations.contains(generation)) {
			return new Removal(!listed, generation, "another instance left or expired");
		}
		if (!listed) {
			return new Removal(true, null, "an instance that does not heal itself, such as srsrpy's, left or expired");
		}
		if (this.markerIds.isEmpty()) {
			holdMarker(generation);
		}
		return null;
	}

	/**
	 * After registering again: join the generation that was seen, or start a new one so that the
	 * other instances notice the removal too (the side name was empty, or only the own lookup
	 * showed it). Starting one releases this instance's markers first, which empties the side
	 * name.
	 * @param removal what was healed
	 */
	void healed(Removal removal) {
		if (removal.generation() != null) {
			remember(removal.generation());
			return;
		}
		release(this.markerIds);
		this.markerIds.clear();
		joined(null);
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
	 * instances notice.
	 */
	void leave() {
		release(this.markerIds);
		this.markerIds.clear();
	}

	/**
	 * Forget the markers, after the registry forgot an id held and the others were released.
	 */
	void forget() {
		this.markerIds.clear();
	}

	/**
	 * Deregister ids, ignoring every answer: ids that are no longer listed, released when the
	 * list they would empty is empty anyway, or on leaving. Stops at the first call that fails:
	 * a registry that did not answer is not made to time out once per id; the rest expire.
	 * @param ids the ids
	 */
	void release(List<String> ids) {
		for (String id : ids) {
			try {
				this.client.deregister(id);
			}
			catch (RuntimeException ex) {
				logger.debug("Could not release id " + id + " of '" + this.serviceName + "' (nor the "
						+ (ids.size() - ids.indexOf(id) - 1) + " after it): " + RegistrationListener.describe(ex));
				return;
			}
		}
	}

	private void holdMarker(String generation) {
		try {
			this.markerIds.add(this.client
				.register(new ServiceRegistrationRequest(this.generationName, GENERATION_ADDRESS + generation, null)));
			remember(generation);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not register the generation marker of '" + this.serviceName + "': "
					+ RegistrationListener.describe(ex));
		}
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
	 */
	record Removal(boolean lookupEmpty, @Nullable String generation, String cause) {

		/**
		 * Return this removal healed from scratch: every id held released, which removes the
		 * name from lookup, so a new generation starts for the other instances to notice.
		 * @param released how many ids are released
		 * @return the removal to heal
		 */
		Removal startingAfresh(int released) {
			return new Removal(false, null, this.cause + "; released the " + released + " ids held to start afresh");
		}

	}

}
