package io.github.srsr.boot.lookup;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.srsr.boot.autoconfigure.SrsrAutoConfiguration;
import io.github.srsr.client.RegistryUrl;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.client.SrsrInvalidResponseException;
import io.github.srsr.client.SrsrRegistryUnreachableException;
import io.github.srsr.client.SrsrRequestRejectedException;
import io.github.srsr.registry.EmbeddedSrsrRegistry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the auto-configured {@link SrsrServiceLookup}, over real HTTP: the embedded registry
 * for what it finds, WireMock for every fault, cache, retry and circuit breaker, and both for
 * several registries asked in order.
 */
class SrsrServiceLookupTests {

	private static final String ORDERS = "{\"success\": true, \"address\": \"http://10.0.0.5:8080\"}";

	private static final String NOTHING = "{\"success\": false, \"address\": \"\"}";

	private static final WireMockServer registry = new WireMockServer(wireMockConfig().dynamicPort());

	private ApplicationContextRunner contextRunner;

	@BeforeAll
	static void startRegistry() {
		registry.start();
	}

	@AfterAll
	static void stopRegistry() {
		registry.stop();
	}

	@BeforeEach
	void setUp() {
		registry.resetAll();
		// No service name: the application looks others up without registering itself.
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SrsrAutoConfiguration.class))
			.withPropertyValues("srsr.registry.url=" + registry.baseUrl(), "srsr.lookup.retry.initial-interval=10ms");
	}

	@Test
	void aRetryPolicyWithSettingsOutOfRangeIsRefusedWithWhatIsWrong() {
		Duration second = Duration.ofSeconds(1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DefaultSrsrServiceLookup.retryOnConnectionFailure(-1, second, 2, second))
			.withMessage("'maxRetries' must not be negative");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DefaultSrsrServiceLookup.retryOnConnectionFailure(3, Duration.ofMillis(-1), 2, second))
			.withMessage("'initialInterval' must not be negative");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DefaultSrsrServiceLookup.retryOnConnectionFailure(3, second, 0.99, second))
			.withMessage("'multiplier' must be at least 1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DefaultSrsrServiceLookup.retryOnConnectionFailure(3, second, 2, Duration.ZERO))
			.withMessage("'maxInterval' must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DefaultSrsrServiceLookup.retryOnConnectionFailure(3, second, 2, Duration.ofMillis(-1)))
			.withMessage("'maxInterval' must be positive");
		// Each bound itself is a setting a user may choose: never retry, at once, at an even pace.
		assertThatNoException().isThrownBy(
				() -> DefaultSrsrServiceLookup.retryOnConnectionFailure(0, Duration.ZERO, 1, Duration.ofMillis(1)));
	}

	@Test
	void findsTheAddressOfARegisteredServiceAndNothingForAnUnknownName() {
		try (EmbeddedSrsrRegistry embedded = EmbeddedSrsrRegistry.builder().port(0).start()) {
			this.contextRunner.withPropertyValues("srsr.registry.url=" + embedded.url()).run((context) -> {
				context.getBean(SrsrClient.class)
					.register(new ServiceRegistrationRequest("orders", "http://10.0.0.5:8080", null));
				SrsrServiceLookup lookup = context.getBean(SrsrServiceLookup.class);
				assertThat(lookup.lookup("orders")).contains(URI.create("http://10.0.0.5:8080"));
				assertThat(lookup.lookup("billing")).isEmpty();
			});
		}
	}

	@Test
	void emptyNameIsRejectedWithoutAskingTheRegistry() {
		this.contextRunner.run((context) -> {
			SrsrServiceLookup lookup = context.getBean(SrsrServiceLookup.class);
			assertThatIllegalArgumentException().isThrownBy(() -> lookup.lookup(""))
				.withMessageContaining("A service name is needed");
			assertThatIllegalArgumentException().isThrownBy(() -> lookup.lookup("  "))
				.withMessageContaining("'  '");
			assertThatIllegalArgumentException().isThrownBy(() -> lookup.lookup(null))
				.withMessageContaining("null");
			assertThat(registry.getAllServeEvents()).isEmpty();
		});
	}

	@Test
	void errorAnswersSurfaceAsClientExceptionsAndAreNotRetried() {
		stubLookup(aResponse().withStatus(500).withBody("upstream broke"));
		this.contextRunner.run((context) -> {
			SrsrServiceLookup lookup = context.getBean(SrsrServiceLookup.class);
			assertThatExceptionOfType(SrsrRequestRejectedException.class).isThrownBy(() -> lookup.lookup("orders"))
				.withMessageContaining("500")
				.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(500));
			assertThat(lookupRequests()).isEqualTo(1);
			stubLookup(aResponse().withStatus(200).withBody("<html>proxy login</html>"));
			assertThatExceptionOfType(SrsrInvalidResponseException.class).isThrownBy(() -> lookup.lookup("orders"));
			assertThat(lookupRequests()).isEqualTo(2);
		});
	}

	@Test
	void connectionFailuresAreRetriedUntilTheRegistryAnswers() {
		registry.stubFor(post("/lookup").inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
			.willSetStateTo("second"));
		registry.stubFor(post("/lookup").inScenario("flaky")
			.whenScenarioStateIs("second")
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
			.willSetStateTo("up"));
		registry.stubFor(post("/lookup").inScenario("flaky").whenScenarioStateIs("up").willReturn(okJson(ORDERS)));
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(SrsrServiceLookup.class).lookup("orders"))
				.contains(URI.create("http://10.0.0.5:8080"));
			assertThat(lookupRequests()).isEqualTo(3);
		});
	}

	@Test
	void retriesAreBoundedByMaxRetries() {
		stubLookup(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
		this.contextRunner.withPropertyValues("srsr.lookup.retry.max-retries=1").run((context) -> {
			assertThatExceptionOfType(SrsrRegistryUnreachableException.class)
				.isThrownBy(() -> context.getBean(SrsrServiceLookup.class).lookup("orders"))
				.withMessageContaining("/lookup");
			assertThat(lookupRequests()).isEqualTo(2);
		});
	}

	@Test
	void noRetriesWhenMaxRetriesIsZero() {
		stubLookup(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
		this.contextRunner.withPropertyValues("srsr.lookup.retry.max-retries=0").run((context) -> {
			assertThatExceptionOfType(SrsrRegistryUnreachableException.class)
				.isThrownBy(() -> context.getBean(SrsrServiceLookup.class).lookup("orders"));
			assertThat(lookupRequests()).isEqualTo(1);
		});
	}

	@Test
	void withoutCacheEveryLookupAsksTheRegistry() {
		stubLookup(okJson(ORDERS));
		this.contextRunner.run((context) -> {
			SrsrServiceLookup lookup = context.getBean(SrsrServiceLookup.class);
			lookup.lookup("orders");
			lookup.lookup("orders");
			assertThat(lookupRequests()).isEqualTo(2);
		});
	}

	@Test
	void cachedAddressIsReusedUntilItsTimeToLiveEnds() {
		stubLookup(okJson(ORDERS));
		this.contextRunner.withPropertyValues("srsr.lookup.cache-ttl=300ms").run((context) -> {
			SrsrServiceLookup lookup = context.getBean(SrsrServiceLookup.class);
			assertThat(lookup.lookup("orders")).contains(URI.create("http://10.0.0.5:8080"));
			assertThat(lookup.lookup("orders")).contains(URI.create("http://10.0.0.5:8080"));
			assertThat(lookupRequests()).isEqualTo(1);
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
				assertThat(lookup.lookup("orders")).contains(URI.create("http://10.0.0.5:8080"));
				assertThat(lookupRequests()).isEqualTo(2);
			});
		});
	}

	@Test
	void nothingRegisteredIsNotCachedSoANewServiceIsFoundAtOnce() {
		stubLookup(okJson(NOTHING));
		this.contextRunner.withPropertyValues("srsr.lookup.cache-ttl=1m").run((context) -> {
			SrsrServiceLookup lookup = context.getBean(SrsrServiceLookup.class);
			assertThat(lookup.lookup("orders")).isEmpty();
			stubLookup(okJson(ORDERS));
			assertThat(lookup.lookup("orders")).contains(URI.create("http://10.0.0.5:8080"));
			assertThat(lookupRequests()).isEqualTo(2);
		});
	}

	@Test
	void cacheDropsTheLeastRecentlyUsedNameBeyondItsSize() {
		stubLookup(okJson(ORDERS));
		this.contextRunner.withPropertyValues("srsr.lookup.cache-ttl=1m", "srsr.lookup.cache-max-size=1")
			.run((context) -> {
				SrsrServiceLookup lookup = context.getBean(SrsrServiceLookup.class);
				lookup.lookup("orders");
				lookup.lookup("orders");
				assertThat(lookupRequests()).isEqualTo(1);
				lookup.lookup("billing");
				lookup.lookup("orders");
				assertThat(lookupRequests()).isEqualTo(3);
			});
	}

	@Test
	void circuitOpensAfterConsecutiveFailuresAndThenFailsFastWithoutAskingTheRegistry() {
		stubLookup(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
		this.contextRunner
			.withPropertyValues("srsr.lookup.retry.max-retries=0", "srsr.lookup.circuit-breaker.failure-threshold=3",
					"srsr.lookup.circuit-breaker.cool-down=1m")
			.run((context) -> {
				SrsrServiceLookup lookup = context.getBean(SrsrServiceLookup.class);
				for (int i = 0; i < 3; i++) {
					assertThatExceptionOfType(SrsrRegistryUnreachableException.class)
						.isThrownBy(() -> lookup.lookup("orders"));
				}
				Instant beforeOpen = Instant.now();
				assertThatExceptionOfType(SrsrLookupCircuitOpenException.class)
					.isThrownBy(() -> lookup.lookup("billing"))
					.withMessageContaining("srsr lookup of 'billing' not attempted")
					.withMessageContaining("failed 3 lookups in a row")
					.withMessageContaining("fail fast")
					.withCauseInstanceOf(SrsrRegistryUnreachableException.class)
					.satisfies((ex) -> assertThat(ex.getRetryAt()).isAfter(beforeOpen.plusSeconds(50)));
				assertThat(lookupRequests()).isEqualTo(3);
			});
	}

	@Test
	void answeredLookupBetweenFailuresStartsTheCountAgain() {
		this.contextRunner
			.withPropertyValues("srsr.lookup.retry.max-retries=0", "srsr.lookup.circuit-breaker.failure-threshold=2",
					"srsr.lookup.circuit-breaker.cool-down=1m")
			.run((context) -> {
				SrsrServiceLookup lookup = context.getBean(SrsrServiceLookup.class);
				stubLookup(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
				assertThatExceptionOfType(SrsrRegistryUnreachableException.class)
					.isThrownBy(() -> lookup.lookup("orders"));
				stubLookup(okJson(ORDERS));
				assertThat(lookup.lookup("orders")).contains(URI.create("http://10.0.0.5:8080"));
				stubLookup(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
				assertThatExceptionOfType(SrsrRegistryUnreachableException.class)
					.isThrownBy(() -> lookup.lookup("orders"));
				// One failure in a row, not two: the registry is still asked.
				assertThatExceptionOfType(SrsrRegistryUnreachableException.class)
					.isThrownBy(() -> lookup.lookup("orders"));
				assertThat(lookupRequests()).isEqualTo(4);
				assertThatExceptionOfType(SrsrLookupCircuitOpenException.class)
					.isThrownBy(() -> lookup.lookup("orders"))
					.withMessageContaining("failed 2 lookups in a row");
				assertThat(lookupRequests()).isEqualTo(4);
			});
	}

	@Test
	void circuitLetsOneLookupThroughAfterTheCoolDownAndClosesWhenTheRegistryIsBack() {
		stubLookup(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
		this.contextRunner
			.withPropertyValues("srsr.lookup.retry.max-retries=0", "srsr.lookup.circuit-breaker.failure-threshold=1",
					"srsr.lookup.circuit-breaker.cool-down=300ms")
			.run((context) -> {
				SrsrServiceLookup lookup = context.getBean(SrsrServiceLookup.class);
				assertThatExceptionOfType(SrsrRegistryUnreachableException.class)
					.isThrownBy(() -> lookup.lookup("orders"));
				stubLookup(okJson(ORDERS));
				assertThatExceptionOfType(SrsrLookupCircuitOpenException.class)
					.isThrownBy(() -> lookup.lookup("orders"));
				await().atMost(Duration.ofSeconds(10))
					.pollInterval(Duration.ofMillis(20))
					.ignoreException(SrsrLookupCircuitOpenException.class)
					.until(() -> lookup.lookup("orders"), (address) -> address.isPresent());
				// Every lookup while the circuit was open failed fast: one failure, one trial.
				assertThat(lookupRequests()).isEqualTo(2);
				assertThat(lookup.lookup("orders")).isPresent();
				assertThat(lookupRequests()).isEqualTo(3);
			});
	}

	@Test
	void failedTrialOpensTheCircuitForAnotherCoolDown() {
		stubLookup(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
		this.contextRunner
			.withPropertyValues("srsr.lookup.retry.max-retries=0", "srsr.lookup.circuit-breaker.failure-threshold=1",
					"srsr.lookup.circuit-breaker.cool-down=300ms")
			.run((context) -> {
				SrsrServiceLookup lookup = context.getBean(SrsrServiceLookup.class);
				assertThatExceptionOfType(SrsrRegistryUnreachableException.class)
					.isThrownBy(() -> lookup.lookup("orders"));
				await().atMost(Duration.ofSeconds(10))
					.pollInterval(Duration.ofMillis(20))
					.ignoreException(SrsrLookupCircuitOpenException.class)
					.untilAsserted(() -> assertThatExceptionOfType(SrsrRegistryUnreachableException.class)
						.isThrownBy(() -> lookup.lookup("orders")));
				assertThatExceptionOfType(SrsrLookupCircuitOpenException.class)
					.isThrownBy(() -> lookup.lookup("orders"));
				assertThat(lookupRequests()).isEqualTo(2);
			});
	}

	@Test
	void halfOpenCircuitLetsOnlyOneLookupThrough() {
		stubLookup(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
		this.contextRunner
			.withPropertyValues("srsr.lookup.retry.max-retries=0", "srsr.lookup.circuit-breaker.failure-threshold=1",
					"srsr.lookup.circuit-breaker.cool-down=200ms")
			.run((context) -> {
				SrsrServiceLookup lookup = context.getBean(SrsrServiceLookup.class);
				assertThatExceptionOfType(SrsrRegistryUnreachableException.class)
					.isThrownBy(() -> lookup.lookup("orders"));
				Instant retryAt = catchThrowableOfType(SrsrLookupCircuitOpenException.class,
						() -> lookup.lookup("orders"))
					.getRetryAt();
				stubLookup(okJson(ORDERS).withFixedDelay(1000));
				await().atMost(Duration.ofSeconds(10)).until(() -> !Instant.now().isBefore(retryAt));
				CompletableFuture<Optional<URI>> trial = CompletableFuture.supplyAsync(() -> lookup.lookup("orders"));
				await().atMost(Duration.ofSeconds(10)).until(() -> lookupRequests() == 2);
				assertThatExceptionOfType(SrsrLookupCircuitOpenException.class)
					.isThrownBy(() -> lookup.lookup("orders"))
					.withMessageContaining("one lookup is testing the registry right now");
				assertThat(trial.get(5, TimeUnit.SECONDS)).contains(URI.create("http://10.0.0.5:8080"));
				assertThat(lookup.lookup("orders")).isPresent();
				assertThat(lookupRequests()).isEqualTo(3);
			});
	}

	@Test
	void registryAnswersOtherThanBeingDownDoNotOpenTheCircuit() {
		stubLookup(aResponse().withStatus(400).withBody("{\"error\": \"name is required\"}"));
		this.contextRunner
			.withPropertyValues("srsr.lookup.circuit-breaker.failure-threshold=1",
					"srsr.lookup.circuit-breaker.cool-down=1m")
			.run((context) -> {
				SrsrServiceLookup lookup = context.getBean(SrsrServiceLookup.class);
				assertThatExceptionOfType(SrsrRequestRejectedException.class).isThrownBy(() -> lookup.lookup("x"));
				assertThatExceptionOfType(SrsrRequestRejectedException.class).isThrownBy(() -> lookup.lookup("x"));
				assertThat(lookupRequests()).isEqualTo(2);
			});
	}

	@Test
	void cachedAddressesAreServedWhileTheCircuitIsOpen() {
		stubLookup(okJson(ORDERS));
		this.contextRunner
			.withPropertyValues("srsr.lookup.cache-ttl=1m", "srsr.lookup.retry.max-retries=0",
					"srsr.lookup.circuit-breaker.failure-threshold=1", "srsr.lookup.circuit-breaker.cool-down=1m")
			.run((context) -> {
				SrsrServiceLookup lookup = context.getBean(SrsrServiceLookup.class);
				assertThat(lookup.lookup("orders")).isPresent();
				stubLookup(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
				assertThatExceptionOfType(SrsrRegistryUnreachableException.class)
					.isThrownBy(() -> lookup.lookup("billing"));
				assertThatExceptionOfType(SrsrLookupCircuitOpenException.class)
					.isThrownBy(() -> lookup.lookup("billing"));
				assertThat(lookup.lookup("orders")).contains(URI.create("http://10.0.0.5:8080"));
				assertThat(lookupRequests()).isEqualTo(2);
			});
	}

	@Test
	void circuitBreakerCanBeTurnedOff() {
		stubLookup(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
		this.contextRunner
			.withPropertyValues("srsr.lookup.retry.max-retries=0", "srsr.lookup.circuit-breaker.enabled=false",
					"srsr.lookup.circuit-breaker.failure-threshold=1")
			.run((context) -> {
				SrsrServiceLookup lookup = context.getBean(SrsrServiceLookup.class);
				for (int i = 0; i < 3; i++) {
					assertThatExceptionOfType(SrsrRegistryUnreachableException.class)
						.isThrownBy(() -> lookup.lookup("orders"));
				}
				assertThat(lookupRequests()).isEqualTo(3);
			});
	}

	@Test
	void severalRegistriesAreAskedInOrderUntilOneKnowsTheName() {
		stubLookup(okJson(NOTHING));
		try (EmbeddedSrsrRegistry second = registryWithOrders()) {
			this.contextRunner.withPropertyValues("srsr.registry.url=" + registry.baseUrl() + "," + second.url())
				.run((context) -> {
					SrsrServiceLookup lookup = context.getBean(SrsrServiceLookup.class);
					assertThat(lookup.lookup("orders")).contains(URI.create("http://10.0.0.5:8080"));
					assertThat(lookupRequests()).isEqualTo(1);
					assertThat(lookup.lookup("billing")).isEmpty();
					assertThat(lookupRequests()).isEqualTo(2);
				});
		}
	}

	@Test
	void firstRegistryThatKnowsTheNameAnswersAlone() {
		stubLookup(okJson("{\"success\": true, \"address\": \"http://10.0.0.9:8080\"}"));
		try (EmbeddedSrsrRegistry second = registryWithOrders()) {
			this.contextRunner.withPropertyValues("srsr.registry.url=" + registry.baseUrl() + "," + second.url())
				.run((context) -> {
					second.clearRequests();
					assertThat(context.getBean(SrsrServiceLookup.class).lookup("orders"))
						.contains(URI.create("http://10.0.0.9:8080"));
					assertThat(second.requests()).isEmpty();
				});
		}
	}

	@Test
	void registryThatIsDownPassesTheLookupOnAndStopsBeingAskedWhileItsCircuitIsOpen() {
		stubLookup(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
		try (EmbeddedSrsrRegistry second = registryWithOrders()) {
			this.contextRunner
				.withPropertyValues("srsr.registry.url=" + registry.baseUrl() + "," + second.url(),
						"srsr.lookup.retry.max-retries=0", "srsr.lookup.circuit-breaker.failure-threshold=1",
						"srsr.lookup.circuit-breaker.cool-down=1m")
				.run((context) -> {
					SrsrServiceLookup lookup = context.getBean(SrsrServiceLookup.class);
					assertThat(lookup.lookup("orders")).contains(URI.create("http://10.0.0.5:8080"));
					assertThat(lookup.lookup("orders")).contains(URI.create("http://10.0.0.5:8080"));
					assertThat(lookupRequests()).isEqualTo(1);
				});
		}
	}

	@Test
	void nameFoundNowhereWhileARegistryIsDownIsThatRegistrysFailure() {
		stubLookup(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
		try (EmbeddedSrsrRegistry second = registryWithOrders()) {
			this.contextRunner
				.withPropertyValues("srsr.registry.url=" + registry.baseUrl() + "," + second.url(),
						"srsr.lookup.retry.max-retries=0")
				.run((context) -> assertThatExceptionOfType(SrsrRegistryUnreachableException.class)
					.isThrownBy(() -> context.getBean(SrsrServiceLookup.class).lookup("billing"))
					.withMessageContaining(registry.baseUrl()));
		}
	}

	private static EmbeddedSrsrRegistry registryWithOrders() {
		EmbeddedSrsrRegistry second = EmbeddedSrsrRegistry.builder().port(0).start();
		new RestClientSrsrClient(RegistryUrl.of(second.url().toString()), RestClient.builder())
			.register(new ServiceRegistrationRequest("orders", "http://10.0.0.5:8080", null));
		return second;
	}

	private static void stubLookup(ResponseDefinitionBuilder response) {
		registry.stubFor(post("/lookup").willReturn(response));
	}

	private static int lookupRequests() {
		return registry.findAll(postRequestedFor(urlEqualTo("/lookup"))).size();
	}

}
