package io.github.srsr.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import io.github.srsr.boot.SrsrRegistration;
import io.github.srsr.boot.metrics.MeteredSrsrClient;
import io.github.srsr.boot.metrics.SrsrRegistrationMeterBinder;
import io.github.srsr.client.SrsrClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * srsr metrics when Micrometer is present: every {@link SrsrClient} bean records its calls
 * ({@link MeteredSrsrClient}), and {@code srsr.registered} tells whether this application is
 * registered.
 */
@AutoConfiguration(after = SrsrAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
public final class SrsrMetricsAutoConfiguration {

	@Bean
	static BeanPostProcessor srsrClientMetricsPostProcessor(ObjectProvider<MeterRegistry> meterRegistry) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof SrsrClient client && !(bean instanceof MeteredSrsrClient)) {
					// Looked up at each call: the registry may not exist yet when the client is created.
					return new MeteredSrsrClient(client, meterRegistry::getIfUnique);
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
