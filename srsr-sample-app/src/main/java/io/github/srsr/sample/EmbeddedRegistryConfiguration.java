package io.github.srsr.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.srsr.registry.EmbeddedSrsrRegistry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Starts the embedded srsr registry in-process when {@code sample.embedded-registry.enabled} is
 * {@code true} (the default), srsr is not disabled, and nothing answers at the (first) configured
 * registry URL on this machine, so that the sample runs without a srsr install. The registry bean
 * is created before the application is ready, so it is there before the starter registers.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = { "sample.embedded-registry.enabled", "srsr.enabled" }, matchIfMissing = true)
class EmbeddedRegistryConfiguration {

	private static final Log logger = LogFactory.getLog(EmbeddedRegistryConfiguration.class);

	private static final int CONNECT_TIMEOUT_MILLIS = 500;

	@Bean
	EmbeddedRegistryHolder embeddedRegistryHolder(Environment environment) {
		// With several registries, the first one is the sample's.
		String urls = environment.getProperty("srsr.registry.url", "http://localhost:4214");
		URI url = URI.create(urls.split(",")[0].trim());
		if (!isLocal(url)) {
			return new EmbeddedRegistryHolder(null);
		}
		int port = (url.getPort() != -1) ? url.getPort() : 80;
		if (answers(url.getHost(), port)) {
			return new EmbeddedRegistryHolder(null);
		}
		EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.builder().port(port).start();
		logger.info("No srsr registry answers at " + url + ": started the embedded registry on port " + port
				+ " (set sample.embedded-registry.enabled=false to use only the configured registry)");
		return new EmbeddedRegistryHolder(registry);
	}

	private static boolean isLocal(URI url) {
		String host = url.getHost();
		return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
	}

	private static boolean answers(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Holds the embedded registry, if one was started, and stops it with the application, after
	 * the starter has deregistered.
	 */
	static final class EmbeddedRegistryHolder implements DisposableBean {

		private final EmbeddedSrsrRegistry registry;

		EmbeddedRegistryHolder(EmbeddedSrsrRegistry registry) {
			this.registry = registry;
		}

		@Override
		public void destroy() {
			if (this.registry != null) {
				this.registry.stop();
			}
		}

	}

}
