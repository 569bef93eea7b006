package io.github.srsr.boot.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.srsr.boot.autoconfigure.SrsrAutoConfiguration;
import io.github.srsr.boot.lookup.DefaultSrsrServiceLookup;
import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.RecordedRequest;
import io.github.srsr.registry.RegisteredInstance;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service catalog ({@code srsr.discovery.catalog.enabled}) on the embedded registry, whose
 * lookup picks at random and which removes a whole name when one of its ids leaves or expires, as
 * srsr does: several applications with different names register with the catalog on, and a
 * gateway that does not register lists them through {@code DiscoveryClient.getServices()}.
 * Heartbeat interval 250 ms, registry timeout 1 s, refresh period 200 ms, not-found grace (the
 * time a service stays listed after its last entry was seen) 1 s.
 */
class SrsrServiceCatalogTests {

	private static final String CATALOG = "#srsr-catalog";

	private static final Duration INTERVAL = Duration.ofMillis(250);

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private static final Duration PERIOD = Duration.ofMillis(200);

	private static final Duration GRACE = Duration.ofSeconds(1);

	/** What a bound may add for a loaded machine: thread wake-ups, a few requests. */
	private static final Duration SLACK = Duration.ofSeconds(1);

	private static final AtomicInteger hosts = new AtomicInteger();

