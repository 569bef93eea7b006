package io.github.srsr.boot.registration;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.registration.LookupHealing.Removal;
import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;

/**
 * This instance's entry in the service catalog ({@code srsr.discovery.catalog.enabled}): one id
 * under the shared side name {@value #NAME}, whose address names the service, so that discovery
 * clients can list every service by sampling that name (docs/architecture.md, "The service
 * catalog"). The address is {@code http://catalog.srsr.invalid/<generation>/<instance>/<service>}:
 * {@code <instance>} is random per registry registration, so that every instance is one address
 * and sampling covers instances; {@code <service>} is URL-encoded.
 * <p>
 * srsr's name-wide removal applies to the catalog as to any name, and any departure or expiry of
 * any catalog instance removes it; healed as {@link LookupHealing} heals a name, with the catalog
 * entries as markers: one lookup of the catalog per round; found empty, this instance is the first
 * to notice, releases the ids it holds (nobody is listed) and registers in a new generation; a
 * generation it does not know means that another one did, and it registers again in that one,
 * keeping its older ids alive (their expiry would remove the catalog again), at most
 * {@value #MAX_IDS}, then releases them all and starts afresh.
 * <p>
 * An instance that joins a generation it saw listed may have joined across a departure (the
 * catalog removed between its lookup and its registration): then it is listed alone while the
 * others, seeing a known generation, stay out. Until it sees another instance's entry, each check
 * looks up to {@value #EXTRA_LOOKUPS} more times; once {@value #ALONE_LOOKUPS} lookups in a row
 * showed only its own entry (a chance of at most 1e-6 while another entry is listed), it takes
 * itself for alone and starts a new generation, which the others join.
 * <p>
 * Used only within {@link RegistryCalls}, one call at a time; not thread-safe otherwise.
 */
final class CatalogEntry {

	/**
	 * The catalog's side name; {@code io.github.srsr.boot.lookup.CatalogServices} reads it.
	 */
	static final String NAME = "#srsr-catalog";

	static final String ADDRESS = "http://catalog.srsr.invalid/";

	/** The most catalog ids held at once. */
	static final int MAX_IDS = LookupHealing.MAX_INSTANCE_IDS;

	private static final int KNOWN_GENERATIONS = 32;

	/** Lookups in a row showing only the own entry before this instance takes itself for alone. */
	static final int ALONE_LOOKUPS = 20;

	/** The most lookups a check adds while only the own entry has been seen since joining. */
	static final int EXTRA_LOOKUPS = 3;

	private final SrsrClient client;

	private final String serviceName;

	private final String instance = UUID.randomUUID().toString();

	// The ids held, the one registered last at the end.
	private final List<String> ids = new ArrayList<>();

	private final Set<String> knownGenerations = new LinkedHashSet<>();

	// Joined a generation another instance made, and has not seen another instance's entry since:
	// lookups showing only the own entry are counted.
	private boolean expectingOthers;

	private int aloneLookups;

	CatalogEntry(SrsrClient client, String serviceName) {
		this.client = client;
		this.serviceName = serviceName;
	}

	/**
	 * After the instance registered (at first, or after the registry forgot it): join the
	 * generation the catalog shows, or start one when it is empty. After a failure the next
	 * {@link #check()} registers an entry, as none is held.
	 * @return whether an entry was registered ({@code false} when one is held already)
	 * @throws RuntimeException if the registry could not be asked or did not take the entry
	 */
	boolean join() {
		if (!this.ids.isEmpty()) {
			return false;
		}
		String generation = generation(this.client.lookup(NAME));
		hold((generation != null) ? generation : newGeneration());
		expectOthers(generation != null);
		return true;
	}

	/**
	 * Look up the catalog once, after a round of heartbeats (which kept every id held alive); only
	 * a lookup, so that leaving may interrupt it.
	 * @return what to register, or {@code null} when this instance is listed as far as a client
	 * can tell
	 */
	@Nullable Removal check() {
		for (int extra = 0;; extra++) {
			Optional<URI> entry = this.client.lookup(NAME);
			String generation = generation(entry);
			if (generation == null) {
				return new Removal(true, null, "the catalog was found empty");
			}
			if (this.ids.isEmpty()) {
				return new Removal(false, generation, "no catalog entry was held");
			}
			if (!this.knownGenerations.contains(generation)) {
				return new Removal(false, generation, "another instance registered in the catalog again");
			}
			if (!this.expectingOthers) {
				return null;
			}
			if (!this.instance.equals(instance(entry.get()))) {
				this.expectingOthers = false;
				return null;
			}
			if (++this.aloneLookups >= ALONE_LOOKUPS) {
				this.expectingOthers = false;
				return new Removal(true, null, "only this instance's entry was seen in " + ALONE_LOOKUPS
						+ " lookups since it joined a generation another instance had made");
			}
			if (extra == EXTRA_LOOKUPS) {
				return null;
			}
		}
	}

	/**
	 * Register again after {@link #check()} found a reason to: release the ids held first when the
	 * catalog was empty (they remove nobody) or {@value #MAX_IDS} are held, then register in the
	 * generation seen, or in a new one (the others then notice). After a failure the next check
	 * tries again.
	 * @param removal what the check found
	 * @throws RuntimeException if the registry did not take the entry
	 */
	void heal(Removal removal) {
		String generation = removal.generation();
		if (removal.lookupEmpty() || this.ids.size() >= MAX_IDS) {
			releaseAll();
			generation = null;
		}
		hold((generation != null) ? generation : newGeneration());
		expectOthers(generation != null);
	}

	/**
	 * Return the ids held, to keep them alive with heartbeats.
	 * @return the ids
	 */
	List<String> ids() {
		return List.copyOf(this.ids);
	}

	/**
	 * Deregister every id held: on leaving (the catalog goes, and the others register again at
	 * their next round), or after the registry forgot one of them. Stops at the first call that
	 * fails: the registry expires the rest.
	 * @return how many calls got an answer
	 */
	int releaseAll() {
		int released = 0;
		try {
			for (String id : this.ids) {
				this.client.deregister(id);
				released++;
			}
		}
		catch (RuntimeException ex) {
			// Expired by the registry instead, which removes nobody else: the catalog is going.
		}
		this.ids.clear();
		return released;
	}

	/**
	 * Forget the ids held without a call: the registry forgot them.
	 */
	void forget() {
		this.ids.clear();
	}

	private void expectOthers(boolean others) {
		this.expectingOthers = others;
		this.aloneLookups = 0;
	}

	private void hold(String generation) {
		this.ids.add(this.client.register(new ServiceRegistrationRequest(NAME, address(generation), null)));
		remember(generation);
	}

	private String address(String generation) {
		return ADDRESS + generation + "/" + this.instance + "/"
				+ URLEncoder.encode(this.serviceName, StandardCharsets.UTF_8);
	}

	private void remember(String generation) {
		this.knownGenerations.add(generation);
		if (this.knownGenerations.size() > KNOWN_GENERATIONS) {
			this.knownGenerations.remove(this.knownGenerations.iterator().next());
		}
	}

	private static String newGeneration() {
		return UUID.randomUUID().toString();
	}

	// The first path segment of an entry's address.
	private static @Nullable String generation(Optional<URI> entry) {
		return entry.map((address) -> segment(address, 0)).orElse(null);
	}

	// The second path segment of an entry's address.
	private static @Nullable String instance(URI entry) {
		return segment(entry, 1);
	}

	private static @Nullable String segment(URI address, int index) {
		String path = address.getRawPath();
		if (path == null) {
			return null;
		}
		String[] segments = (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
		return (index < segments.length) ? segments[index] : null;
	}

}
