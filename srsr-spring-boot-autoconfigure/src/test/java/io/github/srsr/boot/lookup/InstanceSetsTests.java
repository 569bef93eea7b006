package io.github.srsr.boot.lookup;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.srsr.boot.lookup.SrsrInstanceSet.State;
import io.github.srsr.client.RegistryUrl;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.client.http.SrsrRestClientBuilders;
import io.github.srsr.client.SrsrRegistryUnreachableException;
import io.github.srsr.registry.EmbeddedSrsrRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link InstanceSets} on the embedded registry, whose random pick is srsr's. The
 * refreshes are run by the test ({@link InstanceSets#refreshAll()}; the background period is an
 * hour), so that "within two refreshes" is counted, not timed. Where a claim holds with a
 * probability (an address is seen by one refresh with at least 0.968), the test allows one more
 * refresh than the claim, which takes the chance of a failing run below 1 in 50,000.
 */
class InstanceSetsTests {

	private static final List<URI> ORDERS = List.of(URI.create("http://10.0.0.1:8080"),
			URI.create("http://10.0.0.2:8080"), URI.create("http://10.0.0.3:8080"));

	private static final URI FOURTH = URI.create("http://10.0.0.4:8080");

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private final List<String> orderIds = new ArrayList<>();

	private final MutableClock clock = new MutableClock();

	private EmbeddedSrsrRegistry registry;

	private SrsrClient client;

	@BeforeEach
	void startRegistryWithDefaultTimeout() {
		startRegistry(EmbeddedSrsrRegistry.DEFAULT_TIMEOUT);
	}

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	@Test
	void lookupsPerRefreshFollowTheRuleAndStayWithinItsBound() {
		assertThat(InstanceSets.lookupsFor(0)).isEqualTo(1);
		assertThat(InstanceSets.lookupsFor(1)).isEqualTo(5);
		assertThat(InstanceSets.lookupsFor(2)).isEqualTo(9);
		assertThat(InstanceSets.lookupsFor(3)).isEqualTo(13);
		assertThat(InstanceSets.lookupsFor(10)).isEqualTo(37);
		for (int n = 1; n <= 100_000; n++) {
			int k = InstanceSets.lookupsFor(n);
			assertThat(k).as("lookups for %d", n).isLessThanOrEqualTo((int) Math.floor(3 * n * Math.log(n) + 5));
			// Two refreshes of k lookups miss one of n + 1 live instances with a probability of at most 0.001.
			assertThat(Math.pow((double) n / (n + 1), 2.0 * k)).isLessThanOrEqualTo(0.001);
		}
	}

	@Test
	void everyInstanceIsInTheSetAndEachRefreshStaysWithinTheBound() {
		ORDERS.forEach(this::register);
		InstanceSets sets = instanceSets();
		assertThat(sets.get("orders")).isNotEmpty().isSubsetOf(ORDERS);
		refreshUntil(sets, 3, () -> sets.get("orders").containsAll(ORDERS));
		assertThat(sets.get("orders")).hasSize(3);
		double bound = 3 * 3 * Math.log(3) + 5;
		for (int i = 0; i < 20; i++) {
			long before = sets.lookups();
			sets.refreshAll();
			// 13, and one notice lookup ("not found" here) in a refresh that missed one of the three
			// by chance (at most 3 (2/3)^13 = 0.015 per refresh).
			assertThat(sets.lookups() - before).isLessThanOrEqualTo((long) bound).isIn(13L, 14L);
		}
		assertThat(sets.sets()).singleElement().satisfies((set) -> {
			assertThat(set.serviceName()).isEqualTo("orders");
			assertThat(set.state()).isEqualTo(State.FRESH);
			assertThat(set.lastFailure()).isNull();
		});
	}

	@Test
	void anArrivalShowsWithinTwoRefreshes() {
		InstanceSets sets = ordersKnown();
		register(FOURTH);
		refreshUntil(sets, 3, () -> sets.get("orders").contains(FOURTH));
	}

	@Test
	void aDepartureIsDroppedByTheFirstRefreshOnceTheSurvivorsAreBack() {
		InstanceSets sets = ordersKnown();

		// srsr removes the whole name when one id leaves; the set is kept until the survivors heal.
		this.client.deregister(this.orderIds.get(0));
		sets.refreshAll();
		assertThat(sets.get("orders")).containsExactlyInAnyOrderElementsOf(ORDERS);
		assertThat(sets.sets().get(0).state()).isEqualTo(State.NOT_FOUND);
		sets.refreshAll();
		assertThat(sets.get("orders")).containsExactlyInAnyOrderElementsOf(ORDERS);

		// The survivors register again, as the heal does.
		register(ORDERS.get(1));
		register(ORDERS.get(2));
		sets.refreshAll();
		assertThat(sets.get("orders")).doesNotContain(ORDERS.get(0));
		refreshUntil(sets, 3, () -> sets.get("orders").containsAll(ORDERS.subList(1, 3)));
		assertThat(sets.sets().get(0).state()).isEqualTo(State.FRESH);
	}

	@Test
	void theOnlyInstanceLeavingWithItsNoticeIsDroppedAtTheNextRefreshRatherThanAfterTheGrace() {
		String id = register(ORDERS.get(0));
		InstanceSets sets = instanceSets();
		assertThat(sets.get("orders")).containsExactly(ORDERS.get(0));

		// As the starter leaves: its notice, then its deregistration.
		registerNotice(ORDERS.get(0));
		this.client.deregister(id);
		long before = sets.lookups();
		sets.refreshAll();

		assertThat(sets.get("orders")).isEmpty();
		assertThat(sets.sets().get(0).state()).isEqualTo(State.NOT_FOUND);
		// The name's "not found", and one notice lookup that showed the whole set.
		assertThat(sets.lookups() - before).isEqualTo(2);
		assertThat(sets.get("orders" + InstanceSets.DEPARTURE_NOTICES)).isEmpty();
	}

	@Test
	void aNoticeDropsOnlyTheInstanceThatLeftAndTheSurvivorsAreKeptUntilTheyHeal() {
		InstanceSets sets = ordersKnown();

		registerNotice(ORDERS.get(0));
		this.client.deregister(this.orderIds.get(0));
		sets.refreshAll();

		assertThat(sets.get("orders")).containsExactlyInAnyOrderElementsOf(ORDERS.subList(1, 3));
		register(ORDERS.get(1));
		register(ORDERS.get(2));
		refreshUntil(sets, 3, () -> sets.get("orders").containsAll(ORDERS.subList(1, 3)));
		assertThat(sets.get("orders")).hasSize(2);
	}

	@Test
	void anInstanceThatLeftWhileTheSurvivorsHealedBetweenTwoRefreshesIsDroppedByTheFirstRefreshThatMissesIt() {
		InstanceSets sets = ordersKnown();

		registerNotice(ORDERS.get(0));
		this.client.deregister(this.orderIds.get(0));
		register(ORDERS.get(1));
		register(ORDERS.get(2));
		// This refresh never sees the name empty; without the notice the address would stay a refresh more.
		sets.refreshAll();

		assertThat(sets.get("orders")).containsExactlyInAnyOrderElementsOf(ORDERS.subList(1, 3));
		assertThat(sets.sets().get(0).state()).isEqualTo(State.FRESH);
	}

	@Test
	void aNoticeOutlivingItsInstanceDoesNotDropTheOneThatCameBackAtItsAddress() {
		InstanceSets sets = ordersKnown();
		String notice = registerNotice(ORDERS.get(0));
		this.client.deregister(this.orderIds.get(0));
		sets.refreshAll();
		assertThat(sets.get("orders")).doesNotContain(ORDERS.get(0));

		// A new instance at the same address, and the survivors healed; the notice is still there.
		List<String> ids = ORDERS.stream().map(this::register).toList();
		refreshUntil(sets, 3, () -> sets.get("orders").containsAll(ORDERS));

		// Another removal (one leaves without a notice, as srsrpy does): the stale notice drops nobody.
		this.client.deregister(ids.get(2));
		sets.refreshAll();
		assertThat(sets.get("orders")).containsExactlyInAnyOrderElementsOf(ORDERS);

		// Once the notices are gone (expired), a new notice for that address drops it again.
		this.client.deregister(notice);
		sets.refreshAll();
		assertThat(sets.get("orders")).containsExactlyInAnyOrderElementsOf(ORDERS);
		registerNotice(ORDERS.get(0));
		sets.refreshAll();
		assertThat(sets.get("orders")).containsExactlyInAnyOrderElementsOf(ORDERS.subList(1, 3));
	}

	@Test
	void aCrashedInstanceIsDroppedOnceItExpiredAndTheSurvivorsHealed() {
		startRegistry(Duration.ofMillis(1500));
		// Every id held stays alive, as the heal keeps them: only the crashed one expires.
		Set<String> alive = ConcurrentHashMap.newKeySet();
		List<String> ids = ORDERS.stream().map(this::register).toList();
		alive.addAll(ids);
		ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
		this.closeables.add(heartbeats::shutdownNow);
		heartbeats.scheduleWithFixedDelay(() -> alive.forEach(this.client::heartbeat), 0, 200,
				TimeUnit.MILLISECONDS);
		InstanceSets sets = instanceSets();
		sets.get("orders");
		refreshUntil(sets, 3, () -> sets.get("orders").containsAll(ORDERS));

		// The first one crashes: no more heartbeats, so it expires and srsr removes the whole name.
		alive.remove(ids.get(0));
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.registry.lookupCandidates("orders").isEmpty());
		sets.refreshAll();
		assertThat(sets.get("orders")).containsExactlyInAnyOrderElementsOf(ORDERS);
		ORDERS.subList(1, 3).forEach((address) -> alive.add(register(address)));
		sets.refreshAll();
		assertThat(sets.get("orders")).doesNotContain(ORDERS.get(0));
		refreshUntil(sets, 3, () -> sets.get("orders").containsAll(ORDERS.subList(1, 3)));
	}

	@Test
	void aRegistryThatIsDownOrRestartedKeepsTheLastSetUntilItKnowsTheNameAgain() {
		InstanceSets sets = ordersKnown();

		this.registry.stop();
		sets.refreshAll();
		sets.refreshAll();
		sets.refreshAll();
		assertThat(sets.get("orders")).containsExactlyInAnyOrderElementsOf(ORDERS);
		assertThat(sets.sets()).singleElement().satisfies((set) -> {
			assertThat(set.state()).isEqualTo(State.FAILED);
			assertThat(set.lastFailure()).isNotBlank();
		});

		// A restarted srsr knows nothing until the instances register again.
		this.registry.restart();
		sets.refreshAll();
		assertThat(sets.sets().get(0).state()).isEqualTo(State.NOT_FOUND);
		assertThat(sets.get("orders")).containsExactlyInAnyOrderElementsOf(ORDERS);
		ORDERS.forEach(this::register);
		refreshUntil(sets, 3, () -> sets.sets().get(0).state() == State.FRESH);
		sets.refreshAll();
		sets.refreshAll();
		refreshUntil(sets, 3, () -> sets.get("orders").containsAll(ORDERS));
		assertThat(sets.get("orders")).hasSize(3);
	}

	@Test
	void aNameNotFoundForLongerThanTheGraceHasAnEmptySet() {
		String id = register(ORDERS.get(0));
		InstanceSets sets = instanceSets();
		assertThat(sets.get("orders")).containsExactly(ORDERS.get(0));
		this.client.deregister(id);
		sets.refreshAll();
		assertThat(sets.get("orders")).containsExactly(ORDERS.get(0));
		this.clock.advance(Duration.ofSeconds(30));
		long before = sets.lookups();
		sets.refreshAll();
		assertThat(sets.get("orders")).isEmpty();
		// Nothing known: one lookup per refresh.
		assertThat(sets.lookups() - before).isEqualTo(1);
		register(ORDERS.get(1));
		sets.refreshAll();
		assertThat(sets.get("orders")).containsExactly(ORDERS.get(1));
	}

	@Test
	void theFirstSampleThrowsWhenTheRegistryCannotAnswerAndLaterOnesNever() {
		this.registry.stop();
		InstanceSets sets = instanceSets();
		assertThatExceptionOfType(SrsrRegistryUnreachableException.class).isThrownBy(() -> sets.get("orders"));
		assertThat(sets.sets()).isEmpty();
		this.registry.restart();
		assertThat(sets.get("orders")).isEmpty();
		this.registry.stop();
		sets.refreshAll();
		assertThat(sets.get("orders")).isEmpty();
		assertThat(sets.sets().get(0).state()).isEqualTo(State.FAILED);
	}

	@Test
	void aNameNobodyAsksForIsForgottenAfterTheIdleTime() {
		register(ORDERS.get(0));
		InstanceSets sets = instanceSets();
		sets.get("orders");
		this.clock.advance(Duration.ofSeconds(59));
		sets.refreshAll();
		assertThat(sets.sets()).hasSize(1);
		this.clock.advance(Duration.ofSeconds(2));
		long before = sets.lookups();
		sets.refreshAll();
		assertThat(sets.sets()).isEmpty();
		assertThat(sets.lookups()).isEqualTo(before);
	}

	@Test
	void sideNamesOfTheHealAreNeverSampled() {
		this.client.register(
				new ServiceRegistrationRequest("orders#srsr-generation", "http://generation.srsr.invalid/x", null));
		this.client.register(new ServiceRegistrationRequest("orders#srsr-address-1f2e", "http://10.0.0.5:8080", null));
		InstanceSets sets = instanceSets();
		this.registry.clearRequests();
		assertThat(sets.get("orders#srsr-generation")).isEmpty();
		assertThat(sets.get("orders#srsr-address-1f2e")).isEmpty();
		assertThat(sets.sets()).isEmpty();
		assertThat(this.registry.requests()).isEmpty();
		assertThat(sets.isRefreshing()).isFalse();
	}

	@Test
	void theRefreshThreadStartsWithTheFirstNameAndEndsOnClose() {
		ORDERS.forEach(this::register);
		try (DefaultSrsrServiceLookup lookup = DefaultSrsrServiceLookup.builder(this.client)
			.instanceSets(Duration.ofMillis(100), Duration.ofSeconds(60), Duration.ofSeconds(30))
			.build()) {
			awaitNoRefreshThread();
			assertThat(lookup.lookup("orders")).isPresent();
			assertThat(refreshThreads()).isZero();
			lookup.lookupAll("orders");
			long firstSample = lookup.getInstanceSetLookups();
			assertThat(refreshThreads()).isOne();
			// Refreshed in the background: every instance shows without anyone asking again.
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> lookup.getInstanceSetLookups() > firstSample
						&& lookup.getInstanceSets().get(0).addresses().containsAll(ORDERS));
			lookup.close();
			awaitNoRefreshThread();
		}
	}

	@Test
	void withoutInstanceSetsLookupAllAnswersTheRegistrysPick() {
		ORDERS.forEach(this::register);
		try (DefaultSrsrServiceLookup lookup = DefaultSrsrServiceLookup.builder(this.client).build()) {
			awaitNoRefreshThread();
			for (int i = 0; i < 5; i++) {
				assertThat(lookup.lookupAll("orders")).singleElement().isIn(ORDERS);
			}
			assertThat(lookup.lookupAll("billing")).isEmpty();
			assertThat(lookup.lookupAll("orders#srsr-generation")).isEmpty();
			assertThat(lookup.getInstanceSets()).isEmpty();
			assertThat(refreshThreads()).isZero();
		}
	}

	@Test
	void theCatalogListsEveryServiceOnceItsEntriesAreSampledAndKeepsOneForTheGrace() {
		SrsrClient client = this.client;
		// One entry per instance: "rare" has 1 of 10, so sampling covers instances, not services.
		List<String> ids = new ArrayList<>();
		ids.add(catalogEntry(client, "rare"));
		for (int i = 0; i < 9; i++) {
			ids.add(catalogEntry(client, "common"));
		}
		InstanceSets sets = instanceSets();
		sets.services();
		refreshUntil(sets, 3, () -> sets.services().equals(List.of("common", "rare")));
		refreshUntil(sets, 3, () -> sets.sets().get(0).addresses().size() == 10);
		long before = sets.lookups();
		sets.refreshAll();
		// 10 entries known: k(10) = 37 lookups, within 3 n ln n + 5 for the n entries (not services).
		assertThat(sets.lookups() - before).isEqualTo(InstanceSets.lookupsFor(10)).isEqualTo(37);
		assertThat(sets.get(CatalogServices.NAME)).isEmpty();

		// "rare" leaves: srsr removes the whole catalog; the others list themselves again.
		client.deregister(ids.get(0));
		for (int i = 0; i < 9; i++) {
			catalogEntry(client, "common");
		}
		sets.refreshAll();
		assertThat(sets.services()).containsExactly("common", "rare");
		this.clock.advance(Duration.ofSeconds(31));
		sets.refreshAll();
		assertThat(sets.services()).containsExactly("common");
	}

	@Test
	void catalogEntriesNameTheirServiceInTheLastPathSegment() {
		assertThat(CatalogServices.serviceOf(URI.create("http://catalog.srsr.invalid/g/i/orders"))).isEqualTo("orders");
		assertThat(CatalogServices.serviceOf(URI.create("http://catalog.srsr.invalid/g/i/my+shop%2Feu%C3%A9")))
			.isEqualTo("my shop/eu\u00e9");
		assertThat(CatalogServices.serviceOf(URI.create("http://10.0.0.1:8080/g/i/orders"))).isNull();
		assertThat(CatalogServices.serviceOf(URI.create("http://catalog.srsr.invalid/g/i/"))).isNull();
		assertThat(CatalogServices.serviceOf(URI.create("http://catalog.srsr.invalid/g/i/a%23srsr-generation")))
			.isNull();
	}

	private static String catalogEntry(SrsrClient client, String service) {
		return client.register(new ServiceRegistrationRequest(CatalogServices.NAME,
				"http://catalog.srsr.invalid/generation/" + java.util.UUID.randomUUID() + "/" + service, null));
	}

	/** Those of other tests end soon after they were closed. */
	private static void awaitNoRefreshThread() {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> refreshThreads() == 0);
	}

	private static long refreshThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals(InstanceSets.THREAD_NAME) && thread.isAlive())
			.count();
	}

	/**
	 * Refresh until the condition holds, at most {@code refreshes} times.
	 */
	private static void refreshUntil(InstanceSets sets, int refreshes, java.util.function.BooleanSupplier condition) {
		for (int i = 0; i < refreshes && !condition.getAsBoolean(); i++) {
			sets.refreshAll();
		}
		assertThat(condition.getAsBoolean()).as("after at most %d refreshes: %s", refreshes, sets.sets()).isTrue();
	}

	/**
	 * Register the three orders instances, ask for their set and refresh until it holds them all.
	 */
	private InstanceSets ordersKnown() {
		ORDERS.forEach((address) -> this.orderIds.add(register(address)));
		InstanceSets sets = instanceSets();
		sets.get("orders");
		refreshUntil(sets, 3, () -> sets.get("orders").containsAll(ORDERS));
		return sets;
	}

	// Refreshed by the test only; names not found are kept for 30 s, idle ones for 60 s.
	private InstanceSets instanceSets() {
		DefaultSrsrServiceLookup lookup = DefaultSrsrServiceLookup.builder(this.client).build();
		InstanceSets sets = new InstanceSets(lookup::lookup, Duration.ofHours(1), Duration.ofSeconds(60),
				Duration.ofSeconds(30), this.clock);
		this.closeables.add(sets);
		return sets;
	}

	private void startRegistry(Duration timeout) {
		this.registry = EmbeddedSrsrRegistry.builder().port(0).timeout(timeout).start();
		this.closeables.add(this.registry);
		this.client = new RestClientSrsrClient(RegistryUrl.of(this.registry.url().toString()),
				SrsrRestClientBuilders.create(Duration.ofSeconds(1), Duration.ofSeconds(2)));
	}

	private String register(URI address) {
		return this.client.register(new ServiceRegistrationRequest("orders", address.toString(), null));
	}

	private String registerNotice(URI address) {
		return this.client.register(new ServiceRegistrationRequest("orders" + InstanceSets.DEPARTURE_NOTICES,
				address.toString(), null));
	}

	static final class MutableClock extends Clock {

		private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
