package io.github.srsr.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.SrsrRegistries;
import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.boot.SrsrRegistry;
import io.github.srsr.boot.lookup.DefaultSrsrServiceLookup;
import io.github.srsr.boot.lookup.SrsrServiceLookup;
import io.github.srsr.client.ServiceRegistrationRequest;
import io.github.srsr.boot.autoconfigure.InvalidSrsrPropertiesException.Problem;
import io.github.srsr.client.RegistryUrl;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.client.http.SrsrRestClientBuilders;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.web.client.RestClient;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * srsr: a {@link SrsrClient} and a {@link SrsrRegistration} whenever the starter is enabled.
 * <p>
 * Like every condition, {@code srsr.enabled} is evaluated when an AOT-processed application is
 * built. Everything else, the service name included, is read when the application starts:
 * without a service name the registration is inactive, never registers, and says so in one INFO
 * line. No bean condition depends on it, so that an application processed ahead of time without
 * a name and started with {@code SRSR_SERVICE_NAME} registers like any other.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "srsr.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SrsrProperties.class)
public final class SrsrAutoConfiguration {

	private static final String SPRING_HTTP_CLIENTS = "org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder";

	SrsrAutoConfiguration(SrsrProperties properties, Environment environment) {
		SrsrPropertiesValidator.validate(properties, environment::getProperty);
	}

	/**
	 * The client of the first registry in {@code srsr.registry.url}; a bean of the application's
	 * own takes its place. Its HTTP stack is built at its first call (see
	 * {@link #restClientBuilder}).
	 */
	@Bean
	@ConditionalOnMissingBean
	SrsrClient srsrClient(SrsrProperties properties, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<SrsrRestClientCustomizer> customizers, ObjectProvider<ObservationRegistry> observations,
			BeanFactory beanFactory) {
		List<RegistryUrl> urls = registryUrls(properties);
		return new RestClientSrsrClient(urls.get(0),
				restClientBuilder(properties, sslBundles, customizers, beanFactory), observationRegistry(observations));
	}

	/**
	 * Every registry of {@code srsr.registry.url}: the first one through the {@link SrsrClient}
	 * bean, the others through clients built the same way.
	 */
	@Bean
	@ConditionalOnMissingBean
	SrsrRegistries srsrRegistries(SrsrClient srsrClient, SrsrProperties properties,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<SrsrRestClientCustomizer> customizers,
			ObjectProvider<ObservationRegistry> observations,
			BeanFactory beanFactory) {
		List<RegistryUrl> urls = registryUrls(properties);
		List<SrsrRegistry> registries = new ArrayList<>();
		registries.add(new SrsrRegistry(urls.get(0).toString(), srsrClient));
		if (urls.size() > 1) {
			Supplier<RestClient.Builder> builder = restClientBuilder(properties, sslBundles, customizers, beanFactory);
			urls.subList(1, urls.size())
				.forEach((url) -> registries.add(new SrsrRegistry(url.toString(),
						new RestClientSrsrClient(url, builder, observationRegistry(observations)))));
		}
		return new SrsrRegistries(registries);
	}

	/**
	 * The application's observation registry, looked up at the first call: it may depend on beans
	 * that depend on the client (the starter's meters read the registration).
	 */
	private static Supplier<ObservationRegistry> observationRegistry(ObjectProvider<ObservationRegistry> observations) {
		return SingletonSupplier.of(() -> observations.getIfUnique(() -> ObservationRegistry.NOOP));
	}

	/**
	 * Lookups of other services in every registry, configured by {@code srsr.lookup.*}, with or
	 * without a service name of this application's own, and the instance sets of the names in use
	 * ({@code srsr.discovery.*}), whose refresh thread stops when the context closes (the bean's
	 * inferred {@code close} method).
	 */
	@Bean
	@ConditionalOnMissingBean(SrsrServiceLookup.class)
	DefaultSrsrServiceLookup srsrServiceLookup(SrsrRegistries srsrRegistries, SrsrProperties properties) {
		SrsrProperties.Lookup lookup = properties.getLookup();
		SrsrProperties.Lookup.Retry retry = lookup.getRetry();
		SrsrProperties.Lookup.CircuitBreaker circuitBreaker = lookup.getCircuitBreaker();
		SrsrProperties.Discovery discovery = properties.getDiscovery();
		return DefaultSrsrServiceLookup.of(srsrRegistries, lookup.getCacheTtl(), lookup.getCacheMaxSize(),
				DefaultSrsrServiceLookup.retryOnConnectionFailure(retry.getMaxRetries(), retry.getInitialInterval(),
						retry.getMultiplier(), retry.getMaxInterval()),
				circuitBreaker.isEnabled() ? circuitBreaker.getCoolDown() : null, circuitBreaker.getFailureThreshold(),
				discovery.isEnabled() ? discovery.getRefreshPeriod() : null, discovery.getIdleTime(),
				discovery.getNotFoundGrace());
	}

