package io.github.srsr.boot.registration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import io.github.srsr.boot.SrsrRegistries;
import io.github.srsr.boot.SrsrRegistry;
import io.github.srsr.boot.registration.RegistrationListener.OtherIds;
import io.github.srsr.boot.registration.SrsrRegistrationStatus.LifecycleEvent;
import io.github.srsr.client.RegistryUrl;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.http.SrsrRestClientBuilders;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEvent;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link RegistrationListener} on its own: the log lines users read for each step of the
 * registration (their wording and level: the first failure of a streak at WARN, the rest at
 * DEBUG), the events it publishes and the recent events the status shows. No registry is called.
 */
@ExtendWith(OutputCaptureExtension.class)
class RegistrationListenerTests {

	private static final String REGISTRY = "http://registry-a:8080";

	private static final ServiceRegistrationRequest ORDERS = new ServiceRegistrationRequest("orders",
			"http://10.0.0.1:8080", null);

	private final Logger logger = (Logger) LoggerFactory.getLogger(SrsrRegistration.class);

	private final Level level = this.logger.getLevel();

	private final SrsrRegistration source = new SrsrRegistration(
			new SrsrRegistries(List.of(new SrsrRegistry(REGISTRY, new RestClientSrsrClient(RegistryUrl.of(REGISTRY),
					SrsrRestClientBuilders.create(Duration.ofSeconds(1), Duration.ofSeconds(1)))))),
			ORDERS, new ThreadPoolTaskScheduler(), new FixedBackOff(50, 10), Duration.ofSeconds(1), 0, Duration.ZERO,
			false, Duration.ofSeconds(1));

	private final List<ApplicationEvent> published = new CopyOnWriteArrayList<>();

	private final RegistrationListener listener = listener(false, this.published::add);

	@BeforeEach
	void debug() {
		this.logger.setLevel(Level.DEBUG);
	}

	@AfterEach
	void restoreLevel() {
		this.logger.setLevel(this.level);
	}

	@Test
	void aRegistrationIsLoggedAndPublishedAndARegistrationAfterAnOutageSaysHowLongItLasted(CapturedOutput output) {
		this.listener.registered(REGISTRY, "i-1", ORDERS, 1, false, null);
		FailureStreak streak = new FailureStreak();
		Instant start = Instant.now();
		streak.record("refused", start);
		streak.record("refused", start);
		this.listener.registered(REGISTRY, "i-2", ORDERS, 3, true, streak.succeeded(start.plusMillis(1500)));

		assertThat(line(output, "(instance i-1)")).contains(" INFO ")
			.endsWith("Registered 'orders' at http://10.0.0.1:8080 with srsr registry " + REGISTRY + " (instance i-1)");
		assertThat(line(output, "(instance i-2)")).contains(" INFO ")
			.endsWith("Re-registered 'orders' at http://10.0.0.1:8080 with srsr registry " + REGISTRY
					+ " (instance i-2) after 2 failed calls in 1.5 s");
		assertThat(this.published).hasSize(2).allSatisfy((event) -> assertThat(event.getSource()).isSameAs(this.source));
		SrsrRegisteredEvent again = (SrsrRegisteredEvent) this.published.get(1);
		assertThat(again.getServiceName()).isEqualTo("orders");
		assertThat(again.getRegistryUrl()).isEqualTo(REGISTRY);
		assertThat(again.getInstanceId()).isEqualTo("i-2");
		assertThat(again.getAddress()).isEqualTo("http://10.0.0.1:8080");
		assertThat(again.getAttempts()).isEqualTo(3);
		assertThat(again.isReRegistration()).isTrue();
		assertThat(again.isAfterLookupRemoval()).isFalse();
		assertThat(this.listener.recentEvents()).extracting(LifecycleEvent::description)
			.containsExactly("registered as i-1 at http://10.0.0.1:8080", "re-registered as i-2 at http://10.0.0.1:8080");
	}

