/**
 * Health indicator of the srsr registration.
 */
@NullMarked
package io.github.srsr.boot.health;

import org.jspecify.annotations.NullMarked;
