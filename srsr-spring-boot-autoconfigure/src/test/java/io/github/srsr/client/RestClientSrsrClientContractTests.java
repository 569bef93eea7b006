package io.github.srsr.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.github.srsr.client.http.SrsrRestClientBuilders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Contract tests of {@link RestClientSrsrClient} against a WireMock registry that answers as the
 * real srsr server does (see {@code docs/protocol.md}), as its README shows, and as a broken
 * registry or proxy might. The client is built as {@code SrsrAutoConfiguration} builds it: the
 * starter's request factory, connect and read timeouts, redirects not followed.
 */
class RestClientSrsrClientContractTests {

	private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

	/**
	 * The read timeout of a client that must get its answer: far beyond what a busy machine takes
	 * to answer, so that only a registry that stalls on purpose ever meets it.
	 */
	private static final Duration ANSWER_READ_TIMEOUT = Duration.ofSeconds(10);

	/** The read timeout of a client whose registry stalls on purpose (for 5 s). */
	private static final Duration STALL_READ_TIMEOUT = Duration.ofMillis(400);

	/** How long a call may take at most when the registry stalls: the read timeout plus a margin. */
	private static final Duration CALL_BOUND = STALL_READ_TIMEOUT.plusSeconds(2);

	private static final String ID = "3f0b8a4e-6c1d-4b9e-9f2a-7d5c8e1a2b3c";

	private static final String SERVER_JSON = "application/json; charset=utf-8";

	private static final String HTML_ERROR_PAGE = """
			<html>
			<head><title>502 Bad Gateway</title></head>
			<body>
			<center><h1>502 Bad Gateway</h1></center>
			<hr><center>nginx/1.27.0</center>
			</body>
			</html>
			""";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static WireMockServer wireMock;

	@BeforeAll
	static void startRegistry() {
		// The real server never compresses its answers; compressed answers are stubbed explicitly.
		wireMock = new WireMockServer(wireMockConfig().dynamicPort().gzipDisabled(true));
		wireMock.start();
		warmUp();
	}

	/**
	 * The first calls of a fresh JVM (class loading, JIT, Jetty's first request) can take longer
	 * than the short read timeout the tests use: make them once with a generous timeout.
	 */
	private static void warmUp() {
		stub("/heartbeat", serverJson(200, "{\"success\": true}"));
		RestClientSrsrClient patient = client(baseUrl(), Duration.ofSeconds(10));
		for (int i = 0; i < 5; i++) {
			patient.heartbeat(ID);
			client(baseUrl(), Duration.ofSeconds(10)).heartbeat(ID);
		}
		wireMock.resetAll();
	}

	@AfterAll
	static void stopRegistry() {
		wireMock.stop();
	}

	@BeforeEach
	void resetRegistry() {
		wireMock.resetAll();
	}

	// ---------------------------------------------------------------- requests

	@Nested
	class Requests {

		@Test
		void registerWithAddressOnlySendsNameAndAddress() {
			stubExactRequest("/register", "{\"name\":\"svc\",\"address\":\"http://10.0.0.5:8080\"}", registered());
			assertThat(client().register(new ServiceRegistrationRequest("svc", "http://10.0.0.5:8080", null)))
				.isEqualTo(ID);
			assertThat(singleRequestBody("/register")).containsOnlyKeys("name", "address")
				.containsEntry("name", "svc")
				.containsEntry("address", "http://10.0.0.5:8080");
		}

		@Test
		void registerSendsPortAsJsonString() {
			stubExactRequest("/register", "{\"name\":\"svc\",\"port\":\"8080\"}", registered());
			assertThat(client().register(new ServiceRegistrationRequest("svc", null, 8080))).isEqualTo(ID);
			Map<String, Object> body = singleRequestBody("/register");
			assertThat(body.get("port")).isInstanceOf(String.class).isEqualTo("8080");
		}

		@Test
		void registerWithPortOnlyOmitsAddressKey() {
			stubExactRequest("/register", "{\"name\":\"svc\",\"port\":\"8080\"}", registered());
			client().register(new ServiceRegistrationRequest("svc", null, 8080));
			// Absent, not null: the key must not be sent at all.
			assertThat(singleRequestBody("/register")).containsOnlyKeys("name", "port").doesNotContainKey("address");
		}

		@Test
		void registerWithAddressOnlyOmitsPortKey() {
			stubExactRequest("/register", "{\"name\":\"svc\",\"address\":\"http://10.0.0.5:8080\"}", registered());
			client().register(new ServiceRegistrationRequest("svc", "http://10.0.0.5:8080", null));
			assertThat(singleRequestBody("/register")).doesNotContainKey("port");
		}

		@Test
		void registerWithAddressAndPortSendsBoth() {
			stubExactRequest("/register", "{\"name\":\"svc\",\"address\":\"http://10.0.0.5\",\"port\":\"8080\"}",
					registered());
			assertThat(client().register(new ServiceRegistrationRequest("svc", "http://10.0.0.5", 8080))).isEqualTo(ID);
			assertThat(singleRequestBody("/register")).containsOnlyKeys("name", "address", "port")
				.containsEntry("port", "8080");
		}

		@Test
		void registerWithNameOnlySendsNameOnly() {
			stubExactRequest("/register", "{\"name\":\"svc\"}", registered());
			assertThat(client().register(new ServiceRegistrationRequest("svc", null, null))).isEqualTo(ID);
			assertThat(singleRequestBody("/register")).containsOnlyKeys("name");
		}

		@Test
		void heartbeatSendsInstanceId() {
			stubExactRequest("/heartbeat", "{\"id\":\"" + ID + "\"}", serverJson(200, "{\"success\":true}"));
			assertThat(client().heartbeat(ID)).isTrue();
			assertThat(singleRequestBody("/heartbeat")).containsOnlyKeys("id").containsEntry("id", ID);
		}

		@Test
		void deregisterSendsInstanceId() {
			stubExactRequest("/deregister", "{\"id\":\"" + ID + "\"}", serverJson(200, "{\"success\":true}"));
			assertThat(client().deregister(ID)).isTrue();
			assertThat(singleRequestBody("/deregister")).containsOnlyKeys("id").containsEntry("id", ID);
		}

		@Test
		void lookupSendsServiceName() {
			stubExactRequest("/lookup", "{\"name\":\"svc\"}",
					serverJson(200, "{\"success\":true,\"address\":\"http://10.0.0.5:8080\"}"));
			assertThat(client().lookup("svc")).contains(URI.create("http://10.0.0.5:8080"));
			assertThat(singleRequestBody("/lookup")).containsOnlyKeys("name").containsEntry("name", "svc");
		}

		@Test
		void namesAndAddressesThatNeedEscapingReachTheRegistryUnchanged() {
			String name = "say \"hi\" \\ to\ttab\nline\u0001 and Zürich 東京 😀";
			String address = "http://10.0.0.5:8080/a\"b";
			wireMock.stubFor(post(urlEqualTo("/register")).willReturn(registered()));
			wireMock.stubFor(post(urlEqualTo("/lookup")).willReturn(serverJson(200, "{\"success\":false}")));
			client().register(new ServiceRegistrationRequest(name, address, null));
			assertThat(singleRequestBody("/register")).containsOnlyKeys("name", "address")
				.containsEntry("name", name)
				.containsEntry("address", address);
			wireMock.resetRequests();
			client().lookup(name);
			assertThat(singleRequestBody("/lookup")).containsOnlyKeys("name").containsEntry("name", name);
		}

