package io.github.srsr.boot.cloud;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.github.srsr.boot.autoconfigure.SrsrAutoConfiguration;
import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.boot.registration.SrsrRegistrationStatus;
import io.github.srsr.boot.cloud.SrsrCloudRegistration;
import io.github.srsr.boot.cloud.SrsrDiscoveryClient;
import io.github.srsr.boot.cloud.SrsrInstanceRegisteredEventPublisher;
import io.github.srsr.boot.cloud.SrsrReactiveDiscoveryClient;
import io.github.srsr.boot.cloud.SrsrServiceRegistry;
import io.github.srsr.boot.lookup.SrsrServiceLookup;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClientSpecification;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SrsrCloudAutoConfiguration} and
 * {@link SrsrCloudAutoConfiguration}: the Spring Cloud adapters exist exactly when
 * Spring Cloud Commons is present and enabled.
 */
class SrsrCloudAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SrsrAutoConfiguration.class,
				SrsrCloudAutoConfiguration.class, SrsrCloudAutoConfiguration.class))
		.withPropertyValues("srsr.service.name=orders");

	@Test
	void withSpringCloudThereAreDiscoveryClientsAndAServiceRegistry() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(UtilAutoConfiguration.class)).run((context) -> {
			assertThat(context).hasSingleBean(SrsrDiscoveryClient.class);
			assertThat(context).hasSingleBean(SrsrReactiveDiscoveryClient.class);
			assertThat(context).hasSingleBean(SrsrServiceRegistry.class);
			assertThat(context).hasSingleBean(SrsrCloudRegistration.class);
			assertThat(context).hasSingleBean(SrsrInstanceRegisteredEventPublisher.class);
			assertThat(context.getBean(Registration.class).getServiceId()).isEqualTo("orders");
			assertThat(context.getBean(ServiceRegistry.class).<String>getStatus(context.getBean(Registration.class)))
				.isEqualTo("UNKNOWN");
		});
	}

	@Test
	void springCloudsCompositeDiscoveryClientFindsServicesThroughSrsr() {
		this.contextRunner.withUserConfiguration(CustomLookupConfiguration.class)
			.withConfiguration(AutoConfigurations.of(UtilAutoConfiguration.class,
					CompositeDiscoveryClientAutoConfiguration.class, SimpleDiscoveryClientAutoConfiguration.class))
			.run((context) -> {
				DiscoveryClient composite = context.getBean("compositeDiscoveryClient", DiscoveryClient.class);
				assertThat(composite.getInstances("billing")).singleElement()
					.satisfies((instance) -> assertThat(instance.getUri()).isEqualTo(URI.create("http://10.0.0.7:9000")));
			});
	}

	@Test
	void withoutSpringCloudTheCoreStillWorks() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.cloud")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(SrsrRegistration.class);
			assertThat(context).hasSingleBean(SrsrServiceLookup.class);
			assertThat(context).doesNotHaveBean(SrsrDiscoveryClient.class);
			assertThat(context).doesNotHaveBean(SrsrReactiveDiscoveryClient.class);
			assertThat(context).doesNotHaveBean(SrsrServiceRegistry.class);
			assertThat(context).doesNotHaveBean(SrsrCloudRegistration.class);
		});
	}

	@Test
	void withoutReactorThereIsOnlyTheBlockingDiscoveryClient() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Flux.class)).run((context) -> {
			assertThat(context).hasSingleBean(SrsrDiscoveryClient.class);
			assertThat(context).doesNotHaveBean(ReactiveDiscoveryClient.class);
		});
	}

	@Test
	void discoveryCanBeTurnedOffWithSpringCloudsProperty() {
		this.contextRunner.withPropertyValues("spring.cloud.discovery.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(DiscoveryClient.class);
			assertThat(context).doesNotHaveBean(ReactiveDiscoveryClient.class);
			assertThat(context).hasSingleBean(SrsrServiceRegistry.class);
		});
	}

	@Test
	void blockingAndReactiveDiscoveryCanBeTurnedOffSeparately() {
		this.contextRunner.withPropertyValues("spring.cloud.discovery.reactive.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(SrsrDiscoveryClient.class);
			assertThat(context).doesNotHaveBean(ReactiveDiscoveryClient.class);
		});
		this.contextRunner.withPropertyValues("spring.cloud.discovery.blocking.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(DiscoveryClient.class);
			assertThat(context).hasSingleBean(SrsrReactiveDiscoveryClient.class);
		});
	}

	@Test
	void withoutServiceNameThereIsDiscoveryAndAHarmlessServiceRegistry() {
		// The service name is read at run time, so the adapters exist whatever it is.
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SrsrAutoConfiguration.class,
					SrsrCloudAutoConfiguration.class, SrsrCloudAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(SrsrDiscoveryClient.class);
				assertThat(context.getBean(SrsrDiscoveryClient.class).getServices()).isEmpty();
				SrsrServiceRegistry serviceRegistry = context.getBean(SrsrServiceRegistry.class);
				SrsrCloudRegistration registration = context.getBean(SrsrCloudRegistration.class);
				assertThat(registration.getServiceId()).isEmpty();
				assertThat(registration.getInstanceId()).isNull();
				assertThat(registration.getUri()).isNotNull();
				assertThat((String) serviceRegistry.getStatus(registration)).isEqualTo("UNKNOWN");
				serviceRegistry.setStatus(registration, "UP");
				serviceRegistry.setStatus(registration, "OUT_OF_SERVICE");
				serviceRegistry.register(registration);
				assertThat(registration.getRegistration().getStatus().state())
					.isEqualTo(SrsrRegistrationStatus.State.NOT_ATTEMPTED);
			});
	}

	@Test
	void disabledStarterHasNoSpringCloudAdapters() {
		this.contextRunner.withPropertyValues("srsr.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(SrsrDiscoveryClient.class);
			assertThat(context).doesNotHaveBean(SrsrReactiveDiscoveryClient.class);
			assertThat(context).doesNotHaveBean(SrsrServiceRegistry.class);
		});
	}

	@Test
	void withLoadBalancerEveryClientGetsTheStartersDefaultConfiguration() {
		ApplicationContextRunner runner = this.contextRunner
			.withConfiguration(AutoConfigurations.of(SrsrLoadBalancerAutoConfiguration.class));
		runner.run((context) -> assertThat(context.getBeansOfType(LoadBalancerClientSpecification.class).values())
			.anySatisfy((specification) -> {
				assertThat(specification.getName()).startsWith("default.");
				assertThat(specification.getConfiguration()).containsExactly(SrsrLoadBalancerClientConfiguration.class);
			}));
		runner.withClassLoader(new FilteredClassLoader("org.springframework.cloud.loadbalancer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SrsrLoadBalancerAutoConfiguration.class));
		runner.withPropertyValues("spring.cloud.discovery.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SrsrLoadBalancerAutoConfiguration.class)
				.doesNotHaveBean(LoadBalancerClientSpecification.class));
		runner.withPropertyValues("srsr.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LoadBalancerClientSpecification.class));
	}

	@Test
	void userDefinedLookupBacksTheDiscoveryClient() {
		this.contextRunner.withUserConfiguration(CustomLookupConfiguration.class).run((context) -> {
			assertThat(context.getBean(SrsrDiscoveryClient.class).getInstances("billing"))
				.singleElement()
				.satisfies((instance) -> {
					assertThat(instance.getServiceId()).isEqualTo("billing");
					assertThat(instance.getHost()).isEqualTo("10.0.0.7");
					assertThat(instance.getPort()).isEqualTo(9000);
				});
			assertThat(context.getBean(SrsrReactiveDiscoveryClient.class).getInstances("billing").collectList()
				.block(java.time.Duration.ofSeconds(5))).hasSize(1);
		});
	}

	@Test
	void userDefinedDiscoveryClientWins() {
		this.contextRunner.withUserConfiguration(CustomDiscoveryClientConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SrsrDiscoveryClient.class);
			assertThat(context.getBean(SrsrDiscoveryClient.class)).isSameAs(context.getBean("customDiscoveryClient"));
		});
	}

	@Test
	void userDefinedServiceRegistryWins() {
		this.contextRunner.withUserConfiguration(CustomServiceRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SrsrServiceRegistry.class);
			assertThat(context.getBean(SrsrServiceRegistry.class)).isSameAs(context.getBean("customServiceRegistry"));
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomLookupConfiguration {

		@Bean
		SrsrServiceLookup customLookup() {
			return (name) -> Optional.of(URI.create("http://10.0.0.7:9000"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomDiscoveryClientConfiguration {

		@Bean
		SrsrDiscoveryClient customDiscoveryClient(SrsrServiceLookup lookup) {
			return new SrsrDiscoveryClient(lookup, null) {

				@Override
				public List<String> getServices() {
					return List.of("custom");
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomServiceRegistryConfiguration {

		@Bean
		SrsrServiceRegistry customServiceRegistry() {
			return new SrsrServiceRegistry();
		}

	}

}
