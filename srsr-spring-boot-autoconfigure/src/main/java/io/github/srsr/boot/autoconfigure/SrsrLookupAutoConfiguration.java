package io.github.srsr.boot.autoconfigure;

import io.github.srsr.boot.SrsrRegistries;
import io.github.srsr.boot.lookup.DefaultSrsrServiceLookup;
import io.github.srsr.boot.lookup.SrsrServiceLookup;
import io.github.srsr.client.SrsrClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * {@link SrsrServiceLookup}: finding other services through the registry, configured by
 * {@code srsr.lookup.*}. Active whenever there is a {@link SrsrClient}, with or without a service
 * name of this application's own. Several registries ({@code srsr.registry.url} with a list) are
 * asked in order.
 */
@AutoConfiguration(after = SrsrAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "srsr.enabled", matchIfMissing = true)
@ConditionalOnBean(SrsrClient.class)
public final class SrsrLookupAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(SrsrServiceLookup.class)
	DefaultSrsrServiceLookup srsrServiceLookup(SrsrClient srsrClient, ObjectProvider<SrsrRegistries> srsrRegistries,
			SrsrProperties srsrProperties) {
		SrsrProperties.Lookup properties = srsrProperties.getLookup();
		SrsrRegistries registries = srsrRegistries.getIfUnique();
		DefaultSrsrServiceLookup.Builder builder = (registries != null) ? DefaultSrsrServiceLookup.builder(registries)
				: DefaultSrsrServiceLookup.builder(srsrClient);
		SrsrProperties.Lookup.Retry retry = properties.getRetry();
		builder.cache(properties.getCacheTtl(), properties.getCacheMaxSize())
			.retry(DefaultSrsrServiceLookup.retryOnConnectionFailure(retry.getMaxRetries(),
					retry.getInitialInterval(), retry.getMultiplier(), retry.getMaxInterval()));
		SrsrProperties.Lookup.CircuitBreaker circuitBreaker = properties.getCircuitBreaker();
		if (circuitBreaker.isEnabled()) {
			builder.circuitBreaker(circuitBreaker.getFailureThreshold(), circuitBreaker.getCoolDown());
		}
		return builder.build();
	}

}
