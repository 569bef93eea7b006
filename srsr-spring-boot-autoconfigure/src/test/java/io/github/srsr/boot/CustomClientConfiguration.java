package io.github.srsr.boot;

import java.net.URI;
import java.util.Optional;

import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.client.SrsrClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application's own {@link SrsrClient} bean, {@code customSrsrClient}, which the starter's
 * must give way to: it registers as {@code id}, accepts every heartbeat and deregistration, and
 * finds every name at {@value #LOOKED_UP}.
 */
@Configuration(proxyBeanMethods = false)
public class CustomClientConfiguration {

	/**
	 * What the custom client's lookups answer.
	 */
	public static final String LOOKED_UP = "http://from-custom-client:8080";

	@Bean
	SrsrClient customSrsrClient() {
		return new SrsrClient() {

			@Override
			public String register(ServiceRegistrationRequest request) {
				return "id";
			}

			@Override
			public boolean heartbeat(String instanceId) {
				return true;
			}

			@Override
			public boolean deregister(String instanceId) {
				return true;
			}

			@Override
			public Optional<URI> lookup(String serviceName) {
				return Optional.of(URI.create(LOOKED_UP));
			}

		};
	}

}
