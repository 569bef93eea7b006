package io.github.srsr.boot.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;

import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.boot.cloud.SrsrCloudRegistration;
import io.github.srsr.boot.cloud.SrsrInstanceRegisteredEventPublisher;
import io.github.srsr.boot.cloud.SrsrServiceRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.commons.util.InetUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.util.function.SingletonSupplier;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * Spring Cloud's {@link org.springframework.cloud.client.serviceregistry.ServiceRegistry} and
 * {@link org.springframework.cloud.client.serviceregistry.Registration} over this application's
 * {@link SrsrRegistration}, when {@code spring-cloud-commons} is on the class path, so that Spring
 * Cloud's {@code serviceregistry} endpoint shows and controls the srsr registration, and Spring
 * Cloud's {@link org.springframework.cloud.client.discovery.event.InstanceRegisteredEvent} is
 * published whenever srsr accepts a registration.
 */
@AutoConfiguration(after = SrsrAutoConfiguration.class,
		beforeName = "org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.cloud.client.serviceregistry.ServiceRegistry")
@ConditionalOnBean(SrsrRegistration.class)
public final class SrsrServiceRegistryAutoConfiguration {

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
