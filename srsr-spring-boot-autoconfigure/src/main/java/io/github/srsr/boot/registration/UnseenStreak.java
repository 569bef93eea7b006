package io.github.srsr.boot.registration;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The lookups of the own name since this instance last saw its own address, and the other
 * addresses they showed: tells when the instance would have been missed that long, were it
 * listed, with a chance of at most {@value #MISSED_CHANCE}. A lookup returns one listed address
 * at random, so a run of {@code L} lookups that showed only {@code k} other addresses misses an
 * instance listed with them with a chance of at most {@code (k/(k+1))^L}; the streak tells from
 * its whole length with every other address it showed, and from each shorter run at its end
 * (the lookups since the others it showed earlier were last seen), so that an instance that
 * fell out of lookup after seeing more others than are still listed (the join race) tells as
 * soon as if it had seen only those. Not thread-safe.
 */
final class UnseenStreak {

	/**
	 * The chance, at most, that an instance listed with the others seen is missed by a whole
	 * run, which is then taken for being left out of lookup.
	 */
	static final double MISSED_CHANCE = 1e-6;

	// Beyond these, the least recently seen other address is forgotten: only the whole streak
	// still counts it (as one of these), so a larger fleet tells as if this many were listed.
	static final int REMEMBERED_OTHERS = 64;

	private int lookups;

	// The other addresses, least recently seen first, with the lookup that last showed each.
	private final Map<OwnAddress.Address, Integer> lastSeen = new LinkedHashMap<>();

	/** Start again: the own address was seen, or this instance registered. */
	void restart() {
		this.lookups = 0;
		this.lastSeen.clear();
	}

	/**
	 * Count a lookup of the own name that showed another address.
	 * @param other the address shown
	 * @return why this instance takes itself for left out of lookup, or {@code null} while it
	 * cannot tell
	 */
	@Nullable String miss(OwnAddress.Address other) {
		this.lookups++;
		this.lastSeen.remove(other);
		this.lastSeen.put(other, this.lookups);
		if (this.lastSeen.size() > REMEMBERED_OTHERS) {
			Iterator<Integer> leastRecent = this.lastSeen.values().iterator();
			leastRecent.next();
			leastRecent.remove();
		}
		int[] seenAt = this.lastSeen.values().stream().mapToInt(Integer::intValue).toArray();
		int remembered = seenAt.length;
		for (int others = 1; others <= remembered; others++) {
			// Since the lookup that last showed the one seen before the last `others`, only they
			// were shown; with all remembered, the whole streak.
			int run = this.lookups - ((others < remembered) ? seenAt[remembered - 1 - others] : 0);
			if (run >= lookupsToTell(others + 1)) {
				return "this instance was not seen in " + run + " lookups of its name, which showed " + others
						+ ((others == 1) ? " other address" : " other addresses");
			}
		}
		return null;
	}

	/**
	 * Return how many lookups in a row must miss an instance listed among {@code listed}
	 * addresses before it is taken for left out: the least {@code n} with
	 * {@code (1 - 1/listed)^n <= }{@value #MISSED_CHANCE}.
	 * @param listed the addresses listed, this instance's included, at least 2
	 * @return the number of lookups
	 */
	static int lookupsToTell(int listed) {
		return (int) Math.ceil(Math.log(MISSED_CHANCE) / Math.log(1 - 1.0 / listed));
	}

}
