package io.github.srsr.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end: a caller spreads its calls over every live instance of a service, as a user's application does with
 * Spring Cloud LoadBalancer and the starter. Real processes only: the standalone registry, three instances of the
 * sample under the name {@code trio}, and a fourth sample as the caller, whose {@code GET /call/trio} goes through
 * its {@code @LoadBalanced RestClient} to {@code /whoami} of the instance LoadBalancer picked, LoadBalancer at its
 * defaults (the sample sets none of its properties). Covers spread, sampling off, departure (SIGTERM), crash
 * (SIGKILL), arrival and a registry restart.
 * <p>
 * The forced join race (survivors out of lookup until the bound on being invisible makes them register again) is
 * covered at the fleet layer, by {@code SrsrFleetVisibilityTests} on the embedded registry: across processes it
 * cannot be forced without reaching into the registry.
 * <p>
 * Intervals are short (heartbeat and refresh period 500 ms, registry timeout 3 s), so that each change settles
 * within a few seconds; every wait is bounded far beyond that, so that a loaded machine passes too. Figures are
 * printed, never asserted against the clock.
 */
class LoadBalancedCallsProcessIT {

	/** How long the samples may take to start, several at once, on a busy machine. */
	private static final Duration START = Duration.ofSeconds(120);

	private static final Duration EXIT = Duration.ofSeconds(20);

	/** Every sample's heartbeat interval (SRSR_HEARTBEAT_INTERVAL). */
	private static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(500);

	/** The callers' refresh period of their instance sets (SRSR_DISCOVERY_REFRESH_PERIOD). */
	private static final Duration REFRESH_PERIOD = Duration.ofMillis(500);

	/** The registry's {@code -t}: an instance without heartbeats for this long expires. */
	private static final int REGISTRY_TIMEOUT_SECONDS = 3;

	/**
	 * The bound on each change reaching the caller's calls: a few heartbeat intervals and refresh periods are
	 * expected (plus the registry timeout for a crash); far more is allowed for a busy machine.
	 */
	private static final Duration SETTLE = Duration.ofSeconds(40);

	private static final Duration POLL = Duration.ofMillis(100);

	/** The exit code of a JVM ended by SIGTERM: 128 + 15. */
	private static final int SIGTERM_EXIT_CODE = 143;

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final List<AutoCloseable> started = new ArrayList<>();

	@AfterEach
	void stopEverything() throws Exception {
		for (int i = this.started.size() - 1; i >= 0; i--) {
			this.started.get(i).close();
		}
	}