	private static List<RegistryUrl> registryUrls(SrsrProperties properties) {
		return properties.getRegistry().getUrl().stream().map(RegistryUrl::of).toList();
	}

	/**
	 * The builder of the clients' {@link RestClient}, made when a client first calls its
	 * registry rather than while the application starts: most of the starter's start-up time on
	 * the main thread was loading the HTTP stack's classes. The SSL bundle is resolved now, so
	 * that a wrong bundle name still stops start-up.
	 */
	private static Supplier<RestClient.Builder> restClientBuilder(SrsrProperties properties,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<SrsrRestClientCustomizer> customizers,
			BeanFactory beanFactory) {
		SrsrProperties.Registry registry = properties.getRegistry();
		SslBundle sslBundle = sslBundle(registry.getSsl().getBundle(), sslBundles);
		if (registry.getHttpClient() == SrsrProperties.Registry.HttpClient.SPRING) {
			requireSpringHttpClients((beanFactory instanceof ConfigurableBeanFactory configurable)
					? configurable.getBeanClassLoader() : null);
		}
		return SingletonSupplier.of(() -> {
			RestClient.Builder builder = (registry.getHttpClient() == SrsrProperties.Registry.HttpClient.SPRING)
					// Spring Boot's client, as the application configures it, with srsr's settings.
					? SrsrRestClientBuilders.create(SpringHttpClients.requestFactory(beanFactory,
							registry.getConnectTimeout(), registry.getReadTimeout(), sslBundle))
					: SrsrRestClientBuilders.create(registry.getConnectTimeout(), registry.getReadTimeout(), sslBundle);
			customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
			return builder;
		});
	}

	/**
	 * Stop start-up when {@code srsr.registry.http-client=spring} and Spring Boot's HTTP client
	 * support, an optional dependency of the starter, is missing; checked by name, so that
	 * nothing of that module is loaded without it.
	 */
	private static void requireSpringHttpClients(@Nullable ClassLoader classLoader) {
		if (!ClassUtils.isPresent(SPRING_HTTP_CLIENTS, classLoader)) {
			throw new InvalidSrsrPropertiesException(List.of(new Problem(
					"srsr.registry.http-client is 'spring', but Spring Boot's HTTP client support "
							+ "(spring-boot-http-client) is not on the class path.",
					"Add spring-boot-starter-restclient (or spring-boot-http-client) to the application, or remove "
							+ "srsr.registry.http-client (SRSR_REGISTRY_HTTP_CLIENT) to use the starter's own client.")));
		}
	}