	private final EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.builder().timeout(TIMEOUT).start();

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@AfterEach
	void stop() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
		this.registry.stop();
	}

	@Test
	void getServicesListsEveryServiceWithAnInstanceInTheCatalog() {
		startFleet();
		ConfigurableApplicationContext gateway = start(null, true);
		SrsrDiscoveryClient discovery = gateway.getBean(SrsrDiscoveryClient.class);
		// Each entry is missed by two refreshes in a row with a chance of at most 0.001.
		await().atMost(PERIOD.multipliedBy(2).plus(SLACK))
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> assertThat(discovery.getServices()).containsExactly("billing", "orders", "shipping"));
		assertThat(gateway.getBean(ReactiveDiscoveryClient.class).getServices().collectList().block(SLACK))
			.containsExactly("billing", "orders", "shipping");
		// One entry per instance (four), each naming its service; the catalog is never a service.
		assertThat(catalogServices()).containsOnly("orders", "billing", "shipping");
		assertThat(this.registry.instances(CATALOG)).hasSize(4);
		assertThat(discovery.getInstances(CATALOG)).isEmpty();
		// A registered application lists its own name and the others'.
		assertThat(this.contexts.get(0).getBean(SrsrDiscoveryClient.class).getServices()).contains("orders");
	}

	@Test
	void afterAnInstanceExpiresTheCatalogIsHealedAndTheOtherServicesStayListed() {
		List<ConfigurableApplicationContext> fleet = startFleet();
		ConfigurableApplicationContext gateway = start(null, true);
		SrsrDiscoveryClient discovery = gateway.getBean(SrsrDiscoveryClient.class);
		awaitListed(discovery, "billing", "orders", "shipping");
		long registrationsBefore = catalogRegistrations();
		crash(fleet.get(3)); // shipping's only instance
		// Its entry expires after the timeout, which removes the whole catalog; every survivor lists
		// itself again at its next round, and the services they stand for stay listed meanwhile.
		Duration healed = TIMEOUT.plus(INTERVAL.multipliedBy(2)).plus(SLACK);
		await().atMost(healed.plus(SLACK))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> {
				assertThat(discovery.getServices()).contains("billing", "orders");
				assertThat(catalogRegistrations()).isGreaterThan(registrationsBefore);
				assertThat(catalogServices()).isEqualTo(Set.of("orders", "billing"));
				assertThat(this.registry.lookupCandidates(CATALOG)).hasSizeGreaterThanOrEqualTo(3);
			});
		// Gone within the expiry, a round, a refresh and the grace.
		await().atMost(TIMEOUT.plus(INTERVAL).plus(PERIOD).plus(GRACE).plus(SLACK))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(discovery.getServices()).containsExactly("billing", "orders"));
		await().during(GRACE.plus(PERIOD.multipliedBy(2)))
			.atMost(GRACE.plus(PERIOD.multipliedBy(2)).plus(SLACK))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(discovery.getServices()).containsExactly("billing", "orders"));
	}

	@Test
	void aDepartedServiceDisappearsAndTheOthersStayListed() {
		List<ConfigurableApplicationContext> fleet = startFleet();
		ConfigurableApplicationContext gateway = start(null, true);
		SrsrDiscoveryClient discovery = gateway.getBean(SrsrDiscoveryClient.class);
		awaitListed(discovery, "billing", "orders", "shipping");
		fleet.get(2).close(); // billing's only instance deregisters, which removes the whole catalog
		// Gone within a round (the first survivor lists itself again), a refresh and the grace;
		// the others stay listed all along.
		await().atMost(INTERVAL.plus(PERIOD).plus(GRACE).plus(SLACK))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(discovery.getServices()).contains("orders", "shipping")
				.doesNotContain("billing"));
		await().during(GRACE.plus(INTERVAL.multipliedBy(2)))
			.atMost(GRACE.plus(INTERVAL.multipliedBy(2)).plus(SLACK))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(discovery.getServices()).containsExactly("orders", "shipping"));
		assertThat(catalogServices()).isEqualTo(Set.of("orders", "shipping"));
	}

	@Test
	void withHealingOffTheCatalogIsStillHealed() {
		start("orders", true, "srsr.heal.enabled=false");
		ConfigurableApplicationContext billing = start("billing", true, "srsr.heal.enabled=false");
		start("shipping", true, "srsr.heal.enabled=false");
		await().atMost(SLACK).until(() -> this.registry.instances(CATALOG).size() == 3);
		billing.close();
		await().atMost(INTERVAL.multipliedBy(2).plus(SLACK))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(catalogServices()).isEqualTo(Set.of("orders", "shipping")));
		assertThat(this.registry.requests()).extracting(RecordedRequest::body)
			.noneMatch((body) -> body.contains("#srsr-generation"));
	}

	@Test
	void withTheCatalogOffNoCatalogIdIsRegisteredAndServicesAreTheOwnNameOnly() {
		ConfigurableApplicationContext orders = start("orders", false);
		ConfigurableApplicationContext billing = start("billing", false);
		ConfigurableApplicationContext gateway = start(null, false);
		await().atMost(SLACK).until(() -> this.registry.lookupCandidates("billing").size() == 1);
		assertThat(orders.getBean(SrsrDiscoveryClient.class).getServices()).containsExactly("orders");
		assertThat(billing.getBean(SrsrDiscoveryClient.class).getServices()).containsExactly("billing");
		assertThat(gateway.getBean(SrsrDiscoveryClient.class).getServices()).isEmpty();
		assertThat(gateway.getBean(DefaultSrsrServiceLookup.class).getInstanceSets()).isEmpty();
		// A few rounds of heartbeats: still one id per name, and nobody asked for the catalog.
		await().during(INTERVAL.multipliedBy(4))
			.atMost(INTERVAL.multipliedBy(4).plus(SLACK))
			.untilAsserted(() -> assertThat(this.registry.instances()).extracting(RegisteredInstance::name)
				.doesNotContain(CATALOG));
		assertThat(this.registry.requests()).extracting(RecordedRequest::body)
			.noneMatch((body) -> body.contains(CATALOG));
	}

	@Test
	void theCatalogIsListedAgainAfterARegistryRestart() {
		startFleet();
		ConfigurableApplicationContext gateway = start(null, true);
		SrsrDiscoveryClient discovery = gateway.getBean(SrsrDiscoveryClient.class);
		awaitListed(discovery, "billing", "orders", "shipping");
		this.registry.restart();
		// Every heartbeat is answered "not found": each instance registers from scratch, its entry too.
		await().atMost(INTERVAL.multipliedBy(2).plus(SLACK))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(catalogServices()).isEqualTo(Set.of("orders", "billing", "shipping")));
		assertThat(discovery.getServices()).containsExactly("billing", "orders", "shipping");
	}

	private List<ConfigurableApplicationContext> startFleet() {
		// One after the other, each listed before the next starts: two instances joining the catalog
		// at the same moment may each start a generation and hold one more id (docs/architecture.md).
		List<ConfigurableApplicationContext> fleet = new ArrayList<>();
		for (String name : List.of("orders", "orders", "billing", "shipping")) {
			fleet.add(start(name, true));
			await().atMost(SLACK)
				.pollInterval(Duration.ofMillis(20))
				.until(() -> this.registry.instances(CATALOG).size() == fleet.size());
		}
		return fleet;
	}

	private void awaitListed(SrsrDiscoveryClient discovery, String... services) {
		await().atMost(PERIOD.multipliedBy(2).plus(SLACK))
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> assertThat(discovery.getServices()).containsExactly(services));
	}

	// The services the catalog's lookup can return right now, by the last path segment of each entry.
	private Set<String> catalogServices() {
		return this.registry.lookupCandidates(CATALOG)
			.stream()
			.map(RegisteredInstance::address)
			.map((address) -> address.substring(address.lastIndexOf('/') + 1))
			.collect(Collectors.toSet());
	}

	// Registrations of catalog entries so far: one per instance, then one per heal.
	private long catalogRegistrations() {
		return this.registry.requests()
			.stream()
			.filter((request) -> request.path().equals("/register") && request.body().contains(CATALOG))
			.count();
	}

	private ConfigurableApplicationContext start(String name, boolean catalog, String... more) {
		List<String> properties = new ArrayList<>(List.of("srsr.registry.url=" + this.registry.url(),
				"srsr.heartbeat.interval=" + INTERVAL.toMillis() + "ms", "srsr.retry.initial-interval=50ms",
				"srsr.retry.jitter=0ms", "srsr.discovery.refresh-period=" + PERIOD.toMillis() + "ms",
				"srsr.discovery.not-found-grace=" + GRACE.toMillis() + "ms",
				"srsr.discovery.catalog.enabled=" + catalog, "spring.main.banner-mode=off"));
		properties.addAll(List.of(more));
		if (name != null) {
			properties.add("srsr.service.name=" + name);
			properties.add("srsr.service.address=http://10.0.0." + hosts.incrementAndGet() + ":8080");
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Config.class)
			.web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
			.run();
		this.contexts.add(context);
		return context;
	}

	// Stop heartbeats without deregistering: the registry expires the instance after its timeout.
	private static void crash(ConfigurableApplicationContext instance) {
		instance.getBean(SrsrRegistration.SCHEDULER_BEAN_NAME, ThreadPoolTaskScheduler.class)
			.getScheduledExecutor()
			.shutdownNow();
	}

	@SpringBootConfiguration
	@ImportAutoConfiguration({ SrsrAutoConfiguration.class, SrsrCloudAutoConfiguration.class })
	static class Config {

	}

}
