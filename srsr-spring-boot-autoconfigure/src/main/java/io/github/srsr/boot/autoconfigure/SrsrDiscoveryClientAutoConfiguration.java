package io.github.srsr.boot.autoconfigure;

import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.boot.cloud.SrsrDiscoveryClient;
import io.github.srsr.boot.cloud.SrsrReactiveDiscoveryClient;
import io.github.srsr.boot.lookup.SrsrServiceLookup;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.ConditionalOnBlockingDiscoveryEnabled;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.cloud.client.ConditionalOnReactiveDiscoveryEnabled;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * Spring Cloud discovery backed by srsr lookups, when {@code spring-cloud-commons} is on the
 * class path: a {@link SrsrDiscoveryClient}, and a {@link SrsrReactiveDiscoveryClient} when
 * Reactor and WebFlux are present. {@code spring.cloud.discovery.enabled=false} (or its blocking and
 * reactive variants) turns them off.
 */
@AutoConfiguration(after = SrsrLookupAutoConfiguration.class,
		beforeName = { "org.springframework.cloud.client.CommonsClientAutoConfiguration",
				"org.springframework.cloud.client.ReactiveCommonsClientAutoConfiguration",
				"org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration",
				"org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryClientAutoConfiguration" })
@ConditionalOnClass(name = "org.springframework.cloud.client.discovery.DiscoveryClient")
@ConditionalOnBean(SrsrServiceLookup.class)
public final class SrsrDiscoveryClientAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnDiscoveryEnabled
	@ConditionalOnBlockingDiscoveryEnabled
	static class BlockingDiscoveryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SrsrDiscoveryClient srsrDiscoveryClient(SrsrServiceLookup srsrServiceLookup,
				ObjectProvider<SrsrRegistration> srsrRegistration) {
			return new SrsrDiscoveryClient(srsrServiceLookup, srsrRegistration.getIfUnique());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "reactor.core.publisher.Flux")
	@ConditionalOnDiscoveryEnabled
	@ConditionalOnReactiveDiscoveryEnabled
	static class ReactiveDiscoveryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SrsrReactiveDiscoveryClient srsrReactiveDiscoveryClient(SrsrServiceLookup srsrServiceLookup,
				ObjectProvider<SrsrRegistration> srsrRegistration) {
			return new SrsrReactiveDiscoveryClient(srsrServiceLookup, srsrRegistration.getIfUnique());
		}

	}

}