	private static @Nullable SslBundle sslBundle(@Nullable String name, ObjectProvider<SslBundles> sslBundles) {
		if (!StringUtils.hasText(name)) {
			return null;
		}
		SslBundles bundles = sslBundles.getIfAvailable();
		if (bundles == null) {
			throw new InvalidSrsrPropertiesException(List.of(new Problem(
					"srsr.registry.ssl.bundle is '" + name + "', but the application has no SSL bundles.",
					"Define the bundle under spring.ssl.bundle (jks or pem), or remove srsr.registry.ssl.bundle "
							+ "(SRSR_REGISTRY_SSL_BUNDLE) to use the JDK's trust store.")));
		}
		try {
			return bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidSrsrPropertiesException(List.of(new Problem(
					"srsr.registry.ssl.bundle is '" + name + "', but there is no SSL bundle of that name.",
					"Define it under spring.ssl.bundle.jks." + name + " or spring.ssl.bundle.pem." + name
							+ ", or correct srsr.registry.ssl.bundle (SRSR_REGISTRY_SSL_BUNDLE).")));
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class SrsrRegistrationConfiguration {

		/**
		 * The starter's own threads for registry calls, one per registry, so that a busy
		 * application scheduler cannot starve heartbeats and a hung registry delays no other;
		 * none starts until a registration with a service name starts. Not an autowire candidate,
		 * so that it stays the starter's own: the application's {@code @Scheduled} methods keep
		 * Spring Boot's scheduler, no component gets it injected, and Spring Boot's executor
		 * metrics, which instrument every autowire candidate, leave it out. Not
		 * {@code @Bean(defaultCandidate = false)} with a qualifier: those metrics select executors
		 * by {@code BeanDefinition.isAutowireCandidate()} alone, so they would instrument it.
		 */
		@Bean(name = SrsrRegistration.SCHEDULER_BEAN_NAME, autowireCandidate = false)
		ThreadPoolTaskScheduler srsrTaskScheduler(SrsrRegistries srsrRegistries) {
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
			scheduler.setPoolSize(srsrRegistries.size());
			scheduler.setThreadNamePrefix("srsr-");
			scheduler.setDaemon(true);
			scheduler.setRemoveOnCancelPolicy(true);
			// Leaving several registries at once runs on these threads while the context closes.
			scheduler.setAcceptTasksAfterContextClose(true);
			return scheduler;
		}

		@Bean
		@ConditionalOnMissingBean
		@DependsOn(SrsrRegistration.SCHEDULER_BEAN_NAME)
		SrsrRegistration srsrRegistration(SrsrRegistries srsrRegistries, SrsrProperties properties,
				Environment environment, BeanFactory beanFactory) {
			// By name, as it is not an autowire candidate; @DependsOn keeps it running until the
			// registration has stopped, as an injected dependency would.
			ThreadPoolTaskScheduler scheduler = beanFactory.getBean(SrsrRegistration.SCHEDULER_BEAN_NAME,
					ThreadPoolTaskScheduler.class);
			SrsrProperties.Service service = properties.getService();
			// Read when the bean is created, which is at run time also in an AOT-processed application.
			String name = serviceName(service, environment);
			ServiceRegistrationRequest srsrService = (name != null)
					? new ServiceRegistrationRequest(name, blankToNull(service.getAddress()), service.getPort()) : null;
			if (name != null) {
				warnOfASlowHeartbeat(properties.getHeartbeat().getInterval(), environment);
			}
			SrsrProperties.Registry registry = properties.getRegistry();
			Duration callTimeout = registry.getConnectTimeout().plus(registry.getReadTimeout());
			return new SrsrRegistration(srsrRegistries, srsrService, scheduler, retryBackOff(properties), callTimeout,
					properties.isFailFast() ? properties.getRetry().getMaxAttempts() : 0,
					properties.getDeregistration().getDelay(), properties.getHeal().isEnabled(),
					properties.getHeartbeat().getInterval(), properties.getDiscovery().getCatalog().isEnabled());
		}

		private static void warnOfASlowHeartbeat(Duration interval, Environment environment) {
			String warning = SrsrPropertiesValidator.heartbeatIntervalWarning(interval,
					environment.getProperty("srsr.heartbeat.interval"));
			if (warning != null) {
				// Under the registration's category, beside every other line about registering.
				LogFactory.getLog(SrsrRegistration.class).warn(warning);
			}
		}

		private static BackOff retryBackOff(SrsrProperties properties) {
			SrsrProperties.Retry retry = properties.getRetry();
			Duration heartbeat = properties.getHeartbeat().getInterval();
			Duration max = (retry.getMaxInterval() != null && retry.getMaxInterval().compareTo(heartbeat) < 0)
					? retry.getMaxInterval() : heartbeat;
			ExponentialBackOff backOff = new ExponentialBackOff(retry.getInitialInterval().toMillis(),
					retry.getMultiplier());
			backOff.setMaxInterval(max.toMillis());
			backOff.setJitter(retry.getJitter().toMillis());
			return backOff;
		}

		/**
		 * Return the name to register under: {@code srsr.service.name}, or else
		 * {@code spring.application.name}; {@code null} if neither has text. The one place that
		 * resolves it.
		 */
		private static @Nullable String serviceName(SrsrProperties.Service service, Environment environment) {
			String name = service.getName();
			if (!StringUtils.hasText(name)) {
				name = environment.getProperty("spring.application.name");
			}
			return StringUtils.hasText(name) ? name.trim() : null;
		}

		private static @Nullable String blankToNull(@Nullable String value) {
			return (value != null && !value.isBlank()) ? value.trim() : null;
		}

	}

}
