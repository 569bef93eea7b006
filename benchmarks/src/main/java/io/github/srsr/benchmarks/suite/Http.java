package io.github.srsr.benchmarks.suite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The probes of the process-level measurements: plain JDK HTTP/1.1 calls on loopback with short timeouts.
 */
final class Http {

	private static final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofMillis(500))
		.build();

	private Http() {
	}

	/**
	 * GETs a URL.
	 * @param url the URL
	 * @return the status, or -1 when nothing answered
	 */
	static int status(String url) {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
			return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/**
	 * GETs a URL.
	 * @param url the URL
	 * @return the answer's body if the status was 200, otherwise {@code null}
	 */
	static String get(String url) {
		return bodyIfOk(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build());
	}

	/**
	 * POSTs JSON.
	 * @param url the URL
	 * @param json the body
	 * @return the answer's body if the status was 200, otherwise {@code null}
	 */
	static String post(String url, String json) {
		return bodyIfOk(HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(2))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	private static String bodyIfOk(HttpRequest request) {
		try {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? response.body() : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
