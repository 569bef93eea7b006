package io.github.srsr.registry;

import java.time.Instant;

/**
 * One HTTP request received by an {@link EmbeddedSrsrRegistry}, whatever its method or path, recorded when it
 * arrived (before any {@linkplain EmbeddedSrsrRegistry#pause() pause} held it).
 *
 * @param time when the request was received
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the decoded request path, e.g. {@code /register}, without the query
 * @param body the request body decoded as UTF-8; empty when there was none
 * @param clientIp the caller's IP as the registry saw it (the way it builds a port-only address: from
 * {@code X-Forwarded-For} or {@code X-Real-IP} when they hold IPs, else the connection's remote address)
 */
public record RecordedRequest(Instant time, String method, String path, String body, String clientIp) {
}
