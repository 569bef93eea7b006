package io.github.srsr.registry;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import io.github.srsr.registry.SrsrTestClient.Reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Walks docs/protocol.md row by row over real HTTP: every request form of every endpoint, the address rules and
 * the lifetime rules, defects included.
 */
class ProtocolConformanceTests extends RunningRegistryTests {

	private static final String JSON = "application/json; charset=utf-8";

	@Nested
	class Register {

		@Test
		void addressOnlyAnswersIdAndBooleanSuccessWithSortedKeys() {
			Reply reply = ProtocolConformanceTests.this.client.post("/register",
					"{\"name\": \"svc\", \"address\": \"http://10.0.0.5:8080\"}");
			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.contentType()).isEqualTo(JSON);
			JsonNode json = reply.json();
			assertThat(json.propertyNames()).containsExactly("id", "success");
			assertThat(json.get("success").isBoolean()).isTrue();
			assertThat(json.get("success").booleanValue()).isTrue();
			assertThat(json.get("id").isString()).isTrue();
			String id = json.get("id").stringValue();
			assertThat(UUID.fromString(id)).hasToString(id);
			assertThat(reply.body()).isEqualTo("{\"id\":\"" + id + "\",\"success\":true}");
			assertThat(registeredAddress()).isEqualTo("http://10.0.0.5:8080");
		}

		@Test
		void eachRegistrationGetsItsOwnId() {
			String first = ProtocolConformanceTests.this.client.register("svc", "http://a:1");
			String second = ProtocolConformanceTests.this.client.register("svc", "http://a:1");
			assertThat(first).isNotEqualTo(second);
		}

		@Test
		void portOnlyRegistersTheCallersIp() {
			assertThat(postRegister("{\"name\": \"svc\", \"port\": \"8080\"}").status()).isEqualTo(200);
			assertThat(registeredAddress()).isEqualTo("http://127.0.0.1:8080");
		}

		@Test
		void portOnlyTrustsTheFirstEntryOfXForwardedFor() {
			Reply reply = ProtocolConformanceTests.this.client.post("/register", "{\"name\": \"svc\", \"port\": \"8080\"}",
					"X-Forwarded-For", " 10.9.8.7 , 127.0.0.1");
			assertThat(reply.status()).isEqualTo(200);
			assertThat(registeredAddress()).isEqualTo("http://10.9.8.7:8080");
		}

		@Test
		void addressAndPortAreJoinedWithAColon() {
			assertThat(postRegister("{\"name\": \"svc\", \"address\": \"http://10.0.0.5\", \"port\": \"8080\"}").status())
				.isEqualTo(200);
			assertThat(registeredAddress()).isEqualTo("http://10.0.0.5:8080");
		}

