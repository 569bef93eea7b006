/**
 * The HTTP client of the srsr registry: its four endpoints, timeouts and error handling. No Spring Boot types.
 */
@NullMarked
package io.github.srsr.client;

import org.jspecify.annotations.NullMarked;
