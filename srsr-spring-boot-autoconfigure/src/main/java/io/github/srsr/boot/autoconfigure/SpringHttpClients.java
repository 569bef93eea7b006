package io.github.srsr.boot.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * The request factory of Spring Boot's HTTP client support for
 * {@code srsr.registry.http-client=spring}: the only class of the starter that uses
 * {@code spring-boot-http-client}, an optional dependency, so that an application that does not
 * choose it neither needs that module nor gets its auto-configuration switched on by the starter.
 * Used only once {@link SrsrAutoConfiguration} has checked that the module is there.
 */
final class SpringHttpClients {

	private SpringHttpClients() {
	}

	/**
	 * Build a request factory with the application's {@link ClientHttpRequestFactoryBuilder} (or
	 * the one Spring Boot detects on the class path) and srsr's settings.
	 * @param beanFactory where the application's builder is looked up
	 * @param connectTimeout the connect timeout
	 * @param readTimeout the read timeout
	 * @param sslBundle the SSL bundle, or {@code null}
	 * @return the request factory
	 */
	static ClientHttpRequestFactory requestFactory(BeanFactory beanFactory, Duration connectTimeout,
			Duration readTimeout, @Nullable SslBundle sslBundle) {
		ClientHttpRequestFactoryBuilder<?> builder = beanFactory.getBeanProvider(ClientHttpRequestFactoryBuilder.class)
			.getIfAvailable(ClientHttpRequestFactoryBuilder::detect);
		return builder.build(new HttpClientSettings(HttpRedirects.DONT_FOLLOW, connectTimeout, readTimeout, sslBundle));
	}

}
