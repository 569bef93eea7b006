package io.github.srsr.boot.registration;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.srsr.boot.registration.LookupHealing.Removal;
import io.github.srsr.client.RegistryUrl;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.client.http.SrsrRestClientBuilders;
import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.RegisteredInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CatalogEntry} on its own against the embedded registry, which removes the whole catalog
 * when one of its ids leaves, as srsr does: the decisions of a round, counted in rounds rather
 * than timed (each {@link #round} is what a heartbeat round does after its heartbeats).
 */
class CatalogEntryTests {

	private final EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.start();

	private final SrsrClient client = new RestClientSrsrClient(RegistryUrl.of(this.registry.url().toString()),
			SrsrRestClientBuilders.create(Duration.ofSeconds(1), Duration.ofSeconds(2)));

	@AfterEach
	void stop() {
		this.registry.stop();
	}

	@Test
	void instancesJoiningOneAfterTheOtherShareAGenerationAndHoldOneIdEach() {
		CatalogEntry orders = new CatalogEntry(this.client, "orders");
		CatalogEntry billing = new CatalogEntry(this.client, "billing");
		orders.join();
		billing.join();
		for (int i = 0; i < 10; i++) {
			round(orders);
			round(billing);
		}
		assertThat(orders.ids()).hasSize(1);
		assertThat(billing.ids()).hasSize(1);
		assertThat(services()).isEqualTo(Set.of("orders", "billing"));
	}

	@Test
	void afterAnInstanceLeavesEverySurvivorIsListedAgainAtItsNextRound() {
		CatalogEntry orders = new CatalogEntry(this.client, "orders");
		CatalogEntry billing = new CatalogEntry(this.client, "billing");
		CatalogEntry shipping = new CatalogEntry(this.client, "shipping");
		orders.join();
		billing.join();
		shipping.join();
		shipping.releaseAll();
		assertThat(this.registry.lookupCandidates(CatalogEntry.NAME)).isEmpty();
		round(orders); // finds it empty: releases its id, starts a generation
		round(billing); // finds a generation it does not know: joins it, keeps its older id
		assertThat(services()).isEqualTo(Set.of("orders", "billing"));
		assertThat(orders.ids()).hasSize(1);
		assertThat(billing.ids()).hasSize(2);
		assertThat(this.registry.instances(CatalogEntry.NAME)).hasSize(3);
	}

	@Test
	void anInstanceThatJoinedAcrossADepartureStartsANewGenerationWithinSixRounds() {
		CatalogEntry survivor = new CatalogEntry(this.client, "orders");
		String leaving = this.client.register(new ServiceRegistrationRequest(CatalogEntry.NAME,
				CatalogEntry.ADDRESS + "g0/leaving/billing", null));
		survivor.join(); // in g0
		// The newcomer looks the catalog up (g0), then the leaving instance's id goes (the whole
		// catalog with it), then the newcomer registers in g0: listed alone, the survivor out and
		// seeing a generation it knows.
		SrsrClient racing = new RacingClient(this.client, () -> this.client.deregister(leaving));
		CatalogEntry newcomer = new CatalogEntry(racing, "shipping");
		newcomer.join();
		assertThat(services()).isEqualTo(Set.of("shipping"));
		int rounds = 0;
		while (!services().equals(Set.of("orders", "shipping")) && rounds < 10) {
			round(survivor);
			round(newcomer);
			rounds++;
		}
		// 20 lookups at up to 4 a round: 5 rounds to tell, one for the survivor to see it.
		assertThat(rounds).isLessThanOrEqualTo(6);
		assertThat(services()).isEqualTo(Set.of("orders", "shipping"));
	}

	private void round(CatalogEntry entry) {
		Removal removal = entry.check();
		if (removal != null) {
			entry.heal(removal);
		}
	}

	private Set<String> services() {
		return this.registry.lookupCandidates(CatalogEntry.NAME)
			.stream()
			.map(RegisteredInstance::address)
			.map((address) -> address.substring(address.lastIndexOf('/') + 1))
			.collect(Collectors.toSet());
	}

	/** Runs an action right after the first lookup, before the registration that follows it. */
	private static final class RacingClient implements SrsrClient {

		private final SrsrClient delegate;

		private Runnable afterFirstLookup;

		RacingClient(SrsrClient delegate, Runnable afterFirstLookup) {
			this.delegate = delegate;
			this.afterFirstLookup = afterFirstLookup;
		}

		@Override
		public String register(ServiceRegistrationRequest request) {
			return this.delegate.register(request);
		}

		@Override
		public boolean heartbeat(String instanceId) {
			return this.delegate.heartbeat(instanceId);
		}

		@Override
		public boolean deregister(String instanceId) {
			return this.delegate.deregister(instanceId);
		}

		@Override
		public Optional<URI> lookup(String serviceName) {
			Optional<URI> answer = this.delegate.lookup(serviceName);
			if (this.afterFirstLookup != null) {
				this.afterFirstLookup.run();
				this.afterFirstLookup = null;
			}
			return answer;
		}

	}

}
