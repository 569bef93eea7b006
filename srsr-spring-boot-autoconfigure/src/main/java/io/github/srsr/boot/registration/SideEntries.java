package io.github.srsr.boot.registration;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * What this instance holds at one registry beside its own name's ids: the generation marker of
 * {@link LookupHealing} and the entry in the service catalog ({@link CatalogEntry}), either of
 * which may be off. {@link RegistryRegistration} keeps them alive with its heartbeats and decides
 * when; this class joins and heals the catalog, and releases what is held when the registry forgot
 * the instance and on leaving, telling the {@link RegistrationListener} what came of it.
 * <p>
 * Used only within {@link RegistryCalls}, one call at a time; not thread-safe otherwise.
 */
final class SideEntries {

	private final String registry;

	private final RegistryCalls calls;

	private final RegistrationListener listener;

	private final @Nullable LookupHealing healing;

	private final @Nullable CatalogEntry catalog;

	SideEntries(String registry, RegistryCalls calls, RegistrationListener listener, @Nullable LookupHealing healing,
			@Nullable CatalogEntry catalog) {
		this.registry = registry;
		this.calls = calls;
		this.listener = listener;
		this.healing = healing;
		this.catalog = catalog;
	}

	/**
	 * Return the ids to keep alive with the own name's: the markers, then the catalog's.
	 * @return the ids held under side names
	 */
	List<String> ids() {
		List<String> ids = new ArrayList<>();
		if (this.healing != null) {
			ids.addAll(this.healing.markerIds());
		}
		if (this.catalog != null) {
			ids.addAll(this.catalog.ids());
		}
		return ids;
	}

	/**
	 * List this instance in the catalog, after its own name was registered.
	 */
	void registered() {
		if (this.catalog == null) {
			return;
		}
		try {
			if (this.catalog.join()) {
				this.listener.catalogListed(this.registry);
			}
		}
		catch (RuntimeException ex) {
			this.listener.catalogFailed(this.registry, ex);
		}
	}

	/**
	 * Register this instance's catalog entry again if srsr removed the catalog (any catalog
	 * instance left or expired), after the heartbeats kept every catalog id alive.
	 * @param registered whether this instance is still registered and wanted, asked after the
	 * check and before healing
	 */
	void healCatalog(BooleanSupplier registered) {
		CatalogEntry catalog = this.catalog;
		if (catalog == null) {
			return;
		}
		LookupHealing.Removal removal;
		try {
			removal = this.calls.interruptible(catalog::check);
		}
		catch (RuntimeException ex) {
			this.listener.checkFailed(this.registry, ex);
			return;
		}
		if (removal == null || !registered.getAsBoolean()) {
			return;
		}
		try {
			catalog.heal(removal);
			this.listener.catalogHealed(this.registry, removal.cause(), catalog.ids().size());
		}
		catch (RuntimeException ex) {
			this.listener.catalogFailed(this.registry, ex);
		}
	}

	/**
	 * The registry does not know an id held (it restarted or expired this instance): release the
	 * other ids held, which would remove their names from lookup whenever they expired, and forget
	 * the side entries, which the next registration holds afresh.
	 * @param forgotten the id the registry does not know
	 * @param held every id held, own and side
	 */
	void forgotten(String forgotten, List<String> held) {
		List<String> catalogIds = (this.catalog != null) ? this.catalog.ids() : List.of();
		if (this.healing != null) {
			this.healing.release(held.stream()
				.filter((other) -> !other.equals(forgotten) && !catalogIds.contains(other))
				.toList());
			this.healing.forget();
		}
		if (this.catalog != null) {
			if (catalogIds.contains(forgotten)) {
				this.catalog.forget();
			}
			this.catalog.releaseAll();
		}
	}

	/**
	 * Leaving, after the listed id was deregistered (or that failed): release the own name's older
	 * ids, then the markers, then the catalog entries, so that the other instances notice and list
	 * themselves again; a registry that did not answer is not asked again, so that leaving stays
	 * within one call timeout.
	 * @param older the own name's ids held besides the listed one
	 * @param answered whether the registry answered the deregistration of the listed id
	 * @return what was held and released besides the listed id
	 */
	RegistrationListener.OtherIds leave(List<String> older, boolean answered) {
		RegistrationListener.OtherIds others = RegistrationListener.OtherIds.NONE;
		if (this.healing != null) {
			int markers = this.healing.markerIds().size();
			int released = 0;
			if (answered) {
				released = this.healing.releaseCounted(older);
				if (released == older.size()) {
					released += this.healing.leave();
				}
			}
			this.healing.forget();
			others = new RegistrationListener.OtherIds(older.size(), markers, released);
		}
		if (this.catalog != null) {
			int held = this.catalog.ids().size();
			int released = answered ? this.catalog.releaseAll() : 0;
			this.catalog.forget();
			others = others.plusCatalog(held, released);
		}
		return others;
	}

}