	@Test
	void aHealSaysWhichEarlierIdsItKeepsAlive(CapturedOutput output) {
		this.listener.healed(REGISTRY, "i-1", ORDERS, "another instance left or expired", 1);
		this.listener.healed(REGISTRY, "i-2", ORDERS, "another instance left or expired", 2);
		this.listener.healed(REGISTRY, "i-3", ORDERS, "another instance left or expired", 3);

		String healed = "srsr registry " + REGISTRY + " had removed 'orders' from lookup (another instance left or "
				+ "expired); registered again as ";
		assertThat(line(output, "again as i-1")).contains(" INFO ").endsWith(healed + "i-1 at http://10.0.0.1:8080");
		assertThat(line(output, "again as i-2")).endsWith(healed + "i-2 at http://10.0.0.1:8080; it keeps its earlier "
				+ "id there alive until it leaves, as its expiry would remove 'orders' from lookup again (2 ids held, "
				+ "at most 16)");
		assertThat(line(output, "again as i-3")).endsWith(healed + "i-3 at http://10.0.0.1:8080; it keeps its 2 "
				+ "earlier ids there alive until it leaves, as their expiry would remove 'orders' from lookup again "
				+ "(3 ids held, at most 16)");
		assertThat(this.published).hasSize(3).allSatisfy((event) -> {
			SrsrRegisteredEvent registered = (SrsrRegisteredEvent) event;
			assertThat(registered.getAttempts()).isOne();
			assertThat(registered.isReRegistration()).isTrue();
			assertThat(registered.isAfterLookupRemoval()).isTrue();
			assertThat(registered.getAddress()).isEqualTo("http://10.0.0.1:8080");
		});
		assertThat(this.listener.recentEvents()).first()
			.extracting(LifecycleEvent::description)
			.isEqualTo("removed from lookup; registered again as i-1 at http://10.0.0.1:8080");
	}

	@Test
	void theFirstFailedRegistrationOfAStreakIsAWarningAndTheOthersAreDebug(CapturedOutput output) {
		this.listener.registrationFailed(REGISTRY, new IllegalStateException("refused"), 1, 1, Duration.ofMillis(50));
		this.listener.registrationFailed(REGISTRY, new IllegalStateException("refused"), 2, 2, Duration.ofSeconds(2));

		String failed = "Could not register 'orders' with srsr registry " + REGISTRY + " (attempt ";
		assertThat(line(output, "(attempt 1)")).contains(" WARN ")
			.endsWith(failed + "1): java.lang.IllegalStateException: refused; retrying in 50 ms (further failures in "
					+ "a row are logged at DEBUG)");
		assertThat(line(output, "(attempt 2)")).contains(" DEBUG ")
			.endsWith(failed + "2): java.lang.IllegalStateException: refused; retrying in 2.0 s (2 failures in a row)");
		assertThat(this.published).hasSize(2);
		SrsrRegistrationFailedEvent second = (SrsrRegistrationFailedEvent) this.published.get(1);
		assertThat(second.getAttempt()).isEqualTo(2);
		assertThat(second.getRetryIn()).isEqualTo(Duration.ofSeconds(2));
		assertThat(second.getError()).hasMessage("refused");
		assertThat(second.getRegistryUrl()).isEqualTo(REGISTRY);
	}

	@Test
	void theFirstFailedHeartbeatOfAStreakIsAWarningTheOthersDebugAndTheEndOfTheStreakIsSaid(CapturedOutput output) {
		this.listener.heartbeatFailed(REGISTRY, "i-1", new IllegalStateException("refused"), 1);
		this.listener.heartbeatFailed(REGISTRY, "i-1", new IllegalStateException("timed out"), 2);
		FailureStreak streak = new FailureStreak();
		streak.record("refused", Instant.EPOCH);
		this.listener.heartbeatsAccepted(REGISTRY, streak.succeeded(Instant.EPOCH.plusMillis(400)));

		String failed = "Heartbeat of 'orders' (instance i-1) to srsr registry " + REGISTRY + " failed: ";
		assertThat(line(output, "refused; heartbeats")).contains(" WARN ")
			.endsWith(failed + "java.lang.IllegalStateException: refused; heartbeats go on (further failures in a "
					+ "row are logged at DEBUG)");
		assertThat(line(output, "timed out; heartbeats")).contains(" DEBUG ")
			.endsWith(failed + "java.lang.IllegalStateException: timed out; heartbeats go on (2 failures in a row)");
		assertThat(line(output, "accepts heartbeats")).contains(" INFO ")
			.endsWith("srsr registry " + REGISTRY + " accepts heartbeats of 'orders' again after 1 failed call in 400 ms");
		assertThat(this.published).extracting((event) -> ((SrsrHeartbeatFailedEvent) event).getConsecutiveFailures())
			.containsExactly(1, 2);
		assertThat(this.listener.recentEvents()).extracting(LifecycleEvent::description)
			.containsExactly("heartbeat failed: java.lang.IllegalStateException: refused",
					"heartbeat failed: java.lang.IllegalStateException: timed out");
	}

