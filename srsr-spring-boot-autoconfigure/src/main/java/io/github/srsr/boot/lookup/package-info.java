/**
 * Finding other services through srsr: {@link io.github.srsr.boot.lookup.SrsrServiceLookup}, with
 * optional caching, retries on connection failures and a circuit breaker, and the live instance
 * sets of the names in use ({@link io.github.srsr.boot.lookup.SrsrInstanceSet}).
 */
@NullMarked
package io.github.srsr.boot.lookup;

import org.jspecify.annotations.NullMarked;
