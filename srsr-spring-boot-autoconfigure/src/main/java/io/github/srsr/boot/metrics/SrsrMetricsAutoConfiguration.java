package io.github.srsr.boot.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import io.github.srsr.boot.autoconfigure.SrsrAutoConfiguration;
import io.github.srsr.boot.lookup.SrsrServiceLookup;
import io.github.srsr.boot.registration.SrsrRegistration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the srsr metrics when Micrometer is present. Every registry call of the starter's clients, the
 * {@code SrsrClient} bean included, is an observation ({@code srsr.registry.calls}), which
 * Micrometer records as a timer; {@code srsr.registrations} and {@code srsr.heartbeats} count
 * them by outcome, {@code srsr.registered} tells whether this application is registered, and
 * {@code srsr.discovery.lookups} counts the lookups of the instance sets.
 */
@AutoConfiguration(after = SrsrAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "srsr.enabled", matchIfMissing = true)
public final class SrsrMetricsAutoConfiguration {

	@Bean
	SrsrMeters srsrMeters(ObjectProvider<SrsrRegistration> srsrRegistration,
			ObjectProvider<SrsrServiceLookup> srsrServiceLookup) {
		return new SrsrMeters(srsrRegistration, srsrServiceLookup);
	}

}