	@Test
	void loadBalancedCallsSpreadOverEveryLiveInstanceThroughDeparturesCrashesArrivalsAndARegistryRestart() {
		RegistryProcess registry = started(RegistryProcess.start(REGISTRY_TIMEOUT_SECONDS));
		URI registryUrl = registry.url();
		// Every JVM at once: starting them one after the other would take most of the test's time.
		SampleProcess first = startInstance(registryUrl);
		SampleProcess departing = startInstance(registryUrl);
		SampleProcess crashing = startInstance(registryUrl);
		SampleProcess caller = startCaller(registryUrl, "caller", Map.of());
		SampleProcess samplingOff = startCaller(registryUrl, "caller-without-sampling",
				Map.of("SRSR_DISCOVERY_ENABLED", "false"));
		List<SampleProcess> all = List.of(first, departing, crashing, caller, samplingOff);
		await().atMost(START).until(() -> all.stream().allMatch((sample) -> "UP".equals(sample.srsrHealth())));
		Set<Integer> trio = ports(first, departing, crashing);

		// (a) Spread: once the caller has seen every instance, LoadBalancer's round robin over the set reaches
		// each of them evenly (30 each); 15 % each leaves room for a refresh that missed one for a period.
		await().atMost(SETTLE).pollInterval(POLL).until(() -> calls(caller, 10).reached().containsAll(trio));
		Calls spread = calls(caller, 90);
		assertThat(spread.failures()).isEmpty();
		assertThat(spread.byPort().keySet()).isEqualTo(trio);
		assertThat(spread.byPort().values()).allSatisfy((count) -> assertThat(count).isGreaterThanOrEqualTo(14));
		System.out.println("Spread of 90 calls over 3 instances: " + spread.byPort());

		// (f) Sampling off: every call is one lookup, and the registry's random pick decides; calls still work
		// and reach every instance (all three in 30 random picks: a chance of 1 - 3 (2/3)^30, 1 - 1.6e-5).
		AtomicReference<Calls> randomPicks = new AtomicReference<>();
		await().atMost(SETTLE).pollInterval(POLL).until(() -> {
			randomPicks.set(calls(samplingOff, 30));
			return randomPicks.get().failures().isEmpty() && randomPicks.get().reached().equals(trio);
		});
		System.out.println("Sampling off, the registry's pick per call: 30 calls went " + randomPicks.get().byPort());
		// No instance sets, so no sampling: each call was the one lookup.
		JsonNode samplingOffStatus = get(samplingOff, "/actuator/srsr");
		assertThat(samplingOffStatus.path("state").asString("")).isEqualTo("REGISTERED");
		assertThat(samplingOffStatus.path("instanceSets").size()).isZero();

		// (b) Departure: the instance deregisters and exits. srsr removes the whole name from lookup with it; the
		// survivors register again within a heartbeat interval and the caller's next complete refresh drops it.
		departing.terminate();
		assertThat(departing.awaitExit(EXIT)).isEqualTo(SIGTERM_EXIT_CODE);
		Set<Integer> survivors = ports(first, crashing);
		Settled departure = settle(caller, survivors);
		System.out.println("Departure (SIGTERM): no call reached the departed instance " + departure);

		// (c) Crash: no deregistration; the registry expires it after its timeout (removing the name again), the
		// survivor registers again, and the caller's next complete refresh drops it.
		crashing.close();
		Settled crash = settle(caller, ports(first));
		System.out.println("Crash (SIGKILL), registry timeout " + REGISTRY_TIMEOUT_SECONDS
				+ " s: no call reached the crashed instance " + crash);

		// (d) Arrival: a new instance gets calls at the caller's first refresh that sees it.
		SampleProcess arrived = startInstance(registryUrl);
		await().atMost(START).until(() -> "UP".equals(arrived.srsrHealth()));
		long registered = System.nanoTime();
		await().atMost(SETTLE).pollInterval(POLL).until(() -> calls(caller, 4).reached().contains(arrived.port()));
		System.out.println("Arrival: the new instance got calls " + millisSince(registered)
				+ " ms after its health was UP (registered)");
		Set<Integer> live = ports(first, arrived);
		Calls afterArrival = calls(caller, 20);
		assertThat(afterArrival.failures()).isEmpty();
		assertThat(afterArrival.reached()).isEqualTo(live);

		// (e) Registry restart: while it is down the caller keeps its last set, and every live instance is in it,
		// so calls keep being served throughout; once it is back (empty), the instances register again and the
		// caller's set is fresh again, with every live instance. Down until the caller's refreshes and the
		// instances' heartbeats have failed.
		int port = registryUrl.getPort();
		registry.close();
		AtomicInteger callsWhileDown = new AtomicInteger();
		List<String> failures = new CopyOnWriteArrayList<>();
		await().atMost(SETTLE).pollInterval(POLL).until(() -> {
			Calls calls = calls(caller, 2);
			callsWhileDown.addAndGet(2);
			failures.addAll(calls.failures());
			return "FAILED".equals(instanceSetState(caller, "trio"))
					&& !"UP".equals(first.srsrHealth()) && !"UP".equals(arrived.srsrHealth());
		});
		RegistryProcess restarted = started(await().atMost(SETTLE).pollInterval(Duration.ofMillis(500))
			.ignoreException(IllegalStateException.class)
			.until(() -> RegistryProcess.start(REGISTRY_TIMEOUT_SECONDS, port), (process) -> process != null));
		assertThat(restarted.url()).isEqualTo(registryUrl);
		long restartedAt = System.nanoTime();
		AtomicInteger callsAfterRestart = new AtomicInteger();
		await().atMost(SETTLE).pollInterval(POLL).until(() -> {
			Calls calls = calls(caller, 10);
			callsAfterRestart.addAndGet(10);
			failures.addAll(calls.failures());
			return "FRESH".equals(instanceSetState(caller, "trio")) && calls.reached().equals(live);
		});
		assertThat(failures).isEmpty();
		await().atMost(SETTLE).until(() -> "UP".equals(first.srsrHealth()) && "UP".equals(arrived.srsrHealth()));
		Calls afterRestart = calls(caller, 20);
		assertThat(afterRestart.failures()).isEmpty();
		assertThat(afterRestart.reached()).isEqualTo(live);
		System.out.println("Registry restart: " + callsWhileDown + " calls while it was down and " + callsAfterRestart
				+ " after, all served; every live instance got calls again with a fresh set "
				+ millisSince(restartedAt) + " ms after it listened again");
	}

	private <T extends AutoCloseable> T started(T process) {
		this.started.add(process);
		return process;
	}