	@Test
	void theStepsWithoutAnEventAreLoggedAtTheirLevel(CapturedOutput output) {
		this.listener.checkFailed(REGISTRY, new IllegalStateException("no lookup"));
		this.listener.catalogListed(REGISTRY);
		this.listener.catalogHealed(REGISTRY, "another instance left or expired", 2);
		this.listener.catalogFailed(REGISTRY, new IllegalStateException("no catalog"));
		this.listener.forgotten(REGISTRY, "i-1");
		this.listener.waitingAfterDeregistration(Duration.ofMillis(1200));

		assertThat(line(output, "still lists")).contains(" DEBUG ")
			.endsWith("Could not check whether srsr registry " + REGISTRY
					+ " still lists 'orders': java.lang.IllegalStateException: no lookup");
		assertThat(output.toString().lines())
			.filteredOn((line) -> line.endsWith("Listed 'orders' in the service catalog of srsr registry " + REGISTRY))
			.singleElement()
			.asString()
			.contains(" INFO ");
		assertThat(line(output, "catalog ids held")).contains(" DEBUG ")
			.endsWith("Listed 'orders' in the service catalog of srsr registry " + REGISTRY
					+ " again (another instance left or expired); 2 catalog ids held");
		assertThat(line(output, "Could not list")).contains(" DEBUG ")
			.endsWith("Could not list 'orders' in the service catalog of srsr registry " + REGISTRY
					+ " (tried again after the next heartbeats): java.lang.IllegalStateException: no catalog");
		assertThat(line(output, "no longer knows")).contains(" INFO ")
			.endsWith("srsr registry " + REGISTRY + " no longer knows instance i-1 of 'orders' (it restarted or "
					+ "expired it); registering again");
		assertThat(line(output, "Waiting")).contains(" DEBUG ")
			.endsWith("Waiting 1.2 s after deregistration before shutdown continues (srsr.deregistration.delay)");
		assertThat(this.published).isEmpty();
		assertThat(this.listener.recentEvents()).isEmpty();
	}

	@Test
	void theDebugLinesAreLeftOutAtInfo(CapturedOutput output) {
		this.logger.setLevel(Level.INFO);
		this.listener.registrationFailed(REGISTRY, new IllegalStateException("refused"), 2, 2, Duration.ofMillis(50));
		this.listener.checkFailed(REGISTRY, new IllegalStateException("no lookup"));
		this.listener.catalogHealed(REGISTRY, "another instance left or expired", 2);
		this.listener.catalogFailed(REGISTRY, new IllegalStateException("no catalog"));
		this.listener.waitingAfterDeregistration(Duration.ofMillis(1200));

		assertThat(output).doesNotContain("orders").doesNotContain("Waiting");
		assertThat(this.published).hasSize(1);
	}

	@Test
	void theNoticesThatRepeatNothingNewAreGivenOnce(CapturedOutput output) {
		ServiceRegistrationRequest withoutPort = new ServiceRegistrationRequest("orders", null, null);
		this.listener.noPort(withoutPort);
		this.listener.noPort(withoutPort);
		this.listener.inactive();
		this.listener.inactive();

		assertThat(output.toString().split("without a port", -1)).hasSize(2);
		assertThat(line(output, "without a port")).contains(" WARN ")
			.contains("srsr registers 'orders' as http://<caller ip>, without a port: ");
		assertThat(output.toString().split("srsr registration is inactive: no service name", -1)).hasSize(2);
		assertThat(line(output, "is inactive")).contains(" INFO ");
	}

	@Test
	void aDeregistrationSaysWhetherTheRegistryKnewTheInstanceAndWhatElseWasReleased(CapturedOutput output) {
		this.listener.deregistered(REGISTRY, "i-1", true, "the application is shutting down", OtherIds.NONE);
		this.listener.deregistered(REGISTRY, "i-2", false, "readiness changed to REFUSING_TRAFFIC",
				new OtherIds(1, 0, 1));

		String deregistered = "Deregistered 'orders' (instance ";
		assertThat(line(output, "(instance i-1)")).contains(" INFO ")
			.endsWith(deregistered + "i-1) from srsr registry " + REGISTRY + " (the application is shutting down)");
		assertThat(line(output, "(instance i-2)")).contains(" INFO ")
			.endsWith(deregistered + "i-2) from srsr registry " + REGISTRY + " (readiness changed to REFUSING_TRAFFIC)"
					+ ", with the other id it held there: an older id kept alive after heals; the registry no longer "
					+ "knew the instance");
		assertThat(this.published).extracting((event) -> ((SrsrDeregisteredEvent) event).isAcknowledged())
			.containsExactly(true, false);
		assertThat(this.listener.recentEvents()).extracting(LifecycleEvent::description)
			.containsExactly("deregistered i-1", "deregistered i-2 (not confirmed by the registry)");
	}

