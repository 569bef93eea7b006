/**
 * The HTTP/1.1 transport of the registry's client: {@link SrsrRestClientBuilders} builds the
 * {@code RestClient.Builder} the starter talks to a registry with, on
 * {@link SrsrHttpRequestFactory}. Framing is {@link HttpAnswer}'s alone, connection ownership
 * (pool, deadlines, TLS layering) {@link HttpConnection}'s and {@link Wire}'s; nothing here
 * depends on the rest of the starter.
 */
@NullMarked
package io.github.srsr.client.http;

import org.jspecify.annotations.NullMarked;
