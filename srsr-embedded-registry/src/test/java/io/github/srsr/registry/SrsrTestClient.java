package io.github.srsr.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client of a registry for tests: JDK {@link HttpClient}, HTTP/1.1, bounded timeouts.
 */
public final class SrsrTestClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final URI base;

	public SrsrTestClient(URI base) {
		this.base = base;
	}

	public Reply post(String path, String body, String... headers) {
		return send("POST", path, body, Duration.ofSeconds(5), headers);
	}

	public Reply send(String method, String path, String body, Duration timeout, String... headers) {
		try {
			return Reply.of(this.http.send(request(method, path, body, timeout, headers), BodyHandlers.ofString()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public HttpRequest request(String method, String path, String body, Duration timeout, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(this.base.resolve(path))
			.timeout(timeout)
			.method(method, (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody());
		if (headers.length > 0) {
			builder.headers(headers);
		}
		return builder.build();
	}

	public HttpClient http() {
		return this.http;
	}

	public String register(String name, String address) {
		Reply reply = post("/register", "{\"name\":\"" + name + "\",\"address\":\"" + address + "\"}");
		if (reply.status() != 200) {
			throw new IllegalStateException("register failed: " + reply);
		}
		return reply.json().get("id").stringValue();
	}

	public boolean heartbeat(String id) {
		return post("/heartbeat", "{\"id\":\"" + id + "\"}").json().get("success").booleanValue();
	}

	public boolean deregister(String id) {
		return post("/deregister", "{\"id\":\"" + id + "\"}").json().get("success").booleanValue();
	}

	public Reply lookup(String name) {
		return post("/lookup", "{\"name\":\"" + name + "\"}");
	}

	/**
	 * An answer of the registry.
	 *
	 * @param status the status code
	 * @param contentType the Content-Type, or {@code null}
	 * @param body the body text
	 * @param location the Location header, or {@code null}
	 */
	public record Reply(int status, String contentType, String body, String location) {

		static Reply of(HttpResponse<String> response) {
			return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
					response.body(), response.headers().firstValue("Location").orElse(null));
		}

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

}
