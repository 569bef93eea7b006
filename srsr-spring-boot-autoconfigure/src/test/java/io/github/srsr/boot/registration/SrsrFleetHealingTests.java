package io.github.srsr.boot.registration;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.RecordedRequest;
import io.github.srsr.registry.RegisteredInstance;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fleets of one name, each instance an application context of its own with its own address,
 * against the embedded registry, which removes a whole name from lookup when one of its ids is
 * deregistered or expires, as srsr does. Every assertion is on what a {@code /lookup} of the name
 * can return.
 */
@ExtendWith(OutputCaptureExtension.class)
class SrsrFleetHealingTests extends AbstractFleetTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	SrsrFleetHealingTests() {
		super(EmbeddedSrsrRegistry.builder().timeout(TIMEOUT).start());
	}

	@ParameterizedTest
	@ValueSource(ints = { 2, 3, 5 })
	void afterAnInstanceLeavesEverySurvivorIsFoundAgainWithinOneInterval(int size, CapturedOutput output) {
		startFleet(size);
		RegisteringApplication leaving = this.fleet.remove(0);
		leaving.close();
		awaitDiscoverable(INTERVAL);
		for (RegisteringApplication survivor : this.fleet) {
			// The event follows the registry's answer.
			// (Two survivors noticing at the same moment each heal once more: at least one.)
			await().atMost(SLACK)
				.untilAsserted(() -> assertThat(survivor.events(SrsrRegisteredEvent.class))
					.filteredOn(SrsrRegisteredEvent::isAfterLookupRemoval)
					.isNotEmpty());
			assertThat(survivor.status().lookupRemovals()).isPositive();
		}
		assertThat(output).contains("had removed 'orders' from lookup (another instance left or expired); "
				+ "registered again as ");
		// A survivor that looked between the leaving instance's ids and its marker found the name gone
		// and the generation unchanged, as after an instance that does not heal itself; it heals once
		// more when the marker goes, maybe between the two reads below.
		RegisteringApplication survivor = this.fleet.get(0);
		await().atMost(SLACK)
			.untilAsserted(() -> assertThat(survivor.health().getDetails()).containsKey("lastLookupRemoval")
				.containsEntry("lookupRemovals", survivor.status().lookupRemovals())
				.hasEntrySatisfying("lastLookupRemovalCause",
						(cause) -> assertThat((String) cause).satisfiesAnyOf(
								(text) -> assertThat(text).startsWith("another instance left or expired"),
								(text) -> assertThat(text).startsWith("an instance that does not heal itself"))));
	}

	@Test
	void afterAnInstanceRefusesTrafficTheOthersAreFoundAgainAndItComesBackWhenReady(CapturedOutput output) {
		startFleet(3);
		RegisteringApplication refusing = this.fleet.get(0);
		AvailabilityChangeEvent.publish(refusing.context(), ReadinessState.REFUSING_TRAFFIC);
		assertThat(output).contains("(readiness changed to REFUSING_TRAFFIC)");
		awaitDiscoverable(INTERVAL, this.fleet.subList(1, 3));
		assertThat(addresses()).doesNotContain(address(refusing));

		AvailabilityChangeEvent.publish(refusing.context(), ReadinessState.ACCEPTING_TRAFFIC);
		awaitDiscoverable(INTERVAL);
	}

	@Test
	void afterAnInstanceIsTakenOutOfServiceTheOthersAreFoundAgain() {
		startFleet(3);
		this.fleet.get(2).registration().deregister();
		awaitDiscoverable(INTERVAL, this.fleet.subList(0, 2));
		assertThat(addresses()).doesNotContain(address(this.fleet.get(2)));
	}

	@ParameterizedTest
	@ValueSource(ints = { 2, 3, 5 })
	void afterAnInstanceCrashesEverySurvivorIsFoundAgainWithinTwoIntervalsOfTheExpiry(int size) {
		startFleet(size);
		RegisteringApplication crashed = this.fleet.remove(0);
		crash(crashed);
		// Expired after the timeout; the survivors notice within two intervals of that.
		await().atMost(TIMEOUT.plus(INTERVAL.multipliedBy(2)).plus(SLACK))
			.untilAsserted(() -> assertThat(this.registry.instances()).extracting(RegisteredInstance::address)
				.doesNotContain(address(crashed)));
		awaitDiscoverable(INTERVAL.multipliedBy(2));
		crashed.close();
	}

	@Test
	void afterARollingRestartOfEveryInstanceEveryNewInstanceIsFound() {
		startFleet(3);
		for (int step = 0; step < 3; step++) {
			RegisteringApplication replacement = startInstance();
			await().atMost(SLACK).until(() -> replacement.status().instanceId() != null);
			this.fleet.remove(0).close();
			this.fleet.add(replacement);
		}
		awaitDiscoverable(INTERVAL.multipliedBy(2));
		assertNoRemovalFor(INTERVAL.multipliedBy(5));
	}

	@Test
	void afterScalingDownToOneTheLastInstanceIsFound() {
		startFleet(3);
		this.fleet.remove(0).close();
		this.fleet.remove(0).close();
		awaitDiscoverable(INTERVAL);
		assertThat(this.registry.lookupCandidates("orders")).hasSize(1);
	}

	@Test
	void afterARegistryRestartEveryInstanceIsFoundWithoutHealing(CapturedOutput output) {
		startFleet(3);
		this.registry.restart();
		awaitDiscoverable(INTERVAL);
		assertNoRemovalFor(INTERVAL.multipliedBy(5));
		for (RegisteringApplication instance : this.fleet) {
			assertThat(instance.status().lookupRemovals()).as("removals counted by %s, the last one for: %s",
					address(instance), instance.status().lastLookupRemovalCause()).isZero();
		}
		assertThat(output).contains("no longer knows instance").doesNotContain("had removed");
	}

	@Test
	void withTwoRegistriesEachHealsOnItsOwn() {
		try (EmbeddedSrsrRegistry second = EmbeddedSrsrRegistry.builder().timeout(TIMEOUT).start()) {
			String urls = this.registry.url() + "," + second.url();
			for (int i = 0; i < 3; i++) {
				this.fleet.add(startInstance("--srsr.registry.url=" + urls));
			}
			await().atMost(SLACK.multipliedBy(2))
				.until(() -> second.lookupCandidates("orders").size() == 3 && addresses().size() == 3);
			this.fleet.remove(0).close();
			awaitDiscoverable(INTERVAL);
			await().atMost(INTERVAL.plus(SLACK))
				.untilAsserted(() -> assertThat(addresses(second)).isEqualTo(addresses(this.fleet)));
			this.fleet.forEach(RegisteringApplication::close);
			this.fleet.clear();
		}
	}

	@Test
	void onceHealedNoInstanceRemovesTheNameAgain() {
		startFleet(3);
		this.fleet.remove(0).close();
		awaitDiscoverable(INTERVAL);
		assertNoRemovalFor(INTERVAL.multipliedBy(5));
		// Every id of the name is held, and kept alive, by a live instance: nothing is left to expire.
		int held = this.fleet.stream()
			.mapToInt((instance) -> instance.status().registries().get(0).heldIds())
			.sum();
		assertThat(this.registry.instances()).filteredOn((instance) -> instance.name().equals("orders"))
			.hasSize(held)
			.allSatisfy((instance) -> assertThat(instance.lastHeartbeat()).isAfter(Instant.now().minus(TIMEOUT)));
	}

	@Test
	void anInstanceStartedAfterARemovalRegistersOnce() {
		startFleet(2);
		this.fleet.remove(0).close();
		RegisteringApplication late = startInstance();
		this.fleet.add(late);
		awaitDiscoverable(INTERVAL);
		assertNoRemovalFor(INTERVAL.multipliedBy(5));
		assertThat(late.status().registrations()).isEqualTo(1);
		assertThat(late.status().lookupRemovals()).isZero();
		assertThat(this.fleet.get(0).status().lookupRemovals()).isEqualTo(1);
	}

	@Test
	void whenAnInstanceOfAnotherClientLeavesTheStartersInstancesAreFoundAgain() throws Exception {
		startFleet(3);
		String other = register("orders", "http://10.0.1.1:8080");
		assertThat(addresses()).contains("http://10.0.1.1:8080");
		post("/deregister", "{\"id\":\"" + other + "\"}");
		// The first to find its name empty registers again and starts a new generation, which
		// the others then notice.
		awaitDiscoverable(INTERVAL.multipliedBy(2));
		assertNoRemovalFor(INTERVAL.multipliedBy(5));
	}

	@Test
	void instancesStartingTogetherAreAllFoundAndStayFound() {
		// Their first calls wait in the paused registry, then all go at once.
		this.registry.pause();
		for (int i = 0; i < 3; i++) {
			this.fleet.add(startInstance());
		}
		this.registry.resume();
		awaitDiscoverable(SLACK);
		assertNoRemovalFor(INTERVAL.multipliedBy(5));
	}

	@Test
	void withHealingOffASurvivorStaysUndiscoverable() {
		for (int i = 0; i < 2; i++) {
			this.fleet.add(startInstance("--srsr.heal.enabled=false"));
		}
		awaitDiscoverable(SLACK);
		this.fleet.remove(0).close();
		await().during(INTERVAL.multipliedBy(4)).atMost(INTERVAL.multipliedBy(4).plus(SLACK))
			.until(() -> this.registry.lookupCandidates("orders").isEmpty());
		assertThat(this.fleet.get(0).status().lookupRemovals()).isZero();
		assertThat(this.registry.instances()).extracting(RegisteredInstance::name).containsOnly("orders");
		// Not one lookup, however long the survivor stays out of lookup.
		assertThat(this.registry.requests()).extracting(RecordedRequest::path).doesNotContain("/lookup");
	}

	// Stop heartbeats without deregistering: the registry expires the instance after its timeout.
	private static void crash(RegisteringApplication instance) {
		instance.context()
			.getBean(SrsrRegistration.SCHEDULER_BEAN_NAME, ThreadPoolTaskScheduler.class)
			.getScheduledExecutor()
			.shutdownNow();
	}

}