		@Test
		void requestsAcceptJson() {
			wireMock.stubFor(post(urlEqualTo("/heartbeat")).willReturn(serverJson(200, "{\"success\":true}")));
			client().heartbeat(ID);
			wireMock.verify(1, postRequestedFor(urlEqualTo("/heartbeat")).withHeader("Accept", equalTo("application/json")));
		}

		@Test
		void requestsGoBelowPathPrefixOfRegistryUrl() {
			wireMock.stubFor(post(urlEqualTo("/srsr/register")).willReturn(registered()));
			wireMock.stubFor(post(urlEqualTo("/srsr/heartbeat")).willReturn(serverJson(200, "{\"success\":true}")));
			wireMock.stubFor(post(urlEqualTo("/srsr/deregister")).willReturn(serverJson(200, "{\"success\":true}")));
			wireMock.stubFor(post(urlEqualTo("/srsr/lookup"))
				.willReturn(serverJson(200, "{\"success\":true,\"address\":\"http://10.0.0.5:8080\"}")));
			RestClientSrsrClient client = client(baseUrl() + "/srsr/");
			assertThat(client.register(new ServiceRegistrationRequest("svc", "http://10.0.0.5:8080", null))).isEqualTo(ID);
			assertThat(client.heartbeat(ID)).isTrue();
			assertThat(client.lookup("svc")).isPresent();
			assertThat(client.deregister(ID)).isTrue();
			assertThat(wireMock.getAllServeEvents()).extracting((event) -> event.getRequest().getUrl())
				.containsExactlyInAnyOrder("/srsr/register", "/srsr/heartbeat", "/srsr/lookup", "/srsr/deregister");
		}

		@ParameterizedTest
		@ValueSource(strings = { "", " ", "\t" })
		void lookupWithBlankNameIsRefusedWithoutRequest(String name) {
			assertThatIllegalArgumentException().isThrownBy(() -> client().lookup(name));
			assertNoRequest();
		}

		@Test
		void lookupWithNullNameIsRefusedWithoutRequest() {
			assertThatIllegalArgumentException().isThrownBy(() -> client().lookup(null));
			assertNoRequest();
		}

		@ParameterizedTest
		@ValueSource(strings = { "", " " })
		void heartbeatAndDeregisterWithBlankIdAreRefusedWithoutRequest(String id) {
			assertThatIllegalArgumentException().isThrownBy(() -> client().heartbeat(id));
			assertThatIllegalArgumentException().isThrownBy(() -> client().deregister(id));
			assertNoRequest();
		}

		@Test
		void bodyIsWrittenAsJacksonWritesAMapOfStrings() {
			wireMock.stubFor(post(urlEqualTo("/register")).willReturn(registered()));
			client().register(new ServiceRegistrationRequest("order service", "http://10.0.0.5", 8080));
			Map<String, String> expected = new LinkedHashMap<>();
			expected.put("name", "order service");
			expected.put("address", "http://10.0.0.5");
			expected.put("port", "8080");
			String body = wireMock.getAllServeEvents().get(0).getRequest().getBodyAsString();
			assertThat(body).isEqualTo("{\"name\":\"order service\",\"address\":\"http://10.0.0.5\",\"port\":\"8080\"}")
				.isEqualTo(JSON.writeValueAsString(expected));
		}

		@Test
		void clientWithoutRegistryUrlIsRefused() {
			assertThatIllegalArgumentException().isThrownBy(() -> new RestClientSrsrClient(null, RestClient.builder()))
				.withMessage("'registryUrl' must not be null");
		}

		@Test
		void clientWithoutBuilderIsRefused() {
			RegistryUrl url = RegistryUrl.of(baseUrl());
			assertThatIllegalArgumentException().isThrownBy(() -> new RestClientSrsrClient(url, (RestClient.Builder) null))
				.withMessage("'restClientBuilder' must not be null");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new RestClientSrsrClient(url, (Supplier<RestClient.Builder>) null, () -> ObservationRegistry.NOOP))
				.withMessage("'restClientBuilder' must not be null");
		}