	@Test
	void aFailedDeregistrationIsAWarningThatSaysWhatTheRegistryDropsOnItsOwn(CapturedOutput output) {
		this.listener.deregistrationFailed(REGISTRY, "i-1", new IllegalStateException("refused"), OtherIds.NONE);
		this.listener.deregistrationFailed(REGISTRY, "i-2", new IllegalStateException("refused"),
				new OtherIds(1, 2, 0).plusCatalog(1, 0));

		String failed = "Could not deregister 'orders' (instance ";
		assertThat(line(output, "(instance i-1)")).contains(" WARN ")
			.endsWith(failed + "i-1) from srsr registry " + REGISTRY + ": java.lang.IllegalStateException: refused; "
					+ "the registry drops the instance when its timeout expires");
		assertThat(line(output, "(instance i-2)")).contains(" WARN ")
			.endsWith(failed + "i-2) from srsr registry " + REGISTRY + ": java.lang.IllegalStateException: refused; "
					+ "the registry drops the instance and the 4 other ids it held there when its timeout expires");
		assertThat(this.published).extracting((event) -> ((SrsrDeregisteredEvent) event).isAcknowledged())
			.containsExactly(false, false);
	}

	@Test
	void theOtherIdsReleasedOnLeavingAreNamedByKindAndCount() {
		assertThat(OtherIds.NONE.describe("orders")).isEmpty();
		assertThat(new OtherIds(0, 1, 1).describe("orders"))
			.isEqualTo(", with the other id it held there: its marker id under 'orders#srsr-generation'");
		assertThat(OtherIds.NONE.plusCatalog(1, 1).describe("orders"))
			.isEqualTo(", with the other id it held there: its catalog id under '#srsr-catalog'");
		assertThat(new OtherIds(2, 3, 5).plusCatalog(2, 2).describe("orders"))
			.isEqualTo(", with the 7 other ids it held there: 2 older ids kept alive after heals and 3 marker ids "
					+ "under 'orders#srsr-generation' and 2 catalog ids under '#srsr-catalog'");
		assertThat(new OtherIds(1, 1, 1).plusCatalog(1, 0).describe("orders"))
			.isEqualTo(", with 1 of the 3 other ids it held there (an older id kept alive after heals and its marker "
					+ "id under 'orders#srsr-generation' and its catalog id under '#srsr-catalog'; the registry expires "
					+ "the others on its timeout)");
		assertThat(new OtherIds(1, 1, 1).plusCatalog(1, 1).released()).isEqualTo(2);
	}

	@Test
	void theStatusKeepsTheLastTenEventsOldestFirst() {
		for (int i = 1; i <= 12; i++) {
			this.listener.deregistered(REGISTRY, "i-" + i, true, "the application is shutting down", OtherIds.NONE);
		}

		assertThat(this.listener.recentEvents()).extracting(LifecycleEvent::description)
			.containsExactlyElementsOf(Stream.iterate(3, (i) -> i + 1).limit(10).map((i) -> "deregistered i-" + i).toList());
		assertThat(this.published).hasSize(12);
	}

	@Test
	void withSeveralRegistriesEachRecentEventNamesItsRegistry() {
		RegistrationListener listener = listener(true, this.published::add);
		listener.deregistered(REGISTRY, "i-1", true, "the application is shutting down", OtherIds.NONE);

		assertThat(listener.recentEvents()).extracting(LifecycleEvent::description)
			.containsExactly(REGISTRY + ": deregistered i-1");
	}

	@Test
	void aFailingListenerOfTheEventsIsAWarningAndTheStepIsStillRecorded(CapturedOutput output) {
		RegistrationListener listener = listener(false, (event) -> {
			throw new IllegalStateException("listener broke");
		});
		listener.deregistered(REGISTRY, "i-1", true, "the application is shutting down", OtherIds.NONE);

		assertThat(line(output, "A listener of")).contains(" WARN ")
			.endsWith("A listener of SrsrDeregisteredEvent failed: java.lang.IllegalStateException: listener broke");
		assertThat(listener.recentEvents()).extracting(LifecycleEvent::description).containsExactly("deregistered i-1");
	}

	@Test
	void theEventsAreAboutARegistration() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> new SrsrDeregisteredEvent(this, "orders", REGISTRY, "i-1", true));
	}

	private RegistrationListener listener(boolean severalRegistries, Consumer<ApplicationEvent> publisher) {
		return new RegistrationListener(this.source, "orders", severalRegistries, publisher);
	}

	// The one line of the output that contains the given text, without its line break.
	private static String line(CapturedOutput output, String text) {
		List<String> lines = output.toString().lines().filter((line) -> line.contains(text)).toList();
		assertThat(lines).as("lines containing '%s'", text).hasSize(1);
		return lines.get(0).stripTrailing();
	}

}
