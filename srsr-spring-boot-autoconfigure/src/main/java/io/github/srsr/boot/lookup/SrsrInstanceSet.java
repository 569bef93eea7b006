package io.github.srsr.boot.lookup;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@link DefaultSrsrServiceLookup} knows of the live instances of one service name, learned
 * by sampling srsr's random lookups in the background, as {@link SrsrServiceLookup#lookupAll}
 * serves it.
 *
 * @param serviceName the name looked up
 * @param addresses the addresses of the instances known, in the order first seen
 * @param state what the last refresh found
 * @param refreshedAt when the last refresh ended, whatever its outcome
 * @param lastFailure why the last refresh failed, or {@code null} unless the state is
 * {@link State#FAILED}
 */
public record SrsrInstanceSet(String serviceName, List<URI> addresses, State state, Instant refreshedAt,
		@Nullable String lastFailure) {

	/**
	 * What the last refresh of a set found.
	 */
	public enum State {

		/**
		 * The registry answered every lookup of the last refresh: the set is as fresh as sampling
		 * makes it.
		 */
		FRESH,

		/**
		 * The registry answered that nothing is registered under the name. srsr's name-wide
		 * removal empties a name for a moment when one of its instances leaves, until the others
		 * register again, so the last set is kept for a grace time, then emptied.
		 */
		NOT_FOUND,

		/**
		 * The last refresh failed (registry down, or lookups failing fast): the last set is kept
		 * until a refresh succeeds.
		 */
		FAILED

	}

}
