package io.github.srsr.boot.cloud;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.junit.EmbeddedSrsr;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Cloud LoadBalancer on srsr's instance sets, at LoadBalancer's defaults: a caller (a real
 * Spring context with {@code spring-cloud-starter-loadbalancer}, refreshing its sets every
 * 200 ms) spreads its picks over every instance registered in the embedded registry, stops
 * picking one that left and picks one that arrived, while a service whose LoadBalancer client the
 * application configured itself keeps the application's supplier. Each test uses a service name
 * of its own.
 */
@EmbeddedSrsr
@SpringBootTest(classes = SrsrLoadBalancerTests.CallerApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "srsr.discovery.refresh-period=200ms",
				"spring.cloud.loadbalancer.clients.zoned.configurations=zone-preference" })
class SrsrLoadBalancerTests {

	private static final List<URI> INSTANCES = List.of(URI.create("http://10.0.0.1:8080"),
			URI.create("http://10.0.0.2:8080"), URI.create("http://10.0.0.3:8080"));

	private static final URI FOURTH = URI.create("http://10.0.0.4:8080");

	private static final Duration BOUND = Duration.ofSeconds(10);

	@Autowired
	private SrsrClient client;

	@Autowired
	private EmbeddedSrsrRegistry registry;

	@Autowired
	private LoadBalancerClient loadBalancer;

	@Autowired
	private LoadBalancerClientFactory loadBalancerClientFactory;

	@Autowired
	private DiscoveryClient discoveryClient;

	@Autowired
	private ReactiveDiscoveryClient reactiveDiscoveryClient;

	@Test
	void everyClientGetsTheInstanceSetWithoutLoadBalancersCache() {
		register("supplied", INSTANCES);
		assertThat(this.loadBalancerClientFactory.getInstance("supplied", ServiceInstanceListSupplier.class))
			.isInstanceOf(SrsrServiceInstanceListSupplier.class);
	}

	@Test
	void anotherLoadBalancerConfigurationKeepsItsOwnSupplier() {
		register("zoned", INSTANCES);
		assertThat(this.loadBalancerClientFactory.getInstance("zoned", ServiceInstanceListSupplier.class))
			.isNotInstanceOf(SrsrServiceInstanceListSupplier.class);
		assertThat(picks("zoned", 30)).isSubsetOf(INSTANCES);
	}

	@Test
	void picksSpreadOverEveryInstance() {
		register("spread", INSTANCES);
		awaitInstances("spread", INSTANCES);
		Map<URI, Integer> picks = new HashMap<>();
		for (int i = 0; i < 300; i++) {
			picks.merge(this.loadBalancer.choose("spread").getUri(), 1, Integer::sum);
		}
		assertThat(picks).containsOnlyKeys(INSTANCES);
		assertThat(this.reactiveDiscoveryClient.getInstances("spread").map(ServiceInstance::getUri).collectList()
			.block(BOUND)).containsExactlyInAnyOrderElementsOf(INSTANCES);
		// Round robin over the three gives 100 each; 20 % leaves room for a refresh in between.
		assertThat(picks.values()).allSatisfy((count) -> assertThat(count).isGreaterThanOrEqualTo(60));
	}

	@Test
	void aDepartedInstanceIsNoLongerPicked() {
		List<String> ids = register("departure", INSTANCES);
		awaitInstances("departure", INSTANCES);
		// srsr removes the whole name when one id leaves; the survivors register again, as the heal does.
		this.client.deregister(ids.get(0));
		register("departure", INSTANCES.subList(1, 3));
		await().atMost(BOUND)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> !picks("departure", 10).contains(INSTANCES.get(0)));
		assertThat(picks("departure", 30)).containsExactlyInAnyOrderElementsOf(INSTANCES.subList(1, 3));
	}

	@Test
	void anArrivedInstanceIsPicked() {
		register("arrival", INSTANCES);
		awaitInstances("arrival", INSTANCES);
		register("arrival", List.of(FOURTH));
		await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).until(() -> picks("arrival", 8).contains(FOURTH));
	}

	/**
	 * The name's only instance, a Spring Boot application with the starter, shuts down: its
	 * departure notice lets the caller drop it at the next refresh, where the name's emptiness
	 * alone would keep it for the not-found grace (30 s here, as by default).
	 */
	@Test
	void theOnlyInstanceShuttingDownIsNoLongerPickedWellBeforeTheNotFoundGrace() {
		URI solo = URI.create("http://10.0.0.9:8080");
		ConfigurableApplicationContext instance = new SpringApplicationBuilder(SoloApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.application.name=solo", "srsr.service.address=" + solo,
					"srsr.registry.url=" + this.registry.url(), "srsr.heartbeat.interval=200ms")
			.run();
		try {
			awaitInstances("solo", List.of(solo));
			assertThat(this.loadBalancer.choose("solo").getUri()).isEqualTo(solo);
		}
		finally {
			instance.close();
		}
		await().atMost(BOUND)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.loadBalancer.choose("solo") == null);
		assertThat(this.discoveryClient.getInstances("solo")).isEmpty();
	}

	/**
	 * The application's own {@code @LoadBalancerClient} configuration wins. Here it is
	 * LoadBalancer's default supplier (the discovery client behind LoadBalancer's cache): it
	 * keeps picking a departed instance after the instance set dropped it, for the cache's
	 * 35 s, which is why the starter supplies the set itself.
	 */
	@Test
	void aSupplierOfTheApplicationsOwnWinsAndLoadBalancersCacheKeepsADepartedInstance() {
		List<String> ids = register("cached", INSTANCES);
		awaitInstances("cached", INSTANCES);
		assertThat(this.loadBalancerClientFactory.getInstance("cached", ServiceInstanceListSupplier.class))
			.isNotInstanceOf(SrsrServiceInstanceListSupplier.class);
		assertThat(picks("cached", 30)).containsExactlyInAnyOrderElementsOf(INSTANCES);
		this.client.deregister(ids.get(0));
		register("cached", INSTANCES.subList(1, 3));
		await().atMost(BOUND)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> !this.discoveryClient.getInstances("cached")
				.stream()
				.map(ServiceInstance::getUri)
				.toList()
				.contains(INSTANCES.get(0)));
		assertThat(picks("cached", 30)).contains(INSTANCES.get(0));
	}

	private Set<URI> picks(String serviceName, int count) {
		return IntStream.range(0, count)
			.mapToObj((i) -> this.loadBalancer.choose(serviceName).getUri())
			.collect(Collectors.toSet());
	}

	private void awaitInstances(String serviceName, List<URI> addresses) {
		await().atMost(BOUND)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.discoveryClient.getInstances(serviceName)
				.stream()
				.map(ServiceInstance::getUri)
				.toList()
				.containsAll(addresses));
	}

	private List<String> register(String serviceName, List<URI> addresses) {
		return addresses.stream()
			.map((address) -> this.client.register(new ServiceRegistrationRequest(serviceName, address.toString(), null)))
			.toList();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient(name = "cached",
			configuration = CachingDiscoveryConfiguration.class)
	static class CallerApplication {

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class SoloApplication {

	}

	/**
	 * What LoadBalancer's own default configuration supplies: the discovery client's answer,
	 * cached.
	 */
	static class CachingDiscoveryConfiguration {

		@Bean
		ServiceInstanceListSupplier cachingDiscoverySupplier(ConfigurableApplicationContext context) {
			return ServiceInstanceListSupplier.builder().withBlockingDiscoveryClient().withCaching().build(context);
		}

	}

}
