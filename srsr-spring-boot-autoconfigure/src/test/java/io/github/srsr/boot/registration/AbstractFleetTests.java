package io.github.srsr.boot.registration;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;

import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.RegisteredInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Base of the tests of fleets of one name ({@code orders}), each instance an application context
 * of its own with its own address, against one embedded registry. What the tests assert is what a
 * {@code /lookup} of the name can return.
 */
abstract class AbstractFleetTests {

	static final Duration INTERVAL = Duration.ofMillis(250);

	/**
	 * What "within N heartbeat intervals" may add for the machine: thread wake-ups, a few requests.
	 */
	static final Duration SLACK = Duration.ofSeconds(1);

	private static final AtomicInteger hosts = new AtomicInteger();

	final EmbeddedSrsrRegistry registry;

	final List<RegisteringApplication> fleet = new ArrayList<>();

	AbstractFleetTests(EmbeddedSrsrRegistry registry) {
		this.registry = registry;
	}

	@AfterEach
	void stop() {
		this.fleet.forEach(RegisteringApplication::close);
		this.registry.stop();
	}

	void startFleet(int size) {
		for (int i = 0; i < size; i++) {
			this.fleet.add(startInstance());
		}
		awaitDiscoverable(SLACK);
	}

	RegisteringApplication startInstance(String... args) {
		return startInstance(new Class<?>[0], args);
	}

	RegisteringApplication startInstance(Class<?>[] sources, String... args) {
		List<String> arguments = new ArrayList<>(List.of("--srsr.heartbeat.interval=" + INTERVAL.toMillis() + "ms",
				"--srsr.service.address=http://10.0.0." + hosts.incrementAndGet() + ":8080"));
		arguments.addAll(List.of(args));
		return RegisteringApplication.start(sources, this.registry.url().toString(), arguments.toArray(String[]::new));
	}

	void awaitDiscoverable(Duration within) {
		awaitDiscoverable(within, this.fleet);
	}

	void awaitDiscoverable(Duration within, List<RegisteringApplication> instances) {
		await().atMost(within.plus(SLACK))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(addresses()).isEqualTo(addresses(instances)));
	}

	// Sample what lookup can return; it must list every instance each time.
	void assertNoRemovalFor(Duration duration) {
		await().during(duration)
			.atMost(duration.plus(SLACK))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(addresses()).isEqualTo(addresses(this.fleet)));
	}

	String register(String name, String address) throws Exception {
		String answer = post("/register", "{\"name\":\"" + name + "\",\"address\":\"" + address + "\"}");
		return answer.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
	}

	// A client of another kind (srsrpy's way): plain HTTP, no healing.
	String post(String path, String body) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(this.registry.url().resolve(path))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

	Set<String> addresses() {
		return addresses(this.registry);
	}

	static Set<String> addresses(EmbeddedSrsrRegistry registry) {
		return registry.lookupCandidates("orders")
			.stream()
			.map(RegisteredInstance::address)
			.collect(Collectors.toSet());
	}

	static Set<String> addresses(List<RegisteringApplication> instances) {
		return instances.stream().map(AbstractFleetTests::address).collect(Collectors.toSet());
	}

	static String address(RegisteringApplication instance) {
		return instance.context().getEnvironment().getProperty("srsr.service.address");
	}

}
