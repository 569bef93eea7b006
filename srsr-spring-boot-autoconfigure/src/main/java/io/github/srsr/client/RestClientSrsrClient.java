package io.github.srsr.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * {@link SrsrClient} on Spring's {@link RestClient}. Requests are sent exactly as the srsr
 * server expects them (JSON bodies, {@code port} as a string, absent keys omitted); answers are
 * read leniently where real registries differ ({@code success} as a boolean or as the string
 * {@code "true"}) and strictly where a wrong answer would corrupt the registration (a
 * registration without an id is a failure). At most {@value #MAX_ANSWER_BYTES} bytes of an answer
 * are read.
 * <p>
 * The {@link RestClient.Builder} passed in decides timeouts, TLS and redirects; this class sets
 * basic authentication when the registry URL carries user info, and gives every request its
 * absolute URI (so no base URL is set: parsing one would only cost start-up time).
 */
public class RestClientSrsrClient implements SrsrClient {

	/**
	 * The largest answer read, in bytes; a larger one is rejected without being read whole.
	 */
	public static final int MAX_ANSWER_BYTES = 64 * 1024;

	/**
	 * Name of the observation of every call, with the low-cardinality keys {@code registry} (the
	 * registry URL, credentials masked), {@code operation} (register, heartbeat, deregister,
	 * lookup) and {@code outcome} (success, unknown-instance, not-found, error); Micrometer turns
	 * it into a timer of that name.
	 */
	public static final String OBSERVATION_NAME = "srsr.registry.calls";

	private static final int MESSAGE_EXCERPT_LENGTH = 200;

	private final RegistryUrl registryUrl;

	private final SingletonSupplier<RestClient> restClient;

	private final Supplier<ObservationRegistry> observationRegistry;

	/** The registry URL as shown, credentials masked: the observations' {@code registry} key. */
	private final String registryName;

	/** Per path, the request URI: resolved once, not for every call. */
	private final Map<String, URI> uris;

	/**
	 * Create a client of the registry at the given URL, whose calls are not observed.
	 * @param registryUrl the registry's base URL
	 * @param restClientBuilder the builder to use, with its request factory already set; it is
	 * cloned, not changed
	 */
	public RestClientSrsrClient(RegistryUrl registryUrl, RestClient.Builder restClientBuilder) {
		this(registryUrl, restClientBuilder, () -> ObservationRegistry.NOOP);
	}

	/**
	 * Create a client of the registry at the given URL.
	 * @param registryUrl the registry's base URL
	 * @param restClientBuilder the builder to use, with its request factory already set; it is
	 * cloned, not changed
	 * @param observationRegistry supplies where every call is observed as
	 * {@value #OBSERVATION_NAME}; asked at each call, so that it can be looked up late
	 */
	public RestClientSrsrClient(RegistryUrl registryUrl, RestClient.Builder restClientBuilder,
			Supplier<ObservationRegistry> observationRegistry) {
		this(registryUrl, supplierOf(restClientBuilder), observationRegistry);
	}

	/**
	 * Create a client of the registry at the given URL whose {@link RestClient} is built at its
	 * first call, on the thread that makes it: an application then pays for the HTTP stack when
	 * it first talks to the registry (the first registration runs on the starter's thread once
	 * the application is ready) rather than on its main thread while it starts.
	 * @param registryUrl the registry's base URL
	 * @param restClientBuilder supplies the builder to use, with its request factory already
	 * set, at the first call (a failure to supply it fails that call, and the next call tries
	 * again); the builder is cloned, not changed
	 * @param observationRegistry supplies where every call is observed as
	 * {@value #OBSERVATION_NAME}; asked at each call, so that it can be looked up late
	 */
	public RestClientSrsrClient(RegistryUrl registryUrl, Supplier<RestClient.Builder> restClientBuilder,
			Supplier<ObservationRegistry> observationRegistry) {
		Assert.notNull(registryUrl, "'registryUrl' must not be null");
		Assert.notNull(restClientBuilder, "'restClientBuilder' must not be null");
		Assert.notNull(observationRegistry, "'observationRegistry' must not be null");
		this.registryUrl = registryUrl;
		this.observationRegistry = observationRegistry;
		this.registryName = registryUrl.toString();
		this.uris = Map.of("/register", endpoint("/register"), "/heartbeat", endpoint("/heartbeat"), "/deregister",
				endpoint("/deregister"), "/lookup", endpoint("/lookup"));
		this.restClient = SingletonSupplier.of(() -> build(restClientBuilder.get()));
	}

	private static Supplier<RestClient.Builder> supplierOf(RestClient.Builder restClientBuilder) {
		Assert.notNull(restClientBuilder, "'restClientBuilder' must not be null");
		RestClient.Builder builder = restClientBuilder.clone();
		return () -> builder;
	}

	private RestClient build(RestClient.Builder restClientBuilder) {
		RestClient.Builder builder = restClientBuilder.clone();
		if (this.registryUrl.hasCredentials()) {
			String password = this.registryUrl.getPassword();
			builder.defaultHeaders((headers) -> headers.setBasicAuth(this.registryUrl.getUsername(),
					(password != null) ? password : "", StandardCharsets.UTF_8));
		}
		return builder.build();
	}

	private URI endpoint(String path) {
		return URI.create(this.registryUrl.getUri() + path);
	}

	/**
	 * Return the URL of the registry this client talks to.
	 * @return the registry URL
	 */
	public RegistryUrl getRegistryUrl() {
		return this.registryUrl;
	}

	@Override
	public String register(ServiceRegistrationRequest request) {
		return observed("register", () -> doRegister(request), (id) -> "success");
	}

	private String doRegister(ServiceRegistrationRequest request) {
		// srsr rejects a JSON number as the port: it must be a string.
		JsonNode answer = post("/register", RequestBody.of("name", request.name(), "address", request.address(),
				"port", (request.port() != null) ? String.valueOf(request.port()) : null));
		Boolean success = successOf(answer);
		if (Boolean.FALSE.equals(success)) {
			throw invalid("/register", "declining the registration (success: false)", null);
		}
		JsonNode id = answer.get("id");
		if (id == null || !id.isString() || id.stringValue().isBlank()) {
			throw invalid("/register", "without an instance id: " + excerpt(answer.toString()), null);
		}
		return id.stringValue();
	}

	@Override
	public boolean heartbeat(String instanceId) {
		Assert.hasText(instanceId, "'instanceId' must not be empty");
		return observed("heartbeat", () -> requireSuccess("/heartbeat", post("/heartbeat", RequestBody.of("id", instanceId))),
				RestClientSrsrClient::known);
	}

	@Override
	public boolean deregister(String instanceId) {
		Assert.hasText(instanceId, "'instanceId' must not be empty");
		return observed("deregister",
				() -> requireSuccess("/deregister", post("/deregister", RequestBody.of("id", instanceId))),
				RestClientSrsrClient::known);
	}

	@Override
	public Optional<URI> lookup(String serviceName) {
		Assert.hasText(serviceName, "'serviceName' must not be empty");
		return observed("lookup", () -> doLookup(serviceName),
				(address) -> (address.isPresent()) ? "success" : "not-found");
	}

	private Optional<URI> doLookup(String serviceName) {
		JsonNode answer = post("/lookup", RequestBody.of("name", serviceName));
		if (!requireSuccess("/lookup", answer)) {
			return Optional.empty();
		}
		JsonNode address = answer.get("address");
		if (address == null || !address.isString() || address.stringValue().isBlank()) {
			throw invalid("/lookup", "success without an address: " + excerpt(answer.toString()), null);
		}
		try {
			return Optional.of(URI.create(address.stringValue()));
		}
		catch (IllegalArgumentException ex) {
			throw invalid("/lookup", "an address that is not a URI: " + excerpt(address.stringValue()), ex);
		}
	}

	private <T> T observed(String operation, Supplier<T> call, Function<T, String> outcome) {
		Observation observation = Observation.createNotStarted(OBSERVATION_NAME, this.observationRegistry.get())
			.contextualName("srsr " + operation)
			.lowCardinalityKeyValue("registry", this.registryName)
			.lowCardinalityKeyValue("operation", operation)
			.start();
		try {
			T result = call.get();
			observation.lowCardinalityKeyValue("outcome", outcome.apply(result));
			return result;
		}
		catch (RuntimeException ex) {
			observation.lowCardinalityKeyValue("outcome", "error");
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private static String known(boolean known) {
		return (known) ? "success" : "unknown-instance";
	}

	private JsonNode post(String path, byte[] json) {
		try {
			return this.restClient.obtain()
				.post()
				.uri(this.uris.get(path))
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.body(json)
				.exchange((request, response) -> readAnswer(path, response.getStatusCode(), response.getHeaders(),
						response.getBody()));
		}
		catch (ResourceAccessException ex) {
			ProtocolException malformed = malformedHttp(ex);
			if (malformed != null) {
				throw invalid(path, "with malformed HTTP (" + malformed.getMessage() + ")", ex);
			}
			throw unreachable(path, ex);
		}
		catch (SrsrClientException ex) {
			throw ex;
		}
		catch (RestClientException ex) {
			throw new SrsrRegistryUnreachableException(describe(path) + " failed: " + ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			// Whatever else the HTTP stack throws (seen: the JDK's inflater failing when the read
			// timeout closes a compressed answer): callers only ever get an SrsrClientException.
			throw new SrsrRegistryUnreachableException(describe(path) + " failed: " + reasonOf(ex), ex);
		}
	}

	private JsonNode readAnswer(String path, HttpStatusCode status, HttpHeaders headers, InputStream body)
			throws IOException {
		if (status.is3xxRedirection()) {
			String location = headers.getFirst(HttpHeaders.LOCATION);
			throw invalid(path, "with a redirect (" + status.value() + ((location != null)
					? " to " + location : "") + "); the registry URL must point at the registry itself", null);
		}
		byte[] bytes = body.readNBytes(MAX_ANSWER_BYTES + 1);
		boolean tooLarge = bytes.length > MAX_ANSWER_BYTES;
		if (tooLarge) {
			// Closing the stream first stops the download: closing the response would read it to the end.
			body.close();
		}
		int length = Math.min(bytes.length, MAX_ANSWER_BYTES);
		if (status.isError()) {
			String registryMessage = errorMessageOf(bytes, length);
			throw new SrsrRequestRejectedException(answered(path) + "with status " + status.value()
					+ ((registryMessage != null) ? ": " + registryMessage : " and an empty body"), status.value(),
					registryMessage);
		}
		if (!status.is2xxSuccessful()) {
			throw invalid(path, "with unexpected status " + status.value(), null);
		}
		if (tooLarge) {
			throw invalid(path, "with a body larger than " + (MAX_ANSWER_BYTES / 1024) + " KiB", null);
		}
		JsonNode answer = JsonTree.parse(bytes, length);
		if (answer == null || !answer.isObject()) {
			String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
			throw invalid(path, "with something other than a JSON object: "
					+ (text.isBlank() ? "an empty body" : excerpt(text)), null);
		}
		return answer;
	}

	private static @Nullable String errorMessageOf(byte[] bytes, int length) {
		String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
		if (text.isBlank()) {
			return null;
		}
		JsonNode json = JsonTree.parse(bytes, length);
		if (json != null && json.isObject() && json.get("error") != null) {
			JsonNode error = json.get("error");
			return excerpt(error.isString() ? error.stringValue() : error.toString());
		}
		return excerpt(text);
	}

	private boolean requireSuccess(String path, JsonNode answer) {
		Boolean success = successOf(answer);
		if (success == null) {
			throw invalid(path, "without a usable 'success' field: " + excerpt(answer.toString()), null);
		}
		return success;
	}

	/**
	 * The srsr server sends {@code success} as a JSON boolean, its README shows the strings
	 * {@code "true"}/{@code "false"}: accept both, nothing else.
	 */
	private static @Nullable Boolean successOf(JsonNode answer) {
		JsonNode success = answer.get("success");
		if (success == null) {
			return null;
		}
		if (success.isBoolean()) {
			return success.booleanValue();
		}
		if (success.isString()) {
			String value = success.stringValue().trim();
			if (value.equalsIgnoreCase("true")) {
				return true;
			}
			if (value.equalsIgnoreCase("false")) {
				return false;
			}
		}
		return null;
	}

	/**
	 * The HTTP client's report of an answer that is not HTTP as RFC 9112 frames it, if that is
	 * why the call failed: the registry answered, but wrongly.
	 */
	private static @Nullable ProtocolException malformedHttp(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ProtocolException protocol) {
				return protocol;
			}
		}
		return null;
	}

	private SrsrRegistryUnreachableException unreachable(String path, ResourceAccessException ex) {
		return new SrsrRegistryUnreachableException("srsr registry " + this.registryUrl + " did not answer POST " + path + ": " + reasonOf(ex)
				+ "; is the registry running and reachable at this address?", ex);
	}

	private String reasonOf(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			// A host name that does not resolve: an UnknownHostException, or an
			// UnresolvedAddressException without a message (a socket channel's; the JDK's HttpClient
			// wraps it in a ConnectException): not a refused connection.
			if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
				return "unknown host " + this.registryUrl.getUri().getHost();
			}
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpConnectTimeoutException) {
				return "connect timed out";
			}
			if (cause instanceof HttpTimeoutException) {
				return "no answer within the read timeout";
			}
			if (cause instanceof ConnectException) {
				return "connection refused";
			}
		}
		Throwable root = ex;
		boolean tls = false;
		while (root.getCause() != null) {
			tls = tls || root instanceof SSLException;
			root = root.getCause();
		}
		if (tls || root instanceof SSLException) {
			return "TLS handshake failed (" + root.getMessage() + "); is the registry's certificate trusted?";
		}
		String message = root.getMessage();
		return root.getClass().getSimpleName() + ((message != null) ? " (" + message + ")" : "");
	}

	private SrsrInvalidResponseException invalid(String path, String what, @Nullable Throwable cause) {
		return new SrsrInvalidResponseException(answered(path) + what, cause);
	}

	private String describe(String path) {
		return "POST " + path + " to srsr registry " + this.registryUrl;
	}

	private String answered(String path) {
		return "srsr registry " + this.registryUrl + " answered POST " + path + " ";
	}

	private static String excerpt(String text) {
		String oneLine = text.strip().replaceAll("\\s+", " ");
		return (oneLine.length() <= MESSAGE_EXCERPT_LENGTH) ? oneLine
				: oneLine.substring(0, MESSAGE_EXCERPT_LENGTH) + "...";
	}

}