		@Test
		void aPortInBothPlacesIsAcceptedAsADoublePortAddress() {
			Reply reply = postRegister("{\"name\": \"svc\", \"address\": \"http://h:3000\", \"port\": \"3000\"}");
			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.json().get("success").booleanValue()).isTrue();
			assertThat(registeredAddress()).isEqualTo("http://h:3000:3000");
		}

		@Test
		void neitherAddressNorPortRegistersTheCallersIpAlone() {
			assertThat(postRegister("{\"name\": \"svc\"}").status()).isEqualTo(200);
			assertThat(registeredAddress()).isEqualTo("http://127.0.0.1");
		}

		@Test
		void neitherAddressNorPortUsesXForwardedFor() {
			Reply reply = ProtocolConformanceTests.this.client.post("/register", "{\"name\": \"svc\"}",
					"X-Forwarded-For", "192.0.2.1");
			assertThat(reply.status()).isEqualTo(200);
			assertThat(registeredAddress()).isEqualTo("http://192.0.2.1");
		}

		@Test
		void emptyAddressAndPortCountAsAbsent() {
			assertThat(postRegister("{\"name\": \"svc\", \"address\": \"\", \"port\": \"\"}").status()).isEqualTo(200);
			assertThat(registeredAddress()).isEqualTo("http://127.0.0.1");
		}

		@ParameterizedTest
		@ValueSource(strings = { "{\"name\": \"svc\", \"port\": \"abc\"}",
				"{\"name\": \"svc\", \"address\": \"10.0.0.5:8080\"}",
				"{\"name\": \"svc\", \"address\": \"http://10.0.0.5:80x\"}",
				"{\"name\": \"svc\", \"address\": \"http://my host:8080\"}" })
		void anAddressThatIsNotAnAbsoluteUriGetsAnEmptyBodied400(String body) {
			Reply reply = postRegister(body);
			assertThat(reply.status()).isEqualTo(400);
			assertThat(reply.body()).isEmpty();
			assertThat(reply.contentType()).isNull();
			assertThat(ProtocolConformanceTests.this.registry.instances()).isEmpty();
		}

		@ParameterizedTest
		@ValueSource(strings = { "{\"address\": \"http://10.0.0.5:8080\"}", "{\"name\": \"\", \"port\": \"8080\"}",
				"{\"name\": null}", "not json", "", "{\"name\": \"svc\", \"port\": 8080}", "{\"name\": 7}",
				"[\"svc\"]", "{\"name\": \"svc\"" })
		void aMissingOrEmptyNameABodyThatIsNotJsonOrANumericPortGetAJsonError(String body) {
			Reply reply = postRegister(body);
			assertError(reply);
			assertThat(ProtocolConformanceTests.this.registry.instances()).isEmpty();
		}

		@Test
		void unknownFieldsAreIgnored() {
			Reply reply = postRegister("{\"name\": \"svc\", \"address\": \"http://a:1\", \"weight\": 3, \"tags\": [1]}");
			assertThat(reply.status()).isEqualTo(200);
			assertThat(registeredAddress()).isEqualTo("http://a:1");
		}

		@Test
		void theRequestContentTypeIsNotLookedAt() {
			Reply reply = ProtocolConformanceTests.this.client.post("/register",
					"{\"name\": \"svc\", \"address\": \"http://a:1\"}", "Content-Type", "text/plain");
			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.contentType()).isEqualTo(JSON);
		}

		private Reply postRegister(String body) {
			return ProtocolConformanceTests.this.client.post("/register", body);
		}

		private String registeredAddress() {
			Reply lookup = ProtocolConformanceTests.this.client.lookup("svc");
			assertThat(lookup.status()).isEqualTo(200);
			return lookup.json().get("address").stringValue();
		}

	}

	@Nested
	class Heartbeat {

		@Test
		void aKnownIdAnswersSuccessTrue() {
			String id = ProtocolConformanceTests.this.client.register("svc", "http://a:1");
			Reply reply = ProtocolConformanceTests.this.client.post("/heartbeat", "{\"id\": \"" + id + "\"}");
			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.contentType()).isEqualTo(JSON);
			assertThat(reply.body()).isEqualTo("{\"success\":true}");
			assertThat(reply.json().get("success").isBoolean()).isTrue();
		}

		@Test
		void anUnknownIdAnswersSuccessFalse() {
			Reply reply = ProtocolConformanceTests.this.client.post("/heartbeat", "{\"id\": \"" + UUID.randomUUID() + "\"}");
			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.contentType()).isEqualTo(JSON);
			assertThat(reply.body()).isEqualTo("{\"success\":false}");
		}

		@ParameterizedTest
		@ValueSource(strings = { "{}", "{\"id\": \"\"}", "{\"id\": 5}", "nope", "" })
		void aMissingOrEmptyIdGetsAJsonError(String body) {
			assertError(ProtocolConformanceTests.this.client.post("/heartbeat", body));
		}

	}

	@Nested
	class Deregister {

		@Test
		void aKnownIdAnswersSuccessTrueAndIsForgotten() {
			String id = ProtocolConformanceTests.this.client.register("svc", "http://a:1");
			Reply reply = ProtocolConformanceTests.this.client.post("/deregister", "{\"id\": \"" + id + "\"}");
			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.contentType()).isEqualTo(JSON);
			assertThat(reply.body()).isEqualTo("{\"success\":true}");
			assertThat(ProtocolConformanceTests.this.client.heartbeat(id)).isFalse();
			assertThat(ProtocolConformanceTests.this.client.deregister(id)).isFalse();
			assertThat(ProtocolConformanceTests.this.client.lookup("svc").body())
				.isEqualTo("{\"address\":\"\",\"success\":false}");
		}

		@Test
		void anUnknownIdAnswersSuccessFalse() {
			Reply reply = ProtocolConformanceTests.this.client.post("/deregister", "{\"id\": \"unknown\"}");
			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.body()).isEqualTo("{\"success\":false}");
		}

		@ParameterizedTest
		@ValueSource(strings = { "{}", "{\"id\": \"\"}", "{\"id\": true}", "{" })
		void aMissingOrEmptyIdGetsAJsonError(String body) {
			assertError(ProtocolConformanceTests.this.client.post("/deregister", body));
		}

	}

	@Nested
	class Lookup {

		@Test
		void aRegisteredNameAnswersItsAddress() {
			ProtocolConformanceTests.this.client.register("svc", "http://10.0.0.5:8080");
			Reply reply = ProtocolConformanceTests.this.client.post("/lookup", "{\"name\": \"svc\"}");
			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.contentType()).isEqualTo(JSON);
			assertThat(reply.json().propertyNames()).containsExactly("address", "success");
			assertThat(reply.json().get("success").isBoolean()).isTrue();
			assertThat(reply.body()).isEqualTo("{\"address\":\"http://10.0.0.5:8080\",\"success\":true}");
		}

		@Test
		void anUnknownNameAnswersEmptyAddressAndSuccessFalse() {
			Reply reply = ProtocolConformanceTests.this.client.post("/lookup", "{\"name\": \"nobody\"}");
			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.contentType()).isEqualTo(JSON);
			assertThat(reply.body()).isEqualTo("{\"address\":\"\",\"success\":false}");
			assertThat(reply.json().get("success").isBoolean()).isTrue();
		}

		@ParameterizedTest
		@ValueSource(strings = { "{}", "{\"name\": \"\"}", "{\"name\": [\"svc\"]}", "<xml/>" })
		void aMissingNameGetsAJsonError(String body) {
			assertError(ProtocolConformanceTests.this.client.post("/lookup", body));
		}

	}

	@Nested
	class OtherPathsAndMethods {

		@ParameterizedTest
		@CsvSource({ "GET, /register", "GET, /lookup", "PUT, /heartbeat", "DELETE, /deregister", "POST, /",
				"POST, /unknown", "GET, /", "POST, /register/extra", "PATCH, /lookup" })
		void answerGinsPlainText404(String method, String path) {
			Reply reply = ProtocolConformanceTests.this.client.send(method, path, "{\"name\": \"svc\"}",
					Duration.ofSeconds(5));
			assertThat(reply.status()).isEqualTo(404);
			assertThat(reply.contentType()).isEqualTo("text/plain");
			assertThat(reply.body()).isEqualTo("404 page not found");
			assertThat(ProtocolConformanceTests.this.registry.instances()).isEmpty();
		}

		@Test
		void aTrailingSlashOnAnEndpointGetsGinsRedirect() {
			Reply reply = ProtocolConformanceTests.this.client.post("/register/?x=1", "{\"name\": \"svc\"}");
			assertThat(reply.status()).isEqualTo(307);
			assertThat(reply.location()).isEqualTo("/register?x=1");
			assertThat(reply.body()).isEmpty();
			assertThat(ProtocolConformanceTests.this.registry.instances()).isEmpty();
		}

	}

	@Nested
	class Lifetime {

		private EmbeddedSrsrRegistry shortLived;

		private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(2);

		private SrsrTestClient shortClient;

		@BeforeEach
		void startShortLivedRegistry() {
			// Long enough that a heartbeat every 100 ms keeps an instance alive on a busy machine.
			this.shortLived = EmbeddedSrsrRegistry.builder().timeout(SHORT_TIMEOUT).start();
			this.shortClient = new SrsrTestClient(this.shortLived.url());
		}

		@AfterEach
		void stopShortLivedRegistry() {
			this.shortLived.stop();
		}

		@Test
		void anInstanceWithoutHeartbeatsExpiresAfterTheTimeoutNotBefore() {
			long beforeRegistering = System.nanoTime();
			String id = this.shortClient.register("svc", "http://a:1");
			assertThat(this.shortClient.lookup("svc").json().get("success").booleanValue()).isTrue();
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> !this.shortClient.lookup("svc").json().get("success").booleanValue());
			// Measured from before the registration, so that a busy machine only makes it longer.
			assertThat(Duration.ofNanos(System.nanoTime() - beforeRegistering)).isGreaterThanOrEqualTo(SHORT_TIMEOUT);
			assertThat(this.shortClient.heartbeat(id)).isFalse();
			assertThat(this.shortClient.deregister(id)).isFalse();
		}

		@Test
		void heartbeatsKeepAnInstanceAliveWellPastTheTimeout() {
			String id = this.shortClient.register("svc", "http://a:1");
			await().during(SHORT_TIMEOUT.multipliedBy(2))
				.atMost(SHORT_TIMEOUT.multipliedBy(2).plusSeconds(3))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> this.shortClient.heartbeat(id)
						&& this.shortClient.lookup("svc").json().get("success").booleanValue());
			await().atMost(SHORT_TIMEOUT.plusSeconds(5))
				.until(() -> !this.shortClient.lookup("svc").json().get("success").booleanValue());
			assertThat(this.shortClient.heartbeat(id)).isFalse();
		}

		@Test
		void restartForgetsEverything() {
			String id = ProtocolConformanceTests.this.client.register("svc", "http://a:1");
			ProtocolConformanceTests.this.registry.restart();
			assertThat(ProtocolConformanceTests.this.client.heartbeat(id)).isFalse();
			assertThat(ProtocolConformanceTests.this.client.lookup("svc").body())
				.isEqualTo("{\"address\":\"\",\"success\":false}");
			assertThat(ProtocolConformanceTests.this.registry.instances()).isEmpty();
		}

		@Test
		void deregisteringOneInstanceHidesTheWholeNameWhileTheOthersStillHeartbeat() {
			SrsrTestClient client = ProtocolConformanceTests.this.client;
			String leaving = client.register("svc", "http://a:1");
			String survivor = client.register("svc", "http://b:2");
			assertThat(client.deregister(leaving)).isTrue();
			assertThat(client.lookup("svc").body()).isEqualTo("{\"address\":\"\",\"success\":false}");
			assertThat(client.heartbeat(survivor)).isTrue();
			assertThat(ProtocolConformanceTests.this.registry.instances()).singleElement()
				.satisfies((instance) -> {
					assertThat(instance.id()).isEqualTo(survivor);
					assertThat(instance.visible()).isFalse();
				});
			String newcomer = client.register("svc", "http://c:3");
			assertThat(client.lookup("svc").body()).isEqualTo("{\"address\":\"http://c:3\",\"success\":true}");
			assertThat(client.deregister(survivor)).isTrue();
			assertThat(client.lookup("svc").json().get("success").booleanValue()).isFalse();
			assertThat(client.heartbeat(newcomer)).isTrue();
		}

		@Test
		void theExpiryOfOneInstanceHidesTheWholeNameWhileTheOthersStillHeartbeat() {
			this.shortClient.register("svc", "http://a:1");
			String survivor = this.shortClient.register("svc", "http://b:2");
			await().atMost(SHORT_TIMEOUT.plusSeconds(5))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> this.shortClient.heartbeat(survivor) && this.shortClient.lookup("svc")
					.body()
					.equals("{\"address\":\"\",\"success\":false}"));
			assertThat(this.shortClient.heartbeat(survivor)).isTrue();
			assertThat(this.shortLived.instances()).singleElement().satisfies((instance) -> {
				assertThat(instance.id()).isEqualTo(survivor);
				assertThat(instance.visible()).isFalse();
			});
		}

		@Test
		void otherNamesAreNotAffectedByTheDefect() {
			SrsrTestClient client = ProtocolConformanceTests.this.client;
			String leaving = client.register("svc", "http://a:1");
			client.register("other", "http://o:1");
			client.deregister(leaving);
			assertThat(client.lookup("other").body()).isEqualTo("{\"address\":\"http://o:1\",\"success\":true}");
		}

	}

	private static void assertError(Reply reply) {
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.contentType()).isEqualTo(JSON);
		JsonNode json = reply.json();
		assertThat(json.propertyNames()).containsExactly("error");
		assertThat(json.get("error").isString()).isTrue();
		assertThat(json.get("error").stringValue()).isNotBlank();
	}

}
