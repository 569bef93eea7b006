package io.github.srsr.boot.cloud;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;

import io.github.srsr.boot.autoconfigure.SrsrAutoConfiguration;
import io.github.srsr.boot.autoconfigure.SrsrProperties;
import io.github.srsr.boot.lookup.SrsrServiceLookup;
import io.github.srsr.boot.registration.SrsrRegistration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.ConditionalOnBlockingDiscoveryEnabled;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.cloud.client.ConditionalOnReactiveDiscoveryEnabled;
import org.springframework.cloud.commons.util.InetUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.function.SingletonSupplier;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * Spring Cloud over srsr, when {@code spring-cloud-commons} is on the class path:
 * <ul>
 * <li>a {@code DiscoveryClient} backed by srsr lookups, and a {@code ReactiveDiscoveryClient}
 * when Reactor is present ({@code spring.cloud.discovery.enabled=false}, or its blocking and
 * reactive variants, turns them off);</li>
 * <li>a {@code ServiceRegistry} and {@code Registration} over this application's
 * {@link SrsrRegistration}, so that Spring Cloud's {@code serviceregistry} endpoint shows and
 * controls it, and Spring Cloud's {@code InstanceRegisteredEvent} whenever srsr accepts a
 * registration. Without a service name they stay (the name is read at run time) but are
 * harmless: the registration's status is {@code UNKNOWN} and it never registers.</li>
 * </ul>
 */
@AutoConfiguration(after = SrsrAutoConfiguration.class,
		beforeName = { "org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration",
				"org.springframework.cloud.client.CommonsClientAutoConfiguration",
				"org.springframework.cloud.client.ReactiveCommonsClientAutoConfiguration",
				"org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration",
				"org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryClientAutoConfiguration" })
@ConditionalOnClass(name = { "org.springframework.cloud.client.discovery.DiscoveryClient",
		"org.springframework.cloud.client.serviceregistry.ServiceRegistry" })
public final class SrsrCloudAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(SrsrServiceLookup.class)
	@ConditionalOnDiscoveryEnabled
	@ConditionalOnBlockingDiscoveryEnabled
	static class BlockingDiscoveryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SrsrDiscoveryClient srsrDiscoveryClient(SrsrServiceLookup srsrServiceLookup,
				ObjectProvider<SrsrRegistration> srsrRegistration, ObjectProvider<SrsrProperties> properties) {
			return new SrsrDiscoveryClient(srsrServiceLookup, srsrRegistration.getIfUnique(), catalog(properties));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "reactor.core.publisher.Flux")
	@ConditionalOnBean(SrsrServiceLookup.class)
	@ConditionalOnDiscoveryEnabled
	@ConditionalOnReactiveDiscoveryEnabled
	static class ReactiveDiscoveryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SrsrReactiveDiscoveryClient srsrReactiveDiscoveryClient(SrsrServiceLookup srsrServiceLookup,
				ObjectProvider<SrsrRegistration> srsrRegistration, ObjectProvider<SrsrProperties> properties) {
			return new SrsrReactiveDiscoveryClient(srsrServiceLookup, srsrRegistration.getIfUnique(),
					catalog(properties));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(SrsrRegistration.class)
	static class ServiceRegistryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SrsrServiceRegistry srsrServiceRegistry() {
			return new SrsrServiceRegistry();
		}

		@Bean
		@ConditionalOnMissingBean
		SrsrCloudRegistration srsrCloudRegistration(SrsrRegistration srsrRegistration,
				ObjectProvider<InetUtils> inetUtils) {
			Supplier<String> localAddress = SingletonSupplier.of(() -> {
				InetUtils utils = inetUtils.getIfUnique();
				return (utils != null) ? utils.findFirstNonLoopbackHostInfo().getIpAddress() : localHostAddress();
			});
			return new SrsrCloudRegistration(srsrRegistration, localAddress);
		}

		@Bean
		@ConditionalOnMissingBean
		SrsrInstanceRegisteredEventPublisher srsrInstanceRegisteredEventPublisher(
				SrsrCloudRegistration srsrCloudRegistration) {
			return new SrsrInstanceRegisteredEventPublisher(srsrCloudRegistration);
		}

		private static String localHostAddress() {
			try {
				return InetAddress.getLocalHost().getHostAddress();
			}
			catch (UnknownHostException ex) {
				return InetAddress.getLoopbackAddress().getHostAddress();
			}
		}

	}

	// Whether the discovery clients list the service catalog's services (srsr.discovery.catalog.enabled).
	private static boolean catalog(ObjectProvider<SrsrProperties> properties) {
		SrsrProperties srsrProperties = properties.getIfUnique();
		return srsrProperties != null && srsrProperties.getDiscovery().getCatalog().isEnabled();
	}

}