	private SampleProcess startInstance(URI registry) {
		return started(SampleProcess.start(environment(registry, "trio", Map.of()),
				"--sample.embedded-registry.enabled=false"));
	}

	/**
	 * Start a caller: its refresh period is short, and lookups fail fast for a short time only while the registry
	 * is down, so that the restart does not take the circuit breaker's default cool-down of 10 s to show.
	 */
	private SampleProcess startCaller(URI registry, String name, Map<String, String> environment) {
		Map<String, String> all = new HashMap<>(environment);
		all.put("SRSR_DISCOVERY_REFRESH_PERIOD", REFRESH_PERIOD.toMillis() + "ms");
		all.put("SRSR_LOOKUP_CIRCUIT_BREAKER_COOL_DOWN", "2s");
		return started(SampleProcess.start(environment(registry, name, all), "--sample.embedded-registry.enabled=false",
				"--management.endpoints.web.exposure.include=health,srsr"));
	}

	private static Map<String, String> environment(URI registry, String name, Map<String, String> environment) {
		Map<String, String> all = new HashMap<>(environment);
		all.put("SRSR_REGISTRY_URL", registry.toString());
		all.put("SRSR_SERVICE_NAME", name);
		all.put("SRSR_HEARTBEAT_INTERVAL", HEARTBEAT_INTERVAL.toMillis() + "ms");
		return all;
	}

	/**
	 * Call until 15 calls in a row all succeed and reach only the live instances, then check 30 more: all
	 * succeed and together reach every live instance.
	 */
	private static Settled settle(SampleProcess caller, Set<Integer> live) {
		long since = System.nanoTime();
		AtomicInteger made = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		await().atMost(SETTLE).pollInterval(POLL).until(() -> {
			Calls calls = calls(caller, 15);
			made.addAndGet(15);
			failed.addAndGet(calls.failures().size());
			return calls.failures().isEmpty() && live.containsAll(calls.reached());
		});
		Settled settled = new Settled(millisSince(since), made.get(), failed.get());
		Calls after = calls(caller, 30);
		assertThat(after.failures()).isEmpty();
		assertThat(after.reached()).isEqualTo(live);
		return settled;
	}

	/**
	 * Make calls to {@code trio} through a caller's {@code /call/trio}, one after the other.
	 */
	private static Calls calls(SampleProcess caller, int times) {
		Map<Integer, Integer> byPort = new TreeMap<>();
		List<String> failures = new CopyOnWriteArrayList<>();
		for (int i = 0; i < times; i++) {
			JsonNode answer = get(caller, "/call/trio");
			int port = answer.path("answer").path("port").asInt(-1);
			if (port != -1) {
				byPort.merge(port, 1, Integer::sum);
			}
			else {
				failures.add(answer.toString());
			}
		}
		return new Calls(byPort, failures);
	}

	private static String instanceSetState(SampleProcess caller, String name) {
		for (JsonNode set : get(caller, "/actuator/srsr").path("instanceSets")) {
			if (name.equals(set.path("serviceName").asString(""))) {
				return set.path("state").asString("");
			}
		}
		return "";
	}

	/**
	 * GET a path of a sample and parse its JSON answer, whatever the status. Bounded generously: a call that
	 * does not come back is a failure of the test, not a slow machine.
	 */
	private static JsonNode get(SampleProcess sample, String path) {
		try {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + sample.port() + path))
						.timeout(Duration.ofSeconds(30))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			return json.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("GET " + path + " of the sample on port " + sample.port() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Set<Integer> ports(SampleProcess... samples) {
		return Arrays.stream(samples).map(SampleProcess::port).collect(Collectors.toSet());
	}

	private static long millisSince(long nanoTime) {
		return Duration.ofNanos(System.nanoTime() - nanoTime).toMillis();
	}

	/**
	 * Calls made one after the other.
	 * @param byPort how many calls each instance answered, by its port
	 * @param failures the answers of the calls that failed
	 */
	private record Calls(Map<Integer, Integer> byPort, List<String> failures) {

		Set<Integer> reached() {
			return this.byPort.keySet();
		}

	}

	/**
	 * How a change reached the caller's calls.
	 * @param millis the time until 15 calls in a row reached only live instances
	 * @param calls the calls made until then
	 * @param failed how many of them failed (went to the instance that had left)
	 */
	private record Settled(long millis, int calls, int failed) {

		@Override
		public String toString() {
			return "after " + this.millis + " ms (" + this.failed + " of " + this.calls + " calls failed until then)";
		}

	}

}
