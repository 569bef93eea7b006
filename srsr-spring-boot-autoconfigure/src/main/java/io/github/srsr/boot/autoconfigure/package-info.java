/**
 * Auto-configuration, configuration properties and failure analysis for srsr.
 */
@NullMarked
package io.github.srsr.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
