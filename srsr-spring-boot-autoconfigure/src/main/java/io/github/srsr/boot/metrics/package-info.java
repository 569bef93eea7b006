/**
 * Micrometer metrics of the srsr registration and registry calls.
 */
@NullMarked
package io.github.srsr.boot.metrics;

import org.jspecify.annotations.NullMarked;
