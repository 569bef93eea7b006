/**
 * The registration of a Spring Boot application with srsr: lifecycle, status and events.
 */
@NullMarked
package io.github.srsr.boot;

import org.jspecify.annotations.NullMarked;
