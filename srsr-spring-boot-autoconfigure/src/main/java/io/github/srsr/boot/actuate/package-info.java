/**
 * Actuator support for srsr: the {@code srsr} endpoint.
 */
@NullMarked
package io.github.srsr.boot.actuate;

import org.jspecify.annotations.NullMarked;
