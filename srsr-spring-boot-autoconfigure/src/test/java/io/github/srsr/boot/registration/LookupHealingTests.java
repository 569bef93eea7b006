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
import io.github.srsr.registry.RecordedRequest;
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
			SrsrRestClientBuilders.create(Duration.ofSeconds(5), Duration.ofSeconds(10)));

	private final LookupHealing healing = new LookupHealing(this.client, "orders");

	@AfterEach
	void stopRegistry() {
		this.registry.stop();
	}

	@Test
	void theFirstInstanceStartsAGenerationAndFindsNothingRemoved() {
		this.healing.join(ORDERS);
		this.client.register(ORDERS);
		assertThat(this.registry.lookupCandidates(SIDE_NAME)).singleElement()
			.satisfies((marker) -> assertThat(marker.address()).startsWith("http://generation.srsr.invalid/"));
		assertThat(this.healing.check()).isNull();
	}

	@Test
	void anInstanceJoiningAFleetTakesItsGenerationAndFindsNothingRemoved() {
		LookupHealing first = new LookupHealing(this.client, "orders");
		first.join(ORDERS);
		this.client.register(ORDERS);
		this.healing.join(new ServiceRegistrationRequest("orders", "http://10.0.0.2:8080", null));
		this.client.register(new ServiceRegistrationRequest("orders", "http://10.0.0.2:8080", null));
		assertThat(this.registry.lookupCandidates(SIDE_NAME)).extracting(RegisteredInstance::address)
			.hasSize(2)
			.containsOnly(this.registry.lookupCandidates(SIDE_NAME).get(0).address());
		assertThat(this.healing.check()).isNull();
		assertThat(first.check()).isNull();
	}

	@Test
	void aCheckAfterTheRegistryRestartedTellsThatItForgotThisInstanceRatherThanAnotherLeaving() {
		this.healing.join(ORDERS);
		this.client.register(ORDERS);
		String marker = this.registry.lookupCandidates(SIDE_NAME).get(0).id();
		// Between this round's heartbeats and its lookups.
		this.registry.restart();

		LookupHealing.Removal removal = this.healing.check();

		assertThat(removal).isNotNull();
		assertThat(removal.forgottenId()).isEqualTo(marker);
		assertThat(removal.lookupEmpty()).isTrue();
		assertThat(removal.cause()).doesNotContain("another instance");
	}

	@Test
	void anotherInstanceLeavingIsToldFromARestartByTheMarkerStillKnown() {
		this.healing.join(ORDERS);
		this.client.register(ORDERS);
		String generation = this.registry.lookupCandidates(SIDE_NAME).get(0).address();
		// A healing instance of the fleet leaves: its marker goes, and the side name with it.
		this.client.deregister(this.client.register(new ServiceRegistrationRequest(SIDE_NAME, generation, null)));

		LookupHealing.Removal removal = this.healing.check();

		assertThat(removal).isNotNull();
		assertThat(removal.forgottenId()).isNull();
		assertThat(removal.cause()).isEqualTo("another instance left or expired");
	}

	@Test
	void holdingTheMostIdsAHealReleasesThemAllAndStartsANewGeneration() {
		this.healing.join(ORDERS);
		String generation = this.registry.lookupCandidates(SIDE_NAME).get(0).address();
		List<String> held = new ArrayList<>();
		for (int i = 0; i < LookupHealing.MAX_INSTANCE_IDS; i++) {
			held.add(this.client.register(ORDERS));
		}
		aHealingInstanceLeaves(generation);
		// A newcomer finds both empty: it starts a generation of its own and is listed.
		LookupHealing newcomer = new LookupHealing(this.client, "orders");
		newcomer.join(new ServiceRegistrationRequest("orders", "http://10.0.0.2:8080", null));
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
		this.healing.join(ORDERS);
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

	@Test
	void anInstanceThatHealsBetweenTheCheckAndTheHealOfAnotherStaysListed() {
		this.healing.join(ORDERS);
		String id = this.client.register(ORDERS);
		String generation = this.registry.lookupCandidates(SIDE_NAME).get(0).address();
		aHealingInstanceLeaves(generation);
		// A survivor noticed first: it started a generation, and this check falls between its marker
		// and its registration.
		this.client.register(new ServiceRegistrationRequest(SIDE_NAME, "http://generation.srsr.invalid/first", null));
		LookupHealing.Removal removal = this.healing.check();
		assertThat(removal).isNotNull();
		assertThat(removal.lookupEmpty()).isTrue();
		assertThat(removal.generation()).isEqualTo("first");
		ServiceRegistrationRequest first = new ServiceRegistrationRequest("orders", "http://10.0.0.2:8080", null);
		this.client.register(first);

		LookupHealing.Healed healed = this.healing.heal(removal, ORDERS, List.of(id));

		// Releasing the id held would remove the first from lookup, and nothing would tell it: its
		// generation is the one shown and its name is found.
		assertThat(healed.released()).isEmpty();
		assertThat(this.registry.lookupCandidates("orders")).extracting(RegisteredInstance::address)
			.containsExactlyInAnyOrder(first.address(), ORDERS.address());
		assertThat(this.registry.instances("orders")).extracting(RegisteredInstance::id).contains(id, healed.id());
		assertThat(this.registry.lookupCandidates(SIDE_NAME)).extracting(RegisteredInstance::address)
			.containsExactly("http://generation.srsr.invalid/first");
	}

	@Test
	void anInstanceThatHealsBetweenTheCheckAndTheReleaseOfAnotherIsToldByTheNewGeneration() {
		ServiceRegistrationRequest second = new ServiceRegistrationRequest("orders", "http://10.0.0.2:8080", null);
		LookupHealing other = new LookupHealing(this.client, "orders");
		this.healing.join(ORDERS);
		String id = this.client.register(ORDERS);
		other.join(second);
		String otherId = this.client.register(second);
		String generation = this.registry.lookupCandidates(SIDE_NAME).get(0).address();
		// This survivor finds both lists empty...
		aHealingInstanceLeaves(generation);
		LookupHealing.Removal removal = this.healing.check();
		assertThat(removal).isNotNull();
		assertThat(removal.lookupEmpty()).isTrue();
		assertThat(removal.generation()).isNull();
		// ...the other heals after that check...
		other.heal(other.check(), second, List.of(otherId));
		assertThat(this.registry.lookupCandidates("orders")).extracting(RegisteredInstance::address)
			.containsExactly(second.address());

		LookupHealing.Healed healed = this.healing.heal(removal, ORDERS, List.of(id));

		// ...and the id released removes it from lookup again; the new generation tells it.
		assertThat(healed.released()).containsExactly(id);
		assertThat(this.registry.lookupCandidates("orders")).extracting(RegisteredInstance::address)
			.containsExactly(ORDERS.address());
		LookupHealing.Removal told = other.check();
		assertThat(told).isNotNull();
		assertThat(told.cause()).isEqualTo("another instance left or expired");
	}

	@Test
	void anInstanceListedAloneLooksUpItsNameOncePerCheck() {
		this.healing.join(ORDERS);
		this.client.register(ORDERS);
		this.registry.clearRequests();
		for (int round = 0; round < 10; round++) {
			assertThat(this.healing.check()).isNull();
		}
		// The side name and the own name, each once a round.
		assertThat(this.registry.requests()).hasSize(20).extracting(RecordedRequest::path).containsOnly("/lookup");
	}

	@Test
	void anInstanceListedWithAnotherIsNeverTakenForLeftOutHoweverOftenTheOtherIsShown() {
		this.healing.join(ORDERS);
		this.client.register(ORDERS);
		LookupHealing other = new LookupHealing(this.client, "orders");
		ServiceRegistrationRequest second = new ServiceRegistrationRequest("orders", "http://10.0.0.2:8080", null);
		other.join(second);
		this.client.register(second);

		// Each lookup shows either; 20 in a row without this one would be a removal, not 20 in all.
		for (int check = 0; check < 60; check++) {
			assertThat(this.healing.check()).as("check %d", check).isNull();
		}
	}

	@Test
	void anInstanceLeftOutOfLookupWhileAnotherIsListedRegistersAgainInANewGeneration() {
		this.healing.join(ORDERS);
		String id = this.client.register(ORDERS);
		String generation = this.registry.lookupCandidates(SIDE_NAME).get(0).address();
		leaveOutOfLookup("http://10.0.0.2:8080");
		this.registry.clearRequests();

		// 20 lookups in a row that show only one other address: 5 rounds of 1 + 3 own lookups.
		int lookups = UnseenStreak.lookupsToTell(2);
		int rounds = (lookups + LookupHealing.EXTRA_LOOKUPS) / (1 + LookupHealing.EXTRA_LOOKUPS);
		assertThat(lookups).isEqualTo(20);
		for (int round = 1; round < rounds; round++) {
			assertThat(this.healing.check()).isNull();
		}
		LookupHealing.Removal removal = this.healing.check();
		assertThat(removal).isNotNull();
		assertThat(removal.lookupEmpty()).isFalse();
		assertThat(removal.generation()).isNull();
		assertThat(removal.cause())
			.isEqualTo("this instance was not seen in 20 lookups of its name, which showed 1 other address");
		assertThat(this.registry.requests()).hasSize(rounds * (2 + LookupHealing.EXTRA_LOOKUPS));

		LookupHealing.Healed healed = this.healing.heal(removal, ORDERS, List.of(id));
		// The ids held are kept (releasing one would remove the instance listed), and a new
		// generation makes every other instance left out register again too.
		assertThat(healed.released()).isEmpty();
		assertThat(this.registry.lookupCandidates("orders")).extracting(RegisteredInstance::address)
			.containsExactly("http://10.0.0.2:8080", "http://10.0.0.1:8080");
		assertThat(this.registry.lookupCandidates(SIDE_NAME)).singleElement()
			.satisfies((marker) -> assertThat(marker.address()).isNotEqualTo(generation));
	}

	@Test
	void anInstanceLeftOutAfterSeeingOtherInstancesTellsFromTheRoundsSinceTheyWereLastShown() {
		this.healing.join(ORDERS);
		this.client.register(ORDERS);
		// Three rounds that each show another instance and never this one (12 lookups), then the
		// join race lists a newcomer alone.
		for (String other : List.of("http://10.0.0.3:8080", "http://10.0.0.4:8080", "http://10.0.0.5:8080")) {
			leaveOutOfLookup(other);
			assertThat(this.healing.check()).isNull();
		}
		leaveOutOfLookup("http://10.0.0.2:8080");

		// 5 rounds, as for an instance that had seen only the newcomer (49 lookups among four
		// would take 10).
		for (int round = 1; round < 5; round++) {
			assertThat(this.healing.check()).as("round %d", round).isNull();
		}
		LookupHealing.Removal removal = this.healing.check();
		assertThat(removal).isNotNull();
		assertThat(removal.cause())
			.isEqualTo("this instance was not seen in 20 lookups of its name, which showed 1 other address");
	}

	@Test
	void withOnlyAPortAnInstanceSeenAtAnIpOfThisHostTakesThatAddressAsItsOwn() {
		ServiceRegistrationRequest portOnly = new ServiceRegistrationRequest("orders", null, 8080);
		this.healing.join(portOnly);
		this.client.register(portOnly);
		assertThat(this.healing.check()).isNull();
		assertThat(this.registry.requests()).extracting(RecordedRequest::body)
			.noneSatisfy((body) -> assertThat(body).contains(LookupHealing.ADDRESS_PROBE_SUFFIX));
	}

	@Test
	void withOnlyAPortAnInstanceLearnsTheAddressTheRegistryDeducesAndTellsItFromAnotherHostWithThatPort() {
		ServiceRegistrationRequest portOnly = new ServiceRegistrationRequest("orders", null, 8080);
		this.healing.join(portOnly);
		this.client.register(portOnly);
		leaveOutOfLookup("http://10.0.0.2:8080");

		int rounds = (UnseenStreak.lookupsToTell(2) + LookupHealing.EXTRA_LOOKUPS) / (1 + LookupHealing.EXTRA_LOOKUPS);
		for (int round = 1; round < rounds; round++) {
			assertThat(this.healing.check()).isNull();
		}
		assertThat(this.healing.check()).isNotNull();
		// Another host with the own port: a one-off registration showed the own address, and is gone.
		assertThat(this.registry.requests()).extracting(RecordedRequest::body)
			.filteredOn((body) -> body.contains("orders" + LookupHealing.ADDRESS_PROBE_SUFFIX))
			.hasSize(2);
		assertThat(this.registry.instances()).extracting(RegisteredInstance::name).containsOnly("orders", SIDE_NAME);
	}

	@Test
	void anotherGenerationStartedAtTheSameMomentIsNoRemovalWhileTheOwnMarkerIsListed() {
		this.healing.join(ORDERS);
		this.client.register(ORDERS);
		String own = this.registry.lookupCandidates(SIDE_NAME).get(0).address();
		// Three instances joined this generation; one more started a generation of its own at the
		// same moment (both found the side name empty): nothing was removed.
		for (int i = 0; i < 3; i++) {
			this.client.register(new ServiceRegistrationRequest(SIDE_NAME, own, null));
		}
		this.client.register(new ServiceRegistrationRequest(SIDE_NAME, "http://generation.srsr.invalid/other", null));

		// Until a check shows the other generation (each with a chance of 1/5) and then on.
		for (int check = 0; check < 60; check++) {
			assertThat(this.healing.check()).as("check %d", check).isNull();
		}
		// The side name was looked up for the own marker's generation, not only once per check.
		assertThat(this.registry.requests()).extracting(RecordedRequest::body)
			.filteredOn((body) -> body.contains(SIDE_NAME))
			.hasSizeGreaterThan(60 + 1);
	}

	@Test
	void anotherGenerationIsARemovalOnceTheOwnMarkerIsNoLongerListed() {
		this.healing.join(ORDERS);
		this.client.register(ORDERS);
		String own = this.registry.lookupCandidates(SIDE_NAME).get(0).address();
		// A healing instance leaves (the side name goes, this instance's marker with it), and a
		// newcomer starts a generation; this instance's marker is still alive, but not listed.
		this.client.deregister(this.client.register(new ServiceRegistrationRequest(SIDE_NAME, own, null)));
		this.client.register(new ServiceRegistrationRequest(SIDE_NAME, "http://generation.srsr.invalid/other", null));
		this.registry.clearRequests();

		LookupHealing.Removal removal = this.healing.check();

		assertThat(removal).isNotNull();
		// The side name looked up once, then as often as the own marker is looked for.
		assertThat(this.registry.requests()).filteredOn((request) -> request.path().equals("/lookup"))
			.extracting(RecordedRequest::body)
			.filteredOn((body) -> body.contains(SIDE_NAME))
			.hasSize(1 + LookupHealing.MARKER_LOOKUPS);
		assertThat(removal.generation()).isEqualTo("other");
		assertThat(removal.cause()).startsWith("another instance left or expired");
	}

	// Another instance leaves, its id and its marker: srsr removes both lists.
	private void aHealingInstanceLeaves(String generation) {
		this.client.deregister(this.client.register(new ServiceRegistrationRequest("orders", "http://10.0.0.3:8080", null)));
		this.client.deregister(this.client.register(new ServiceRegistrationRequest(SIDE_NAME, generation, null)));
	}

	// The join race's outcome, forced: the name's list removed (an instance of another client
	// left) and a newcomer listed alone, the generation unchanged.
	private void leaveOutOfLookup(String newcomer) {
		this.client.deregister(this.client.register(new ServiceRegistrationRequest("orders", "http://10.0.9.9:8080", null)));
		this.client.register(new ServiceRegistrationRequest("orders", newcomer, null));
		assertThat(this.registry.lookupCandidates("orders")).extracting(RegisteredInstance::address)
			.containsExactly(newcomer);
	}

}