		@Test
		void clientWithoutObservationRegistryIsRefused() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new RestClientSrsrClient(RegistryUrl.of(baseUrl()), RestClient.builder(), null))
				.withMessage("'observationRegistry' must not be null");
		}

		private void stubExactRequest(String path, String json, ResponseDefinitionBuilder answer) {
			wireMock.stubFor(post(urlEqualTo(path)).withHeader("Content-Type", equalTo("application/json"))
				.withRequestBody(equalToJson(json, false, false))
				.willReturn(answer));
		}

	}

	// ---------------------------------------------------------------- answers of the real server

	@Nested
	class ServerAnswers {

		@Test
		void registerReturnsInstanceId() {
			stub("/register", registered());
			assertThat(client().register(new ServiceRegistrationRequest("svc", null, 8080))).isEqualTo(ID);
		}

		@Test
		void heartbeatOfKnownInstanceReturnsTrue() {
			stub("/heartbeat", serverJson(200, "{\"success\": true}"));
			assertThat(client().heartbeat(ID)).isTrue();
		}

		@Test
		void heartbeatOfUnknownInstanceReturnsFalse() {
			stub("/heartbeat", serverJson(200, "{\"success\": false}"));
			assertThat(client().heartbeat(ID)).isFalse();
		}

		@Test
		void deregisterOfKnownInstanceReturnsTrue() {
			stub("/deregister", serverJson(200, "{\"success\": true}"));
			assertThat(client().deregister(ID)).isTrue();
		}

		@Test
		void deregisterOfUnknownInstanceReturnsFalse() {
			stub("/deregister", serverJson(200, "{\"success\": false}"));
			assertThat(client().deregister(ID)).isFalse();
		}

		@Test
		void lookupOfRegisteredServiceReturnsAddress() {
			stub("/lookup", serverJson(200, "{\"success\": true, \"address\": \"http://10.0.0.5:8080\"}"));
			assertThat(client().lookup("svc")).contains(URI.create("http://10.0.0.5:8080"));
		}

		@Test
		void lookupOfUnknownServiceReturnsEmpty() {
			stub("/lookup", serverJson(200, "{\"success\": false, \"address\": \"\"}"));
			assertThat(client().lookup("svc")).isEmpty();
		}

		@ParameterizedTest
		@EnumSource(Endpoint.class)
		void badRequestWithErrorIsRejectedWithRegistryMessage(Endpoint endpoint) {
			String error = "Key: 'Request.Name' Error:Field validation for 'Name' failed on the 'required' tag";
			stub(endpoint.path, serverJson(400, "{\"error\": \"" + error.replace("'", "\\u0027") + "\"}"));
			SrsrRequestRejectedException ex = endpoint.fails(client(), SrsrRequestRejectedException.class);
			assertThat(ex.getStatusCode()).isEqualTo(400);
			assertThat(ex.getRegistryMessage()).isEqualTo(error);
			assertThat(ex.getMessage()).contains("400").contains(error);
			assertActionable(ex, endpoint);
		}

		@Test
		void badRequestWithEmptyBodyIsRejectedSayingBodyIsEmpty() {
			// What the server answers when the address it builds is not a valid URI (port "abc").
			stub("/register", aResponse().withStatus(400).withHeader("Content-Type", SERVER_JSON));
			SrsrRequestRejectedException ex = Endpoint.REGISTER.fails(client(), SrsrRequestRejectedException.class);
			assertThat(ex.getStatusCode()).isEqualTo(400);
			assertThat(ex.getRegistryMessage()).isNull();
			assertThat(ex.getMessage()).contains("400").contains("empty body");
			assertActionable(ex, Endpoint.REGISTER);
		}

		@ParameterizedTest
		@EnumSource(Endpoint.class)
		void notFoundWithPlainTextIsRejected(Endpoint endpoint) {
			stub(endpoint.path, aResponse().withStatus(404).withHeader("Content-Type", "text/plain").withBody("404 page not found"));
			SrsrRequestRejectedException ex = endpoint.fails(client(), SrsrRequestRejectedException.class);
			assertThat(ex.getStatusCode()).isEqualTo(404);
			assertThat(ex.getRegistryMessage()).isEqualTo("404 page not found");
			assertThat(ex.getMessage()).contains("404").contains("404 page not found");
			assertActionable(ex, endpoint);
		}

		@Test
		void longErrorBodyIsShortenedInMessage() {
			String longText = "x".repeat(5000);
			stub("/heartbeat", aResponse().withStatus(404).withHeader("Content-Type", "text/plain").withBody(longText));
			SrsrRequestRejectedException ex = Endpoint.HEARTBEAT.fails(client(), SrsrRequestRejectedException.class);
			assertThat(ex.getRegistryMessage()).hasSizeLessThan(300).startsWith("xxx");
			assertThat(ex.getMessage()).hasSizeLessThan(600);
		}

		@Test
		void errorBodyOf200CharactersIsQuotedWhole() {
			String text = "x".repeat(200);
			stub("/heartbeat", aResponse().withStatus(404).withHeader("Content-Type", "text/plain").withBody(text));
			SrsrRequestRejectedException ex = Endpoint.HEARTBEAT.fails(client(), SrsrRequestRejectedException.class);
			assertThat(ex.getRegistryMessage()).isEqualTo(text);
			assertThat(ex.getMessage()).endsWith("with status 404: " + text);
		}

		@Test
		void errorBodyOf201CharactersIsCutAfter200() {
			stub("/heartbeat", aResponse().withStatus(404).withHeader("Content-Type", "text/plain").withBody("x".repeat(201)));
			SrsrRequestRejectedException ex = Endpoint.HEARTBEAT.fails(client(), SrsrRequestRejectedException.class);
			assertThat(ex.getRegistryMessage()).isEqualTo("x".repeat(200) + "...");
		}

	}

	// ---------------------------------------------------------------- answers as the README shows them

	@Nested
	class ReadmeAnswers {

		@Test
		void heartbeatAcceptsSuccessAsStrings() {
			stub("/heartbeat", serverJson(200, "{\"success\": \"true\"}"));
			assertThat(client().heartbeat(ID)).isTrue();
			stub("/heartbeat", serverJson(200, "{\"success\": \"false\"}"));
			assertThat(client().heartbeat(ID)).isFalse();
		}

		@Test
		void deregisterAcceptsSuccessAsStrings() {
			stub("/deregister", serverJson(200, "{\"success\": \"true\"}"));
			assertThat(client().deregister(ID)).isTrue();
			stub("/deregister", serverJson(200, "{\"success\": \"false\"}"));
			assertThat(client().deregister(ID)).isFalse();
		}

		@Test
		void lookupAcceptsSuccessAsStrings() {
			stub("/lookup", serverJson(200, "{\"success\": \"true\", \"address\": \"http://10.0.0.5:8080\"}"));
			assertThat(client().lookup("svc")).contains(URI.create("http://10.0.0.5:8080"));
			stub("/lookup", serverJson(200, "{\"success\": \"false\", \"address\": \"\"}"));
			assertThat(client().lookup("svc")).isEmpty();
		}

		@Test
		void registerAcceptsSuccessAsString() {
			stub("/register", serverJson(200, "{\"id\": \"" + ID + "\", \"success\": \"true\"}"));
			assertThat(client().register(new ServiceRegistrationRequest("svc", null, 8080))).isEqualTo(ID);
		}

		@ParameterizedTest
		@ValueSource(strings = { "{\"success\": true}", "{\"success\": \"true\"}", "{}", "{\"id\": \"\", \"success\": true}",
				"{\"id\": \"  \", \"success\": true}", "{\"id\": null, \"success\": true}", "{\"id\": 42, \"success\": true}",
				"{\"id\": {\"value\": \"x\"}, \"success\": true}" })
		void registerAnswerWithoutUsableIdIsInvalid(String answer) {
			stub("/register", serverJson(200, answer));
			SrsrInvalidResponseException ex = Endpoint.REGISTER.fails(client(), SrsrInvalidResponseException.class);
			assertThat(ex.getMessage()).contains("id");
			assertActionable(ex, Endpoint.REGISTER);
		}

		@ParameterizedTest
		@ValueSource(strings = { "{\"success\": false}", "{\"success\": \"false\"}",
				"{\"id\": \"" + ID + "\", \"success\": false}" })
		void registerDeclinedWithSuccessFalseIsInvalid(String answer) {
			stub("/register", serverJson(200, answer));
			SrsrInvalidResponseException ex = Endpoint.REGISTER.fails(client(), SrsrInvalidResponseException.class);
			assertThat(ex.getMessage()).contains("success: false");
			assertActionable(ex, Endpoint.REGISTER);
		}

		@ParameterizedTest
		@ValueSource(strings = { "1", "0", "\"yes\"", "\"\"", "null", "[true]", "{\"value\": true}" })
		void successOfAnotherTypeIsInvalid(String success) {
			for (Endpoint endpoint : List.of(Endpoint.HEARTBEAT, Endpoint.DEREGISTER, Endpoint.LOOKUP)) {
				wireMock.resetAll();
				stub(endpoint.path, serverJson(200, "{\"success\": " + success + ", \"address\": \"http://10.0.0.5:8080\"}"));
				SrsrInvalidResponseException ex = endpoint.fails(client(), SrsrInvalidResponseException.class);
				assertThat(ex.getMessage()).contains("success");
				assertActionable(ex, endpoint);
			}
		}

		@ParameterizedTest
		@EnumSource(value = Endpoint.class, names = { "HEARTBEAT", "DEREGISTER", "LOOKUP" })
		void answerWithoutSuccessIsInvalid(Endpoint endpoint) {
			stub(endpoint.path, serverJson(200, "{\"address\": \"http://10.0.0.5:8080\"}"));
			assertActionable(endpoint.fails(client(), SrsrInvalidResponseException.class), endpoint);
		}

		@ParameterizedTest
		@ValueSource(strings = { "{\"success\": true}", "{\"success\": true, \"address\": \"\"}",
				"{\"success\": true, \"address\": null}", "{\"success\": true, \"address\": 8080}",
				"{\"success\": true, \"address\": \"http://10.0.0.5:8080/a b\"}" })
		void lookupSuccessWithoutUsableAddressIsInvalid(String answer) {
			stub("/lookup", serverJson(200, answer));
			assertActionable(Endpoint.LOOKUP.fails(client(), SrsrInvalidResponseException.class), Endpoint.LOOKUP);
		}

	}

	// ---------------------------------------------------------------- broken registries and proxies

	@Nested
	class BadAnswers {

		@ParameterizedTest
		@ValueSource(ints = { 500, 502, 503 })
		void serverErrorIsRejectedWithStatus(int status) {
			for (Endpoint endpoint : Endpoint.values()) {
				wireMock.resetAll();
				stub(endpoint.path, aResponse().withStatus(status).withHeader("Content-Type", "text/plain").withBody("upstream trouble"));
				SrsrRequestRejectedException ex = endpoint.fails(client(), SrsrRequestRejectedException.class);
				assertThat(ex.getStatusCode()).isEqualTo(status);
				assertThat(ex.getMessage()).contains(String.valueOf(status));
				assertActionable(ex, endpoint);
			}
		}

		@Test
		void serverErrorWithEmptyBodyIsRejected() {
			stub("/heartbeat", aResponse().withStatus(503));
			SrsrRequestRejectedException ex = Endpoint.HEARTBEAT.fails(client(), SrsrRequestRejectedException.class);
			assertThat(ex.getStatusCode()).isEqualTo(503);
			assertThat(ex.getMessage()).contains("empty body");
		}

		@ParameterizedTest
		@EnumSource(Endpoint.class)
		void htmlPageWithStatus200IsInvalid(Endpoint endpoint) {
			stub(endpoint.path, aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody(HTML_ERROR_PAGE));
			SrsrInvalidResponseException ex = endpoint.fails(client(), SrsrInvalidResponseException.class);
			assertThat(ex.getMessage()).contains("JSON object").contains("<html>");
			assertActionable(ex, endpoint);
		}

		@ParameterizedTest
		@EnumSource(Endpoint.class)
		void htmlPageWithStatus502IsRejected(Endpoint endpoint) {
			stub(endpoint.path, aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody(HTML_ERROR_PAGE));
			SrsrRequestRejectedException ex = endpoint.fails(client(), SrsrRequestRejectedException.class);
			assertThat(ex.getStatusCode()).isEqualTo(502);
			assertThat(ex.getRegistryMessage()).contains("502 Bad Gateway").doesNotContain("\n");
			assertActionable(ex, endpoint);
		}

		@ParameterizedTest
		@EnumSource(Endpoint.class)
		void invalidJsonIsInvalid(Endpoint endpoint) {
			stub(endpoint.path, serverJson(200, "{\"success\": tru"));
			assertActionable(endpoint.fails(client(), SrsrInvalidResponseException.class), endpoint);
		}

		@ParameterizedTest
		@ValueSource(strings = { "{\"success\": true} x", "{\"success\": true}{\"success\": true}",
				"{\"success\": true}]", "{\"success\": true, \"padding\": [1, {\"a\": " })
		void anythingAfterOrMissingFromTheObjectMakesItInvalid(String answer) {
			stub("/heartbeat", serverJson(200, answer));
			SrsrInvalidResponseException ex = Endpoint.HEARTBEAT.fails(client(), SrsrInvalidResponseException.class);
			assertThat(ex.getMessage()).contains("JSON object");
			assertActionable(ex, Endpoint.HEARTBEAT);
		}

		@Test
		void deeplyNestedAnswerIsInvalidRatherThanExhaustingTheStack() {
			stub("/heartbeat", serverJson(200, "{\"success\": true, \"padding\": " + "[".repeat(30_000)
					+ "]".repeat(30_000) + "}"));
			assertActionable(Endpoint.HEARTBEAT.fails(client(), SrsrInvalidResponseException.class), Endpoint.HEARTBEAT);
		}

		@Test
		void valuesOfEveryKindBesideTheFieldsReadAreIgnored() {
			stub("/lookup", serverJson(200, "{\"n\": [1, -2, 12345678901, 123456789012345678901234567890, 1.5e3, -0.25],"
					+ " \"b\": [true, false, null], \"o\": {\"nested\": {\"deeper\": [\"x\"]}}, \"s\": \"\\u00e9\\n\","
					+ " \"success\": true, \"address\": \"http://10.0.0.5:8080\"}"));
			assertThat(client().lookup("svc")).contains(URI.create("http://10.0.0.5:8080"));
		}

		@Test
		void theLastOfDuplicateFieldsCounts() {
			stub("/lookup", serverJson(200, "{\"success\": false, \"address\": \"http://10.0.0.1:1\","
					+ " \"success\": true, \"address\": \"http://10.0.0.5:8080\"}"));
			assertThat(client().lookup("svc")).contains(URI.create("http://10.0.0.5:8080"));
			stub("/heartbeat", serverJson(200, "{\"success\": true, \"success\": false}"));
			assertThat(client().heartbeat(ID)).isFalse();
		}

		@Test
		void theInvalidAnswerIsQuotedInTheMessage() {
			stub("/register", serverJson(200, "{\"success\": true, \"id\": 42, \"tags\": [\"a\", 1.5, null]}"));
			SrsrInvalidResponseException ex = Endpoint.REGISTER.fails(client(), SrsrInvalidResponseException.class);
			assertThat(ex.getMessage()).contains("{\"success\":true,\"id\":42,\"tags\":[\"a\",1.5,null]}");
		}

		@ParameterizedTest
		@EnumSource(Endpoint.class)
		void jsonArrayIsInvalid(Endpoint endpoint) {
			stub(endpoint.path, serverJson(200, "[{\"id\": \"" + ID + "\", \"success\": true}]"));
			SrsrInvalidResponseException ex = endpoint.fails(client(), SrsrInvalidResponseException.class);
			assertThat(ex.getMessage()).contains("JSON object");
			assertActionable(ex, endpoint);
		}

		@ParameterizedTest
		@ValueSource(strings = { "null", "true", "\"success\"", "42" })
		void jsonScalarIsInvalid(String answer) {
			stub("/heartbeat", serverJson(200, answer));
			assertActionable(Endpoint.HEARTBEAT.fails(client(), SrsrInvalidResponseException.class), Endpoint.HEARTBEAT);
		}

		@ParameterizedTest
		@EnumSource(Endpoint.class)
		void emptyBodyWithStatus200IsInvalid(Endpoint endpoint) {
			stub(endpoint.path, aResponse().withStatus(200).withHeader("Content-Type", SERVER_JSON));
			SrsrInvalidResponseException ex = endpoint.fails(client(), SrsrInvalidResponseException.class);
			assertThat(ex.getMessage()).contains("empty body");
			assertActionable(ex, endpoint);
		}

		@Test
		void noContentIsInvalid() {
			stub("/heartbeat", aResponse().withStatus(204));
			assertActionable(Endpoint.HEARTBEAT.fails(client(), SrsrInvalidResponseException.class), Endpoint.HEARTBEAT);
		}

		@ParameterizedTest
		@EnumSource(Endpoint.class)
		void connectionResetIsUnreachable(Endpoint endpoint) {
			stub(endpoint.path, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
			assertActionable(endpoint.fails(client(), SrsrRegistryUnreachableException.class), endpoint);
		}

		@Test
		void connectionClosedWithoutAnswerIsUnreachable() {
			stub("/heartbeat", aResponse().withFault(Fault.EMPTY_RESPONSE));
			assertActionable(Endpoint.HEARTBEAT.fails(client(), SrsrRegistryUnreachableException.class),
					Endpoint.HEARTBEAT);
		}

		@ParameterizedTest
		@EnumSource(value = Fault.class, names = { "MALFORMED_RESPONSE_CHUNK", "RANDOM_DATA_THEN_CLOSE" })
		void garbledAnswerFailsWithSrsrClientException(Fault fault) {
			stub("/heartbeat", aResponse().withStatus(200).withFault(fault));
			assertActionable(Endpoint.HEARTBEAT.fails(client(), SrsrClientException.class), Endpoint.HEARTBEAT);
		}

		@ParameterizedTest
		@EnumSource(Endpoint.class)
		void answerSlowerThanReadTimeoutIsUnreachableWithinBound(Endpoint endpoint) {
			stub(endpoint.path, serverJson(200, endpoint.successAnswer).withFixedDelay(5_000));
			RestClientSrsrClient client = stallingClient(baseUrl());
			SrsrRegistryUnreachableException ex = assertTimeoutPreemptively(CALL_BOUND,
					() -> endpoint.fails(client, SrsrRegistryUnreachableException.class));
			assertThat(ex.getMessage()).contains("read timeout");
			assertActionable(ex, endpoint);
		}

		@Test
		void answerOfExactlyMaxSizeIsRead() {
			String answer = "{\"success\": true}";
			String padded = answer + " ".repeat(RestClientSrsrClient.MAX_ANSWER_BYTES - answer.length());
			assertThat(padded.getBytes(StandardCharsets.UTF_8)).hasSize(RestClientSrsrClient.MAX_ANSWER_BYTES);
			stub("/heartbeat", serverJson(200, padded));
			assertThat(client().heartbeat(ID)).isTrue();
		}

		@Test
		void answerOneByteLargerThanMaxSizeIsInvalid() {
			String answer = "{\"success\": true}";
			String padded = answer + " ".repeat(RestClientSrsrClient.MAX_ANSWER_BYTES + 1 - answer.length());
			stub("/heartbeat", serverJson(200, padded));
			SrsrInvalidResponseException ex = Endpoint.HEARTBEAT.fails(client(), SrsrInvalidResponseException.class);
			assertThat(ex.getMessage()).contains("larger than 64 KiB");
			assertActionable(ex, Endpoint.HEARTBEAT);
		}

		@ParameterizedTest
		@EnumSource(Endpoint.class)
		void answerLargerThan64KibIsInvalid(Endpoint endpoint) {
			stub(endpoint.path, serverJson(200, "{\"padding\": \"" + "x".repeat(100 * 1024) + "\"}"));
			SrsrInvalidResponseException ex = endpoint.fails(client(), SrsrInvalidResponseException.class);
			assertThat(ex.getMessage()).contains("larger than 64 KiB");
			assertActionable(ex, endpoint);
		}

		@Test
		void errorAnswerLargerThan64KibIsRejectedWithItsStatus() {
			stub("/heartbeat", aResponse().withStatus(500).withHeader("Content-Type", "text/html")
				.withBody("<html>" + "x".repeat(100 * 1024) + "</html>"));
			SrsrRequestRejectedException ex = Endpoint.HEARTBEAT.fails(client(), SrsrRequestRejectedException.class);
			assertThat(ex.getStatusCode()).isEqualTo(500);
			assertThat(ex.getMessage()).contains("with status 500: <html>xxx").endsWith("...");
		}

		@Test
		void hugeAnswerFailsFastWithSizeMessage() {
			byte[] tenMib = new byte[10 * 1024 * 1024];
			Arrays.fill(tenMib, (byte) 'x');
			stub("/lookup", aResponse().withStatus(200).withHeader("Content-Type", SERVER_JSON).withBody(tenMib));
			// A patient client: the answer must be refused for its size, not cut off by the timeout.
			RestClientSrsrClient client = client(baseUrl(), Duration.ofSeconds(5));
			SrsrInvalidResponseException ex = assertTimeoutPreemptively(CALL_BOUND,
					() -> Endpoint.LOOKUP.fails(client, SrsrInvalidResponseException.class));
			assertThat(ex.getMessage()).contains("larger than 64 KiB");
			assertActionable(ex, Endpoint.LOOKUP);
		}

		@Test
		void hugeCompressedAnswerIsRefusedWithoutBeingDecompressed() throws IOException {
			// 10 MiB that compress to about 10 KiB, sent compressed although the client never asks
			// for compression: refused as an unusable answer, never inflated.
			byte[] tenMib = new byte[10 * 1024 * 1024];
			Arrays.fill(tenMib, (byte) 'x');
			stub("/lookup", aResponse().withStatus(200)
				.withHeader("Content-Type", SERVER_JSON)
				.withHeader("Content-Encoding", "gzip")
				.withBody(gzip(tenMib)));
			RestClientSrsrClient client = client(baseUrl(), Duration.ofSeconds(5));
			SrsrInvalidResponseException ex = assertTimeoutPreemptively(CALL_BOUND,
					() -> Endpoint.LOOKUP.fails(client, SrsrInvalidResponseException.class));
			assertThat(ex.getMessage()).contains("something other than a JSON object");
		}

		@Test
		void hugeAnswerIsAbandonedOnceFirst64KibArrived() {
			assertHugeAnswerAbandonedWithinReadTimeout((readTimeout) -> client(baseUrl(), readTimeout));
		}

		/**
		 * The same on Spring's default HTTP stack (the JDK's {@link HttpClient}), whose answer,
		 * when closed, reads its body to the end first: the client closes the body itself.
		 */
		@Test
		void hugeAnswerIsAbandonedOnceFirst64KibArrivedOnTheJdksHttpClientToo() {
			assertHugeAnswerAbandonedWithinReadTimeout((readTimeout) -> {
				JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.connectTimeout(CONNECT_TIMEOUT)
					.build());
				requestFactory.setReadTimeout(readTimeout);
				return new RestClientSrsrClient(RegistryUrl.of(baseUrl()),
						RestClient.builder().requestFactory(requestFactory));
			});
		}

		// 3.75 MiB in 40 chunks of 96 KiB, one every 250 ms: more than 64 KiB after about 250 ms,
		// the whole body after 10 s. The read timeout (5 s) lies between, with seconds of margin on
		// either side for a busy machine. A body of a few MiB keeps the stub server's own work small
		// beside the bound (12.5 MiB once took it past).
		private void assertHugeAnswerAbandonedWithinReadTimeout(Function<Duration, RestClientSrsrClient> clientWith) {
			byte[] body = new byte[40 * 96 * 1024];
			Arrays.fill(body, (byte) 'x');
			stub("/lookup", aResponse().withStatus(200)
				.withHeader("Content-Type", SERVER_JSON)
				.withBody(body)
				.withChunkedDribbleDelay(40, 10_000));
			Duration readTimeout = Duration.ofSeconds(5);
			RestClientSrsrClient client = clientWith.apply(readTimeout);
			long start = System.nanoTime();
			SrsrInvalidResponseException ex = assertTimeoutPreemptively(Duration.ofSeconds(15),
					() -> Endpoint.LOOKUP.fails(client, SrsrInvalidResponseException.class));
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			assertThat(ex.getMessage()).contains("larger than 64 KiB");
			// Neither reading the rest of the body nor waiting for the read timeout to end it.
			assertThat(elapsed).as("time to refuse an answer of more than 64 KiB").isLessThan(readTimeout);
		}

		@Test
		void answerStallingMidBodyIsUnreachableWithinBound() {
			String answer = "{\"success\": true, \"padding\": \"" + "x".repeat(20_000) + "\"}";
			// 50 chunks, one every 100 ms: the body takes 5 s, far past the read timeout.
			stub("/heartbeat", serverJson(200, answer).withChunkedDribbleDelay(50, 5_000));
			RestClientSrsrClient client = stallingClient(baseUrl());
			SrsrRegistryUnreachableException ex = assertTimeoutPreemptively(CALL_BOUND,
					() -> Endpoint.HEARTBEAT.fails(client, SrsrRegistryUnreachableException.class));
			assertActionable(ex, Endpoint.HEARTBEAT);
		}

		@Test
		void compressionIsNeverRequested() {
			stub("/lookup", serverJson(200, "{\"success\": true, \"address\": \"http://10.0.0.5:8080\"}"));
			assertThat(client().lookup("svc")).contains(URI.create("http://10.0.0.5:8080"));
			wireMock.verify(postRequestedFor(urlEqualTo("/lookup")).withoutHeader("Accept-Encoding"));
		}

		@Test
		void unrequestedCompressedAnswerIsInvalid() throws IOException {
			stub("/lookup", aResponse().withStatus(200)
				.withHeader("Content-Type", SERVER_JSON)
				.withHeader("Content-Encoding", "gzip")
				.withBody(gzip("{\"success\": true, \"address\": \"http://10.0.0.5:8080\"}".getBytes(StandardCharsets.UTF_8))));
			Endpoint.LOOKUP.fails(client(), SrsrInvalidResponseException.class);
		}

		@Test
		void compressionBombFailsWithSrsrClientException() throws IOException {
			// 4 MiB on the wire and 4 GiB once decompressed (4000 gzip members of 1 MiB of zeros).
			// When the client still asked for gzip, the read timeout closed the stream while it was
			// being inflated and the JDK's inflater threw a raw NullPointerException, in most of
			// several attempts. The client no longer asks for compression nor inflates answers.
			byte[] member = gzip(new byte[1024 * 1024]);
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			for (int i = 0; i < 4000; i++) {
				answer.write(member);
			}
			stub("/lookup", aResponse().withStatus(200)
				.withHeader("Content-Type", SERVER_JSON)
				.withHeader("Content-Encoding", "gzip")
				.withBody(answer.toByteArray()));
			for (int attempt = 1; attempt <= 5; attempt++) {
				RestClientSrsrClient client = client(baseUrl(), Duration.ofMillis(300));
				Throwable thrown = assertTimeoutPreemptively(CALL_BOUND, () -> catchThrowable(() -> client.lookup("svc")));
				assertThat(thrown).as("attempt %d", attempt).isInstanceOf(SrsrClientException.class);
			}
		}

		@ParameterizedTest
		@ValueSource(ints = { 301, 302, 303, 307, 308 })
		void redirectIsInvalidAndNotFollowed(int status) {
			String target = baseUrl() + "/moved/register";
			stub("/register", aResponse().withStatus(status).withHeader("Location", target));
			stub("/moved/register", registered());
			SrsrInvalidResponseException ex = Endpoint.REGISTER.fails(client(), SrsrInvalidResponseException.class);
			assertThat(ex.getMessage()).contains("redirect").contains(String.valueOf(status)).contains(target);
			assertActionable(ex, Endpoint.REGISTER);
			assertThat(wireMock.getAllServeEvents()).hasSize(1);
			wireMock.verify(1, postRequestedFor(urlEqualTo("/register")));
			wireMock.verify(0, anyRequestedFor(urlEqualTo("/moved/register")));
		}

		@Test
		void redirectWithoutLocationIsInvalid() {
			stub("/heartbeat", aResponse().withStatus(302));
			SrsrInvalidResponseException ex = Endpoint.HEARTBEAT.fails(client(), SrsrInvalidResponseException.class);
			assertThat(ex.getMessage()).contains("redirect").contains("302");
		}

		@ParameterizedTest
		@EnumSource(Endpoint.class)
		void connectionRefusedIsUnreachable(Endpoint endpoint) throws IOException {
			String url = "http://localhost:" + freePort();
			SrsrRegistryUnreachableException ex = assertTimeoutPreemptively(CALL_BOUND,
					() -> endpoint.fails(client(url), SrsrRegistryUnreachableException.class));
			assertThat(ex.getMessage()).contains("connection refused").contains("POST " + endpoint.path).contains(url);
		}

		@Test
		void answerThatIsNotHttpIsInvalidAndQuoted() throws Exception {
			try (ServerSocket server = new ServerSocket(0)) {
				Thread answering = new Thread(() -> answerOnce(server, "SSH-2.0-OpenSSH_9.6\r\n"), "not-http");
				answering.start();
				String url = "http://localhost:" + server.getLocalPort();
				SrsrInvalidResponseException ex = assertTimeoutPreemptively(CALL_BOUND,
						() -> Endpoint.HEARTBEAT.fails(client(url), SrsrInvalidResponseException.class));
				assertThat(ex.getMessage()).isEqualTo("srsr registry " + url
						+ " answered POST /heartbeat with malformed HTTP (not an HTTP answer: 'SSH-2.0-OpenSSH_9.6')");
				answering.join(CALL_BOUND.toMillis());
			}
		}

		/**
		 * Write an answer to the first connection, then read until the client closes it (so that
		 * the client reads the answer rather than a reset).
		 */
		private static void answerOnce(ServerSocket server, String answer) {
			try (Socket socket = server.accept()) {
				socket.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().flush();
				socket.shutdownOutput();
				socket.getInputStream().transferTo(OutputStream.nullOutputStream());
			}
			catch (IOException ex) {
				// The client closed the connection: nothing left to do.
			}
		}

		@Test
		void builderThatCannotBeSuppliedFailsTheCallAndIsAskedAgainAtTheNext() {
			stub("/heartbeat", serverJson(200, "{\"success\": true}"));
			AtomicInteger asked = new AtomicInteger();
			RestClientSrsrClient client = new RestClientSrsrClient(RegistryUrl.of(baseUrl()), () -> {
				if (asked.incrementAndGet() == 1) {
					throw new IllegalStateException("no HTTP client yet");
				}
				return SrsrRestClientBuilders.create(CONNECT_TIMEOUT, ANSWER_READ_TIMEOUT);
			}, () -> ObservationRegistry.NOOP);
			SrsrRegistryUnreachableException ex = Endpoint.HEARTBEAT.fails(client, SrsrRegistryUnreachableException.class);
			assertThat(ex.getMessage()).isEqualTo(
					"POST /heartbeat to srsr registry " + baseUrl() + " failed: IllegalStateException (no HTTP client yet)");
			assertNoRequest();
			assertThat(client.heartbeat(ID)).isTrue();
			assertThat(asked).hasValue(2);
		}

	}

	// ---------------------------------------------------------------- credentials

	@Nested
	class Credentials {

		private static final String PASSWORD = "s3cret";

		private String urlWithCredentials() {
			return "http://user:" + PASSWORD + "@localhost:" + wireMock.port();
		}

		private String maskedUrl() {
			return "http://user:******@localhost:" + wireMock.port();
		}

		@Test
		void sendsBasicAuthenticationFromUserInfo() {
			stub("/heartbeat", serverJson(200, "{\"success\": true}"));
			assertThat(client(urlWithCredentials()).heartbeat(ID)).isTrue();
			wireMock.verify(1, postRequestedFor(urlEqualTo("/heartbeat")).withHeader("Authorization",
					equalTo(basic("user:s3cret"))));
		}

		@Test
		void sendsBasicAuthenticationOnEveryEndpoint() {
			for (Endpoint endpoint : Endpoint.values()) {
				stub(endpoint.path, serverJson(200, endpoint.successAnswer));
				endpoint.call.apply(client(urlWithCredentials()));
			}
			wireMock.verify(4, postRequestedFor(anyUrl()).withHeader("Authorization", equalTo(basic("user:s3cret"))));
		}

		@Test
		void sendsDecodedPasswordInBasicAuthentication() {
			stub("/heartbeat", serverJson(200, "{\"success\": true}"));
			client("http://user:p%40ss@localhost:" + wireMock.port()).heartbeat(ID);
			wireMock.verify(1, postRequestedFor(urlEqualTo("/heartbeat")).withHeader("Authorization",
					equalTo(basic("user:p@ss"))));
		}

		@Test
		void sendsNoAuthorizationWithoutUserInfo() {
			stub("/heartbeat", serverJson(200, "{\"success\": true}"));
			client().heartbeat(ID);
			wireMock.verify(1, postRequestedFor(urlEqualTo("/heartbeat")).withHeader("Authorization", absent()));
		}

		@Test
		void requestLineNeverCarriesUserInfo() {
			stub("/heartbeat", serverJson(200, "{\"success\": true}"));
			client(urlWithCredentials()).heartbeat(ID);
			LoggedRequest request = wireMock.getAllServeEvents().get(0).getRequest();
			assertThat(request.getAbsoluteUrl()).doesNotContain(PASSWORD);
		}

		@Test
		void rejectionMessageHidesPassword() {
			stub("/register", serverJson(400, "{\"error\": \"name is required\"}"));
			assertHidesPassword(Endpoint.REGISTER.fails(client(urlWithCredentials()), SrsrRequestRejectedException.class));
		}

		@Test
		void htmlRejectionMessageHidesPassword() {
			stub("/heartbeat", aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody(HTML_ERROR_PAGE));
			assertHidesPassword(Endpoint.HEARTBEAT.fails(client(urlWithCredentials()), SrsrRequestRejectedException.class));
		}

		@Test
		void invalidResponseMessageHidesPassword() {
			stub("/lookup", serverJson(200, "{\"success\": tru"));
			assertHidesPassword(Endpoint.LOOKUP.fails(client(urlWithCredentials()), SrsrInvalidResponseException.class));
		}

		@Test
		void redirectMessageHidesPassword() {
			stub("/register", aResponse().withStatus(302).withHeader("Location", "http://elsewhere/register"));
			assertHidesPassword(Endpoint.REGISTER.fails(client(urlWithCredentials()), SrsrInvalidResponseException.class));
		}

		@Test
		void connectionResetMessageHidesPassword() {
			stub("/deregister", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
			assertHidesPassword(
					Endpoint.DEREGISTER.fails(client(urlWithCredentials()), SrsrRegistryUnreachableException.class));
		}

		@Test
		void readTimeoutMessageHidesPassword() {
			stub("/heartbeat", serverJson(200, "{\"success\": true}").withFixedDelay(5_000));
			RestClientSrsrClient client = stallingClient(urlWithCredentials());
			assertHidesPassword(assertTimeoutPreemptively(CALL_BOUND,
					() -> Endpoint.HEARTBEAT.fails(client, SrsrRegistryUnreachableException.class)));
		}

		@Test
		void connectionRefusedMessageHidesPassword() throws IOException {
			int port = freePort();
			SrsrRegistryUnreachableException ex = Endpoint.HEARTBEAT
				.fails(client("http://user:" + PASSWORD + "@localhost:" + port), SrsrRegistryUnreachableException.class);
			assertThat(ex.getMessage()).contains("http://user:******@localhost:" + port);
			assertNoSecretInChain(ex);
		}

		@Test
		void clientShowsMaskedRegistryUrl() {
			assertThat(client(urlWithCredentials()).getRegistryUrl()).hasToString(maskedUrl());
		}

		private void assertHidesPassword(SrsrClientException ex) {
			assertThat(ex.getMessage()).contains(maskedUrl()).contains("******");
			assertNoSecretInChain(ex);
		}

		private void assertNoSecretInChain(Throwable ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				assertThat(String.valueOf(cause.getMessage())).doesNotContain(PASSWORD)
					.doesNotContain(basic("user:s3cret").substring("Basic ".length()));
				assertThat(cause.toString()).doesNotContain(PASSWORD);
			}
		}

		private String basic(String credentials) {
			return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
		}

	}

	// ---------------------------------------------------------------- a token as the password of an empty user name

	/**
	 * {@code http://:TOKEN@host:4214}: what a proxy that checks a bearer-like token in basic
	 * authentication expects, an empty user name and the token as the password.
	 */
	@Nested
	class TokenWithEmptyUserName {

		private static final String TOKEN = "t0k3n-4f9c";

		private String urlWithToken() {
			return "http://:" + TOKEN + "@localhost:" + wireMock.port();
		}

		private String maskedUrl() {
			return "http://:******@localhost:" + wireMock.port();
		}

		@Test
		void sendsBasicAuthenticationWithEmptyUserAndTokenAsPassword() {
			stub("/heartbeat", serverJson(200, "{\"success\": true}"));
			assertThat(client(urlWithToken()).heartbeat(ID)).isTrue();
			String authorization = wireMock.getAllServeEvents().get(0).getRequest().getHeader("Authorization");
			assertThat(authorization).startsWith("Basic ");
			String credentials = new String(Base64.getDecoder().decode(authorization.substring("Basic ".length())),
					StandardCharsets.UTF_8);
			assertThat(credentials).isEqualTo(":" + TOKEN);
		}

		@Test
		void sendsTheSameAuthenticationOnEveryEndpoint() {
			for (Endpoint endpoint : Endpoint.values()) {
				stub(endpoint.path, serverJson(200, endpoint.successAnswer));
				endpoint.call.apply(client(urlWithToken()));
			}
			wireMock.verify(4, postRequestedFor(anyUrl()).withHeader("Authorization", equalTo(basicToken())));
		}

		@Test
		void requestLineNeverCarriesToken() {
			stub("/heartbeat", serverJson(200, "{\"success\": true}"));
			client(urlWithToken()).heartbeat(ID);
			assertThat(wireMock.getAllServeEvents().get(0).getRequest().getAbsoluteUrl()).doesNotContain(TOKEN);
		}

		@Test
		void clientShowsMaskedRegistryUrl() {
			RegistryUrl registryUrl = client(urlWithToken()).getRegistryUrl();
			assertThat(registryUrl).hasToString(maskedUrl());
			assertThat(registryUrl.toString()).doesNotContain(TOKEN);
		}

		@Test
		void rejectionMessageHidesToken() {
			stub("/register", serverJson(400, "{\"error\": \"name is required\"}"));
			assertHidesToken(Endpoint.REGISTER.fails(client(urlWithToken()), SrsrRequestRejectedException.class));
		}

		@Test
		void invalidResponseMessageHidesToken() {
			stub("/lookup", serverJson(200, "{\"success\": tru"));
			assertHidesToken(Endpoint.LOOKUP.fails(client(urlWithToken()), SrsrInvalidResponseException.class));
		}

		@Test
		void connectionResetMessageHidesToken() {
			stub("/deregister", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
			assertHidesToken(Endpoint.DEREGISTER.fails(client(urlWithToken()), SrsrRegistryUnreachableException.class));
		}

		@Test
		void readTimeoutMessageHidesToken() {
			stub("/heartbeat", serverJson(200, "{\"success\": true}").withFixedDelay(5_000));
			RestClientSrsrClient client = stallingClient(urlWithToken());
			assertHidesToken(assertTimeoutPreemptively(CALL_BOUND,
					() -> Endpoint.HEARTBEAT.fails(client, SrsrRegistryUnreachableException.class)));
		}

		@Test
		void connectionRefusedMessageHidesToken() throws IOException {
			int port = freePort();
			SrsrRegistryUnreachableException ex = Endpoint.HEARTBEAT
				.fails(client("http://:" + TOKEN + "@localhost:" + port), SrsrRegistryUnreachableException.class);
			assertThat(ex.getMessage()).contains("connection refused").contains("http://:******@localhost:" + port);
			assertNoTokenInChain(ex);
		}

		private void assertHidesToken(SrsrClientException ex) {
			assertThat(ex.getMessage()).contains(maskedUrl());
			assertNoTokenInChain(ex);
		}

		private void assertNoTokenInChain(Throwable ex) {
			String encoded = basicToken().substring("Basic ".length());
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				assertThat(String.valueOf(cause.getMessage())).doesNotContain(TOKEN).doesNotContain(encoded);
				assertThat(cause.toString()).doesNotContain(TOKEN);
			}
		}

		private String basicToken() {
			return "Basic " + Base64.getEncoder().encodeToString((":" + TOKEN).getBytes(StandardCharsets.UTF_8));
		}

	}

	// ---------------------------------------------------------------- observations

	/**
	 * Every call is observed as {@value RestClientSrsrClient#OBSERVATION_NAME}, which Micrometer
	 * turns into a timer tagged with the registry, the operation and its outcome.
	 */
	@Nested
	class Observations {

		private final MeterRegistry meters = new SimpleMeterRegistry();

		private RestClientSrsrClient observedClient() {
			ObservationRegistry observations = ObservationRegistry.create();
			observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.meters));
			return new RestClientSrsrClient(RegistryUrl.of(baseUrl()),
					SrsrRestClientBuilders.create(CONNECT_TIMEOUT, ANSWER_READ_TIMEOUT), () -> observations);
		}

		@Test
		void successfulCallsAreTimedAsSuccess() {
			stub("/register", registered());
			stub("/heartbeat", serverJson(200, "{\"success\": true}"));
			stub("/deregister", serverJson(200, "{\"success\": true}"));
			stub("/lookup", serverJson(200, "{\"success\": true, \"address\": \"http://10.0.0.5:8080\"}"));
			RestClientSrsrClient client = observedClient();
			for (Endpoint endpoint : Endpoint.values()) {
				endpoint.call.apply(client);
			}
			assertThat(calls("register", "success")).isEqualTo(1);
			assertThat(calls("heartbeat", "success")).isEqualTo(1);
			assertThat(calls("deregister", "success")).isEqualTo(1);
			assertThat(calls("lookup", "success")).isEqualTo(1);
			assertThat(this.meters.get(RestClientSrsrClient.OBSERVATION_NAME).timers()).hasSize(4);
		}

		@Test
		void callsForAnUnknownInstanceAreTimedAsUnknownInstance() {
			stub("/heartbeat", serverJson(200, "{\"success\": false}"));
			stub("/deregister", serverJson(200, "{\"success\": false}"));
			RestClientSrsrClient client = observedClient();
			client.heartbeat(ID);
			client.deregister(ID);
			assertThat(calls("heartbeat", "unknown-instance")).isEqualTo(1);
			assertThat(calls("deregister", "unknown-instance")).isEqualTo(1);
			assertThat(this.meters.get(RestClientSrsrClient.OBSERVATION_NAME).timers()).hasSize(2);
		}

		@Test
		void lookupOfAnUnknownNameIsTimedAsNotFound() {
			stub("/lookup", serverJson(200, "{\"success\": false}"));
			observedClient().lookup("svc");
			assertThat(calls("lookup", "not-found")).isEqualTo(1);
			assertThat(this.meters.get(RestClientSrsrClient.OBSERVATION_NAME).timers()).hasSize(1);
		}

		@Test
		void failedCallsAreTimedAsError() {
			stub("/heartbeat", serverJson(500, "{\"error\": \"boom\"}"));
			stub("/register", serverJson(200, "{\"success\": true}"));
			RestClientSrsrClient client = observedClient();
			catchThrowable(() -> client.heartbeat(ID));
			catchThrowable(() -> client.register(new ServiceRegistrationRequest("svc", null, 8080)));
			assertThat(calls("heartbeat", "error")).isEqualTo(1);
			assertThat(calls("register", "error")).isEqualTo(1);
			assertThat(this.meters.get(RestClientSrsrClient.OBSERVATION_NAME).timers()).hasSize(2);
		}

		private long calls(String operation, String outcome) {
			Timer timer = this.meters.find(RestClientSrsrClient.OBSERVATION_NAME)
				.tags("registry", baseUrl(), "operation", operation, "outcome", outcome)
				.timer();
			return (timer != null) ? timer.count() : 0;
		}

	}

	// ---------------------------------------------------------------- helpers

	/**
	 * The four endpoints, with a call of each and the success answer of the real server.
	 */
	enum Endpoint {

		REGISTER("/register", (client) -> client.register(new ServiceRegistrationRequest("svc", "http://10.0.0.5:8080", null)),
				"{\"id\": \"" + ID + "\", \"success\": true}"),

		HEARTBEAT("/heartbeat", (client) -> client.heartbeat(ID), "{\"success\": true}"),

		DEREGISTER("/deregister", (client) -> client.deregister(ID), "{\"success\": true}"),

		LOOKUP("/lookup", (client) -> client.lookup("svc"), "{\"success\": true, \"address\": \"http://10.0.0.5:8080\"}");

		final String path;

		final Function<SrsrClient, Object> call;

		final String successAnswer;

		Endpoint(String path, Function<SrsrClient, Object> call, String successAnswer) {
			this.path = path;
			this.call = call;
			this.successAnswer = successAnswer;
		}

		<E extends SrsrClientException> E fails(SrsrClient client, Class<E> type) {
			E ex = catchThrowableOfType(type, () -> this.call.apply(client));
			assertThat(ex).as("%s of %s", type.getSimpleName(), this.path).isNotNull();
			return ex;
		}

	}

	private static String baseUrl() {
		return "http://localhost:" + wireMock.port();
	}

	private static RestClientSrsrClient client() {
		return client(baseUrl());
	}

	private static RestClientSrsrClient client(String url) {
		return client(url, ANSWER_READ_TIMEOUT);
	}

	private static RestClientSrsrClient stallingClient(String url) {
		return client(url, STALL_READ_TIMEOUT);
	}

	private static RestClientSrsrClient client(String url, Duration readTimeout) {
		// Built exactly as the auto-configuration builds it.
		return new RestClientSrsrClient(RegistryUrl.of(url), SrsrRestClientBuilders.create(CONNECT_TIMEOUT, readTimeout));
	}

	private static ResponseDefinitionBuilder serverJson(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", SERVER_JSON).withBody(body);
	}

	private static ResponseDefinitionBuilder registered() {
		return serverJson(200, "{\"id\": \"" + ID + "\", \"success\": true}");
	}

	private static void stub(String path, ResponseDefinitionBuilder answer) {
		wireMock.stubFor(post(urlEqualTo(path)).willReturn(answer));
	}

	/**
	 * The body of the one request the registry received, after checking it was a JSON POST to the path.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> singleRequestBody(String path) {
		List<LoggedRequest> requests = new ArrayList<>();
		wireMock.getAllServeEvents().forEach((event) -> requests.add(event.getRequest()));
		assertThat(requests).hasSize(1);
		LoggedRequest request = requests.get(0);
		assertThat(request.getMethod()).isEqualTo(RequestMethod.POST);
		assertThat(request.getUrl()).isEqualTo(path);
		assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
		return JSON.readValue(request.getBodyAsString(), Map.class);
	}

	private static void assertNoRequest() {
		assertThat(wireMock.getAllServeEvents()).isEmpty();
	}

	/**
	 * A person reading the message must learn which call failed and against which registry.
	 */
	private static void assertActionable(SrsrClientException ex, Endpoint endpoint) {
		assertThat(ex.getMessage()).contains("POST " + endpoint.path).contains(baseUrl());
	}

	private static byte[] gzip(byte[] content) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
			gzip.write(content);
		}
		return bytes.toByteArray();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
