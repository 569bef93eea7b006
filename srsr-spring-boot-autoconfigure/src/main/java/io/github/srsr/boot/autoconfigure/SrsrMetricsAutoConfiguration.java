package io.github.srsr.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import io.github.srsr.boot.SrsrRegistries;
import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.boot.SrsrRegistry;
import io.github.srsr.boot.metrics.MeteredSrsrClient;
import io.github.srsr.boot.metrics.SrsrRegistrationMeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * srsr metrics when Micrometer is present: the clients of every registry the starter calls
 * record their calls ({@link MeteredSrsrClient}), and {@code srsr.registered} tells whether this
 * application is registered.
 */
@AutoConfiguration(after = SrsrAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
public final class SrsrMetricsAutoConfiguration {

	@Bean
	static BeanPostProcessor srsrRegistriesMetricsPostProcessor(ObjectProvider<MeterRegistry> meterRegistry) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof SrsrRegistries registries) {
					// The meter registry is looked up at each call: it may not exist yet.
					return registries.map((registry) -> (registry.client() instanceof MeteredSrsrClient) ? registry
							: new SrsrRegistry(registry.name(),
									new MeteredSrsrClient(registry.client(), meterRegistry::getIfUnique, registry.name())));
				}
				return bean;
			}

		};
	}

	@Bean
	@ConditionalOnBean(SrsrRegistration.class)
	SrsrRegistrationMeterBinder srsrRegistrationMeterBinder(SrsrRegistration srsrRegistration) {
		return new SrsrRegistrationMeterBinder(srsrRegistration);
	}

}
