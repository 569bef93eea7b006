package io.github.srsr.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.srsr.registry.EmbeddedSrsrRegistry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Starts the embedded srsr registry in-process when {@code sample.embedded-registry.enabled} is
 * {@code true} (the default), srsr is not disabled, and nothing answers at the (first) configured
 * registry URL on this machine, so that the sample runs without a srsr install. It listens where
 * that URL says: {@code localhost}, or a loopback address such as {@code 127.0.0.1} or
 * {@code [::1]}; where it cannot, start-up fails saying so. A URL that is not one is left to the
 * starter's checks. The registry bean is created before the application is ready, so it is there
 * before the starter registers.
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
		URI url = parse(urls.split(",")[0].trim());
		InetAddress loopback = (url != null) ? loopback(url.getHost()) : null;
		if (loopback == null) {
			// Not on this machine, or not a URL at all: the starter's checks say what is wrong with it.
			return new EmbeddedRegistryHolder(null);
		}
		if (loopback instanceof Inet6Address && !StringUtils.hasText(environment.getProperty("srsr.service.address"))) {
			logger.warn("srsr builds this sample's address from the caller's IP as it sees it: over IPv6 that is "
					+ "an address without brackets (such as http://0:0:0:0:0:0:0:1:8080), which clients cannot call. "
					+ "Set srsr.service.address (SRSR_SERVICE_ADDRESS), such as http://[::1]:8080, or use "
					+ "http://localhost:" + ((url.getPort() != -1) ? url.getPort() : 80) + " as the registry URL.");
		}
		int port = (url.getPort() != -1) ? url.getPort() : 80;
		if (answers(loopback, port)) {
			return new EmbeddedRegistryHolder(null);
		}
		EmbeddedSrsrRegistry registry;
		try {
			registry = EmbeddedSrsrRegistry.builder().address(loopback).port(port).start();
		}
		catch (UncheckedIOException ex) {
			throw new IllegalStateException("No srsr registry answers at " + url + " and the embedded registry cannot "
					+ "listen there either (" + ex.getMessage() + "). Start srsr at " + url + ", point "
					+ "srsr.registry.url (SRSR_REGISTRY_URL) at a running registry, or set "
					+ "sample.embedded-registry.enabled=false.", ex);
		}
		logger.info("No srsr registry answers at " + url + ": started the embedded registry at " + registry.url()
				+ " (set sample.embedded-registry.enabled=false to use only the configured registry)");
		return new EmbeddedRegistryHolder(registry);
	}

	private static @Nullable URI parse(String url) {
		try {
			return new URI(url);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	/**
	 * Return the loopback address a registry URL's host names, where the embedded registry can
	 * listen: the JVM's own for {@code localhost}, or a loopback literal such as {@code 127.0.0.1}
	 * or {@code [::1]}; {@code null} for any other host.
	 */
	private static @Nullable InetAddress loopback(@Nullable String host) {
		if (host == null) {
			return null;
		}
		if (host.equalsIgnoreCase("localhost")) {
			return InetAddress.getLoopbackAddress();
		}
		String literal = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		if (!literal.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
			return null; // a host name: never resolved here
		}
		try {
			InetAddress address = InetAddress.getByName(literal);
			return address.isLoopbackAddress() ? address : null;
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static boolean answers(InetAddress address, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MILLIS);
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

		private final @Nullable EmbeddedSrsrRegistry registry;

		EmbeddedRegistryHolder(@Nullable EmbeddedSrsrRegistry registry) {
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
