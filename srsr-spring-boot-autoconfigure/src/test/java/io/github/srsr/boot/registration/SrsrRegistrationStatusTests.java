package io.github.srsr.boot.registration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.srsr.boot.registration.SrsrRegistrationStatus.LifecycleEvent;
import io.github.srsr.boot.registration.SrsrRegistrationStatus.RegistryStatus;
import io.github.srsr.boot.registration.SrsrRegistrationStatus.State;
import io.github.srsr.client.ServiceRegistrationRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SrsrRegistrationStatus}: what health and the {@code srsr} endpoint show of the
 * registrations with one or several registries.
 */
class SrsrRegistrationStatusTests {

	private static final ServiceRegistrationRequest ORDERS = new ServiceRegistrationRequest("orders",
			"http://10.0.0.1", 8080);

	private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

	private static final RegistryStatus NOT_ATTEMPTED = new RegistryStatus("http://a:8080", null, null, 0, null, null,
			0, 0, null, null, 0);

	@Test
	void beforeTheApplicationIsReadyNothingWasAttempted() {
		SrsrRegistrationStatus status = SrsrRegistrationStatus.of("orders", null, false, List.of(registered("http://a")),
				List.of());

		assertThat(status.state()).isEqualTo(State.NOT_ATTEMPTED);
		assertThat(status.address()).isNull();
		assertThat(status.inactive()).isNull();
	}

	@Test
	void withoutAServiceNameTheStatusSaysWhyItIsInactive() {
		SrsrRegistrationStatus status = SrsrRegistrationStatus.of(null, null, false, List.of(NOT_ATTEMPTED), List.of());

		assertThat(status.state()).isEqualTo(State.NOT_ATTEMPTED);
		assertThat(status.inactive()).isEqualTo("no service name");
	}

	@Test
	void notWantedIsDeregisteredWhateverTheRegistriesHold() {
		SrsrRegistrationStatus status = SrsrRegistrationStatus.of("orders", ORDERS, false,
				List.of(registered("http://a")), List.of());

		assertThat(status.state()).isEqualTo(State.DEREGISTERED);
		assertThat(status.address()).isEqualTo("http://10.0.0.1:8080");
	}

	@Test
	void registeredWithOneRegistryIsRegisteredWhileAnotherFails() {
		RegistryStatus failing = failing("http://a", null);
		RegistryStatus registered = registered("http://b");

		SrsrRegistrationStatus status = SrsrRegistrationStatus.of("orders", ORDERS, true, List.of(failing, registered),
				List.of());

		assertThat(status.state()).isEqualTo(State.REGISTERED);
		// The figures of the first registry that holds a registration.
		assertThat(status.instanceId()).isEqualTo("id-http://b");
		assertThat(status.consecutiveFailures()).isZero();
		assertThat(status.failingSince()).isNull();
		assertThat(status.lastError()).isNull();
		assertThat(status.registryUrl()).isEqualTo("http://a, http://b");
	}

	@Test
	void failingWithOneRegistryAndNotAttemptedWithTheOtherIsFailingWithTheFailuresOfTheFirst() {
		SrsrRegistrationStatus status = SrsrRegistrationStatus.of("orders", ORDERS, true,
				List.of(NOT_ATTEMPTED, failing("http://b", null)), List.of());

		assertThat(status.state()).isEqualTo(State.FAILING);
		assertThat(status.instanceId()).isNull();
		assertThat(status.consecutiveFailures()).isZero();

		status = SrsrRegistrationStatus.of("orders", ORDERS, true, List.of(failing("http://a", null), NOT_ATTEMPTED),
				List.of());
		assertThat(status.consecutiveFailures()).isEqualTo(3);
		assertThat(status.failingSince()).isEqualTo(T0);
		assertThat(status.lastError()).isEqualTo("refused");
	}

