package io.github.srsr.registry;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * {@link EmbeddedSrsrRegistry#lookupCandidates(String)}, exactly what a {@code /lookup} of a name can return,
 * against {@link EmbeddedSrsrRegistry#instances()}, every id that still heartbeats: they part ways through srsr's
 * name-wide removal defect.
 */
class LookupCandidatesTests extends RunningRegistryTests {

	private static final String NOT_FOUND = "{\"address\":\"\",\"success\":false}";

	@Test
	void instancesOfANameKeepItsIdsThatLookupNoLongerReturns() {
		String first = this.client.register("svc", "http://a:1");
		String second = this.client.register("svc", "http://b:2");
		this.client.register("svc#side", "http://s:1");
		this.client.deregister(first);
		assertThat(this.registry.instances("svc")).extracting(RegisteredInstance::id, RegisteredInstance::visible)
			.containsExactly(tuple(second, false));
		assertThat(this.registry.lookupCandidates("svc")).isEmpty();
		assertThat(this.registry.instances("none")).isEmpty();
		assertThatNullPointerException().isThrownBy(() -> this.registry.instances(null));
	}

	@Test
	void holdsEveryInstanceOfTheNameInRegistrationOrderAndLookupReturnsExactlyThose() {
		String first = this.client.register("svc", "http://a:1");
		String second = this.client.register("svc", "http://b:2");
		this.client.register("other", "http://o:1");
		List<RegisteredInstance> candidates = this.registry.lookupCandidates("svc");
		assertThat(candidates).extracting(RegisteredInstance::id, RegisteredInstance::name, RegisteredInstance::address,
				RegisteredInstance::visible)
			.containsExactly(tuple(first, "svc", "http://a:1", true), tuple(second, "svc", "http://b:2", true));
		Set<String> looked = new HashSet<>();
		for (int i = 0; i < 200 && looked.size() < 2; i++) {
			looked.add(this.client.lookup("svc").json().get("address").stringValue());
		}
		assertThat(looked).containsExactlyInAnyOrderElementsOf(
				candidates.stream().map(RegisteredInstance::address).toList());
		assertThatThrownBy(candidates::clear).isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void isEmptyForAnUnknownNameAndOnceStopped() {
		assertThat(this.registry.lookupCandidates("nobody")).isEmpty();
		assertThat(this.client.lookup("nobody").body()).isEqualTo(NOT_FOUND);
		this.client.register("svc", "http://a:1");
		this.registry.stop();
		assertThat(this.registry.lookupCandidates("svc")).isEmpty();
		assertThatNullPointerException().isThrownBy(() -> this.registry.lookupCandidates(null));
	}

	@Test
	void deregisteringOneOfTwoInstancesLeavesNoCandidateWhileTheOtherStillHeartbeats() {
		String leaving = this.client.register("svc", "http://a:1");
		String survivor = this.client.register("svc", "http://b:2");
		assertThat(this.client.deregister(leaving)).isTrue();
		assertThat(this.client.heartbeat(survivor)).isTrue();
		assertThat(this.registry.lookupCandidates("svc")).isEmpty();
		assertThat(this.client.lookup("svc").body()).isEqualTo(NOT_FOUND);
		assertThat(this.registry.instances()).extracting(RegisteredInstance::id, RegisteredInstance::visible)
			.containsExactly(tuple(survivor, false));
	}

	@Test
	void aLaterRegistrationStartsAFreshListHoldingOnlyTheNewcomer() {
		String leaving = this.client.register("svc", "http://a:1");
		String survivor = this.client.register("svc", "http://b:2");
		this.client.deregister(leaving);
		String newcomer = this.client.register("svc", "http://c:3");
		assertThat(this.registry.lookupCandidates("svc")).extracting(RegisteredInstance::id)
			.containsExactly(newcomer);
		for (int i = 0; i < 20; i++) {
			assertThat(this.client.lookup("svc").body()).isEqualTo("{\"address\":\"http://c:3\",\"success\":true}");
		}
		assertThat(this.client.heartbeat(survivor)).isTrue();
		assertThat(this.registry.instances()).extracting(RegisteredInstance::id, RegisteredInstance::visible)
			.containsExactly(tuple(survivor, false), tuple(newcomer, true));
	}

	@Test
	void deregisteringAnOlderIdOfTheNameWipesTheFreshListAgain() {
		String leaving = this.client.register("svc", "http://a:1");
		String survivor = this.client.register("svc", "http://b:2");
		this.client.deregister(leaving);
		String newcomer = this.client.register("svc", "http://c:3");
		assertThat(this.client.deregister(survivor)).isTrue();
		assertThat(this.registry.lookupCandidates("svc")).isEmpty();
		assertThat(this.client.lookup("svc").body()).isEqualTo(NOT_FOUND);
		assertThat(this.client.heartbeat(newcomer)).isTrue();
		assertThat(this.registry.instances()).extracting(RegisteredInstance::id, RegisteredInstance::visible)
			.containsExactly(tuple(newcomer, false));
	}

	@Test
	void theExpiryOfOneInstanceEmptiesTheCandidatesWhileTheOtherKeepsHeartbeating() {
		// Long enough that a heartbeat every 100 ms keeps the survivor alive on a busy machine.
		try (EmbeddedSrsrRegistry shortLived = EmbeddedSrsrRegistry.builder().timeout(Duration.ofSeconds(2)).start()) {
			SrsrTestClient shortClient = new SrsrTestClient(shortLived.url());
			shortClient.register("svc", "http://a:1");
			String survivor = shortClient.register("svc", "http://b:2");
			assertThat(shortLived.lookupCandidates("svc")).hasSize(2);
			await().atMost(Duration.ofSeconds(7))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> shortClient.heartbeat(survivor) && shortLived.lookupCandidates("svc").isEmpty());
			assertThat(shortClient.heartbeat(survivor)).isTrue();
			assertThat(shortClient.lookup("svc").body()).isEqualTo(NOT_FOUND);
			assertThat(shortLived.instances()).extracting(RegisteredInstance::id, RegisteredInstance::visible)
				.containsExactly(tuple(survivor, false));
		}
	}

	@Test
	void otherNamesKeepTheirCandidates() {
		String leaving = this.client.register("svc", "http://a:1");
		String other = this.client.register("other", "http://o:1");
		this.client.deregister(leaving);
		assertThat(this.registry.lookupCandidates("other")).extracting(RegisteredInstance::id).containsExactly(other);
	}

}
