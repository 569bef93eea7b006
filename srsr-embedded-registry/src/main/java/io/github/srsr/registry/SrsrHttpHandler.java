package io.github.srsr.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.github.srsr.registry.SrsrEndpoints.HttpAnswer;

/**
 * The HTTP side of one running registry: reads each exchange, journals it, holds it while paused, lets
 * {@link SrsrEndpoints} answer it and writes the answer.
 */
final class SrsrHttpHandler implements HttpHandler {

	private final SrsrEndpoints endpoints;

	private final RequestJournal journal;

	private final PauseGate gate;

	SrsrHttpHandler(SrsrEndpoints endpoints, RequestJournal journal, PauseGate gate) {
		this.endpoints = endpoints;
		this.journal = journal;
		this.gate = gate;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			String method = exchange.getRequestMethod();
			String path = exchange.getRequestURI().getPath();
			Headers headers = exchange.getRequestHeaders();
			String clientIp = ClientIp.resolve(headers::get, remoteIp(exchange));
			this.journal.record(new RecordedRequest(Instant.now(), method, path, body, clientIp));
			if (!this.gate.awaitOpen()) {
				return;
			}
			HttpAnswer answer = this.endpoints.answer(method, path, exchange.getRequestURI().getRawQuery(), body,
					clientIp);
			write(exchange, answer, "HEAD".equals(method));
		}
	}

	private static String remoteIp(HttpExchange exchange) {
		InetSocketAddress remote = exchange.getRemoteAddress();
		return (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
	}

	private static void write(HttpExchange exchange, HttpAnswer answer, boolean head) throws IOException {
		Headers headers = exchange.getResponseHeaders();
		if (answer.contentType() != null) {
			headers.set("Content-Type", answer.contentType());
		}
		if (answer.location() != null) {
			headers.set("Location", answer.location());
		}
		byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
		if (head || body.length == 0) {
			if (head && body.length > 0) {
				headers.set("Content-Length", Integer.toString(body.length));
			}
			exchange.sendResponseHeaders(answer.status(), -1);
			return;
		}
		exchange.sendResponseHeaders(answer.status(), body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