	@Test
	void aRegistryWhoseHeartbeatsFailIsFailingWhileItHoldsItsInstanceId() {
		RegistryStatus failing = failing("http://a", "id-a");

		assertThat(failing.state()).isEqualTo(State.FAILING);
		SrsrRegistrationStatus status = SrsrRegistrationStatus.of("orders", ORDERS, true, List.of(failing), List.of());
		assertThat(status.state()).isEqualTo(State.FAILING);
		assertThat(status.instanceId()).isEqualTo("id-a");
	}

	@Test
	void nothingAttemptedYetWithAnyRegistryIsNotAttempted() {
		SrsrRegistrationStatus status = SrsrRegistrationStatus.of("orders", ORDERS, true,
				List.of(NOT_ATTEMPTED, NOT_ATTEMPTED), List.of());

		assertThat(status.state()).isEqualTo(State.NOT_ATTEMPTED);
		assertThat(status.lastHeartbeat()).isNull();
		assertThat(status.lastLookupRemoval()).isNull();
		assertThat(status.lastLookupRemovalCause()).isNull();
		assertThat(status.registrations()).isZero();
		assertThat(status.reRegistrations()).isZero();
	}

	@Test
	void theCountsAddUpOverTheRegistriesAndTheTimesAreTheLatest() {
		RegistryStatus a = new RegistryStatus("http://a", "a-3", T0.plusSeconds(30), 0, null, null, 3, 1,
				T0.plusSeconds(5), "another instance left or expired", 2);
		RegistryStatus b = new RegistryStatus("http://b", "b-2", T0.plusSeconds(40), 0, null, null, 2, 1,
				T0.plusSeconds(9), "the name was not found", 1);
		RegistryStatus c = new RegistryStatus("http://c", "c-1", T0.plusSeconds(35), 0, null, null, 1, 0, null, null,
				1);

		SrsrRegistrationStatus status = SrsrRegistrationStatus.of("orders", ORDERS, true, List.of(a, b, c), List.of());

		assertThat(status.instanceId()).isEqualTo("a-3");
		assertThat(status.lastHeartbeat()).isEqualTo(T0.plusSeconds(40));
		assertThat(status.registrations()).isEqualTo(6);
		// The first registration with each registry is none.
		assertThat(a.reRegistrations()).isEqualTo(2);
		assertThat(c.reRegistrations()).isZero();
		assertThat(NOT_ATTEMPTED.reRegistrations()).isZero();
		assertThat(status.reRegistrations()).isEqualTo(3);
		assertThat(status.lookupRemovals()).isEqualTo(2);
		assertThat(status.lastLookupRemoval()).isEqualTo(T0.plusSeconds(9));
		assertThat(status.lastLookupRemovalCause()).isEqualTo("the name was not found");

		status = SrsrRegistrationStatus.of("orders", ORDERS, true, List.of(b, a), List.of());
		assertThat(status.instanceId()).isEqualTo("b-2");
		assertThat(status.lastLookupRemovalCause()).isEqualTo("the name was not found");
		assertThat(status.lastHeartbeat()).isEqualTo(T0.plusSeconds(40));
	}

	@Test
	void theStatusIsASnapshot() {
		List<RegistryStatus> registries = new ArrayList<>(List.of(registered("http://a")));
		List<LifecycleEvent> events = new ArrayList<>(List.of(new LifecycleEvent(T0, "registered as a")));

		SrsrRegistrationStatus status = SrsrRegistrationStatus.of("orders", ORDERS, true, registries, events);
		registries.clear();
		events.clear();

		assertThat(status.registries()).hasSize(1);
		assertThat(status.recentEvents()).extracting(LifecycleEvent::description).containsExactly("registered as a");
	}

	private static RegistryStatus registered(String url) {
		return new RegistryStatus(url, "id-" + url, null, 0, null, null, 1, 0, null, null, 1);
	}

	private static RegistryStatus failing(String url, String instanceId) {
		return new RegistryStatus(url, instanceId, null, 3, T0, "refused", 0, 0, null, null,
				(instanceId != null) ? 1 : 0);
	}

}
