package io.github.srsr.boot.registration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.srsr.client.http.SrsrRestClientBuilders;
import io.github.srsr.client.RegistryUrl;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.RegisteredInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LookupHealing} on its own against the embedded registry: the decisions a round of
 * lookups leads to, in the cases a fleet rarely reaches.
 */
class LookupHealingTests {

	private static final ServiceRegistrationRequest ORDERS = new ServiceRegistrationRequest("orders",
			"http://10.0.0.1:8080", null);

	private static final String SIDE_NAME = "orders" + LookupHealing.GENERATION_SUFFIX;

	private final EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.start();

	private final SrsrClient client = new RestClientSrsrClient(RegistryUrl.of(this.registry.url().toString()),
			SrsrRestClientBuilders.create(Duration.ofSeconds(1), Duration.ofSeconds(2)));

	private final LookupHealing healing = new LookupHealing(this.client, "orders");

	@AfterEach
	void stopRegistry() {
		this.registry.stop();
	}

	@Test
	void theFirstInstanceStartsAGenerationAndFindsNothingRemoved() {
		this.healing.join();
		this.client.register(ORDERS);
		assertThat(this.registry.lookupCandidates(SIDE_NAME)).singleElement()
			.satisfies((marker) -> assertThat(marker.address()).startsWith("http://generation.srsr.invalid/"));
		assertThat(this.healing.check()).isNull();
	}

	@Test
	void anInstanceJoiningAFleetTakesItsGenerationAndFindsNothingRemoved() {
		LookupHealing first = new LookupHealing(this.client, "orders");
		first.join();
		this.client.register(ORDERS);
		this.healing.join();
		this.client.register(new ServiceRegistrationRequest("orders", "http://10.0.0.2:8080", null));
		assertThat(this.registry.lookupCandidates(SIDE_NAME)).extracting(RegisteredInstance::address)
			.hasSize(2)
			.containsOnly(this.registry.lookupCandidates(SIDE_NAME).get(0).address());
		assertThat(this.healing.check()).isNull();
		assertThat(first.check()).isNull();
	}

	@Test
	void holdingTheMostIdsAHealReleasesThemAllAndStartsANewGeneration() {
		this.healing.join();
		String generation = this.registry.lookupCandidates(SIDE_NAME).get(0).address();
		List<String> held = new ArrayList<>();
		for (int i = 0; i < LookupHealing.MAX_INSTANCE_IDS; i++) {
			held.add(this.client.register(ORDERS));
		}
		// Another instance leaves (its id and its marker): srsr removes both lists.
		this.client.deregister(this.client.register(new ServiceRegistrationRequest("orders", "http://10.0.0.3:8080", null)));
		this.client.deregister(this.client.register(new ServiceRegistrationRequest(SIDE_NAME, generation, null)));
		// A newcomer finds both empty: it starts a generation of its own and is listed.
		LookupHealing newcomer = new LookupHealing(this.client, "orders");
		newcomer.join();
		this.client.register(new ServiceRegistrationRequest("orders", "http://10.0.0.2:8080", null));
		String newcomers = this.registry.lookupCandidates(SIDE_NAME).get(0).address();

		LookupHealing.Removal removal = this.healing.check();
		assertThat(removal).isNotNull();
		assertThat(removal.lookupEmpty()).isFalse();
		LookupHealing.Healed healed = this.healing.heal(removal, ORDERS, held);

		assertThat(healed.released()).containsExactlyElementsOf(held);
		assertThat(healed.cause())
			.endsWith("released the " + LookupHealing.MAX_INSTANCE_IDS + " ids held to start afresh");
		assertThat(this.registry.instances("orders")).extracting(RegisteredInstance::id)
			.contains(healed.id())
			.doesNotContainAnyElementsOf(held);
		// Releasing them removed the newcomer from lookup too: a generation of this instance's
		// tells it.
		assertThat(this.registry.lookupCandidates("orders")).extracting(RegisteredInstance::id)
			.containsExactly(healed.id());
		assertThat(this.registry.lookupCandidates(SIDE_NAME)).singleElement()
			.satisfies((marker) -> assertThat(marker.address()).isNotIn(generation, newcomers));
		assertThat(newcomer.check()).isNotNull();
	}

	@Test
	void aNameNotFoundWhileTheGenerationIsKnownStartsANewGeneration() {
		this.healing.join();
		String id = this.client.register(ORDERS);
		String generation = this.registry.lookupCandidates(SIDE_NAME).get(0).address();
		// An instance of another client (no marker) leaves.
		this.client.deregister(this.client.register(new ServiceRegistrationRequest("orders", "http://10.0.9.9:8080", null)));

		LookupHealing.Removal removal = this.healing.check();
		assertThat(removal).isNotNull();
		assertThat(removal.lookupEmpty()).isTrue();
		assertThat(removal.generation()).isNull();
		LookupHealing.Healed healed = this.healing.heal(removal, ORDERS, List.of(id));

		// Nobody was listed: the id held is released, and a new generation tells the others.
		assertThat(healed.released()).containsExactly(id);
		assertThat(this.registry.instances("orders")).extracting(RegisteredInstance::id).containsExactly(healed.id());
		assertThat(this.registry.lookupCandidates(SIDE_NAME)).singleElement()
			.satisfies((marker) -> assertThat(marker.address()).isNotEqualTo(generation));
		assertThat(this.healing.check()).isNull();
	}

}
