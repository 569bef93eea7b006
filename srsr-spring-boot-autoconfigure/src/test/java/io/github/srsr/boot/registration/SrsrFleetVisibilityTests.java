package io.github.srsr.boot.registration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.srsr.boot.autoconfigure.SrsrRestClientCustomizer;
import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.RecordedRequest;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fleets of one name against the embedded registry, on how long an instance can stay out of
 * lookup while its heartbeats succeed (the join race), and on what the lookups that bound it
 * cost. The registry keeps srsr's default timeout, so that holding instances back does not
 * expire them.
 */
@ExtendWith(OutputCaptureExtension.class)
class SrsrFleetVisibilityTests extends AbstractFleetTests {

	/** Calls a round may make: 2 heartbeats (id and marker), the side name, 1 + 3 own lookups. */
	private static final int MOST_CALLS_PER_ROUND = 2 + 1 + 1 + LookupHealing.EXTRA_LOOKUPS;

	SrsrFleetVisibilityTests() {
		super(EmbeddedSrsrRegistry.start());
	}

	@Test
	void afterAJoinRaceEveryInstanceIsFoundAgainWithinTenIntervals(CapturedOutput output) throws Exception {
		// One after the other, so that all join one generation: instances that join together may
		// each start one, and a survivor that then sees the newcomer's generation, unknown to it,
		// may take it for a removal (docs/architecture.md) instead of noticing the race.
		for (int i = 0; i < 3; i++) {
			RegisteringApplication instance = startInstance();
			this.fleet.add(instance);
			await().atMost(SLACK.multipliedBy(10)).until(() -> instance.status().instanceId() != null);
		}
		awaitDiscoverable(SLACK);
		// The survivors make no call while the race is forced: each one's heartbeat thread waits.
		CountDownLatch held = new CountDownLatch(this.fleet.size());
		CountDownLatch released = new CountDownLatch(1);
		for (RegisteringApplication survivor : this.fleet) {
			scheduler(survivor).execute(() -> {
				held.countDown();
				try {
					released.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
		}
		await().atMost(INTERVAL.plus(SLACK)).until(() -> held.getCount() == 0);
		try {
			// An instance of another client leaves (the name's list goes, the side name stays),
			// then a newcomer joins the generation it finds: it is listed alone, and the survivors
			// see their generation and their name found, as after the join race.
			String other = register("orders", "http://10.0.1.1:8080");
			post("/deregister", "{\"id\":\"" + other + "\"}");
			RegisteringApplication newcomer = startInstance();
			await().atMost(SLACK.multipliedBy(2)).until(() -> newcomer.status().instanceId() != null);
			assertThat(addresses()).containsExactly(address(newcomer));
			this.fleet.add(newcomer);
		}
		finally {
			released.countDown();
		}
		awaitDiscoverable(INTERVAL.multipliedBy(10));
		assertThat(output).contains("(this instance was not seen in " + UnseenStreak.lookupsToTell(2)
				+ " lookups of its name, which showed 1 other address); registered again as ");
		assertNoRemovalFor(INTERVAL.multipliedBy(5));
	}

	@Test
	void listedInstancesDoNotRegisterAgainAndStayWithinTheCallsARoundMayMake() {
		for (int i = 0; i < 3; i++) {
			this.fleet.add(startInstance(new Class<?>[] { ClientIp.class }, "--test.client-ip=10.0.2." + (i + 1)));
		}
		awaitDiscoverable(SLACK);
		// 40 rounds each, after the first: with 3 instances listed, a streak that long by chance
		// is far less likely than once in 10,000 runs (docs/architecture.md).
		await().atMost(INTERVAL.multipliedBy(41).multipliedBy(2).plus(SLACK))
			.pollInterval(INTERVAL)
			.until(() -> this.fleet.stream().allMatch((instance) -> rounds(instance).size() > 41));
		boolean extraLookups = false;
		for (RegisteringApplication instance : this.fleet) {
			assertThat(instance.status().registrations()).isOne();
			assertThat(instance.status().lookupRemovals()).isZero();
			List<List<String>> rounds = rounds(instance);
			// The last round may still be running.
			for (List<String> round : rounds.subList(1, rounds.size() - 1)) {
				assertThat(round).hasSizeBetween(4, MOST_CALLS_PER_ROUND)
					.containsOnly("/heartbeat", "/lookup")
					.startsWith("/heartbeat", "/heartbeat");
				extraLookups |= round.size() > 4;
			}
		}
		assertThat(extraLookups).isTrue();
	}

	// Each instance's calls (told apart by the IP they claim), one list per round: a round starts
	// with the heartbeats; what comes before the first is the registration.
	private List<List<String>> rounds(RegisteringApplication instance) {
		String ip = instance.context().getEnvironment().getProperty("test.client-ip");
		List<List<String>> rounds = new ArrayList<>();
		String previous = null;
		for (RecordedRequest request : this.registry.requests()) {
			if (!request.clientIp().equals(ip)) {
				continue;
			}
			String path = request.path();
			if (path.equals("/heartbeat") && !"/heartbeat".equals(previous)) {
				rounds.add(new ArrayList<>());
			}
			if (!rounds.isEmpty()) {
				rounds.get(rounds.size() - 1).add(path);
			}
			previous = path;
		}
		return rounds;
	}

	private static ScheduledExecutorService scheduler(RegisteringApplication instance) {
		return instance.context()
			.getBean(SrsrRegistration.SCHEDULER_BEAN_NAME, ThreadPoolTaskScheduler.class)
			.getScheduledExecutor();
	}

	/**
	 * Every registry call claims the IP {@code test.client-ip}, so that the registry's journal
	 * tells the instances' calls apart.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ClientIp {

		@Bean
		SrsrRestClientCustomizer clientIp(Environment environment) {
			String ip = environment.getRequiredProperty("test.client-ip");
			return (builder) -> builder.defaultHeader("X-Forwarded-For", ip);
		}

	}

}
