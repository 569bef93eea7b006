package io.github.srsr.boot.cloud;

import io.github.srsr.boot.lookup.SrsrServiceLookup;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.cloud.loadbalancer.support.LoadBalancerEnvironmentPropertyUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The default configuration of every LoadBalancer client's own context, registered by
 * {@link SrsrLoadBalancerAutoConfiguration} with {@code @LoadBalancerClients(defaultConfiguration
 * = ...)}. Spring Cloud registers in each client's context, in this order, the client's own
 * {@code @LoadBalancerClient(configuration = ...)} classes, then every default configuration
 * such as this one, then its {@code LoadBalancerClientConfiguration}; each supplier is
 * {@code @ConditionalOnMissingBean}, so a user's own supplier wins over this one, and this one
 * over LoadBalancer's caching discovery supplier. Only for LoadBalancer's default configuration
 * ({@code spring.cloud.loadbalancer.configurations} unset or {@code default}): its other
 * configurations (zone preference, health checks, ...) keep their suppliers, which read the
 * discovery client (the whole instance set too) through LoadBalancer's cache.
 * <p>
 * Public only for Spring AOT: the code it generates for the application's context names this
 * class from LoadBalancer's package. Not meant to be used directly.
 */
@Configuration(proxyBeanMethods = false)
public final class SrsrLoadBalancerClientConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@Conditional(DefaultConfigurationCondition.class)
	ServiceInstanceListSupplier srsrServiceInstanceListSupplier(Environment environment,
			ObjectProvider<SrsrServiceLookup> srsrServiceLookup) {
		return new SrsrServiceInstanceListSupplier(
				environment.getRequiredProperty(LoadBalancerClientFactory.PROPERTY_NAME),
				srsrServiceLookup.getObject());
	}

	static final class DefaultConfigurationCondition implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return LoadBalancerEnvironmentPropertyUtils.equalToOrMissingForClientOrDefault(context.getEnvironment(),
					"configurations", "default");
		}

	}

}
