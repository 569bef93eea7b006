package io.github.srsr.client.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.srsr.client.RegistryUrl;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.client.SrsrRegistryUnreachableException;
import io.github.srsr.testsupport.TestRegistryTls;

import org.springframework.http.converter.ByteArrayHttpMessageConverter;
import org.springframework.web.client.RestClient;

import static io.github.srsr.client.http.SrsrHttpWireTests.PATIENT;
import static io.github.srsr.client.http.SrsrHttpWireTests.own;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A registry behind an HTTP proxy: http through the proxy in absolute form, https through a
 * {@code CONNECT} tunnel with TLS end to end, chosen by the JDK's {@link ProxySelector} (and so by
 * the JDK's standard proxy properties).
 */
class SrsrHttpProxyTests {

	@ParameterizedTest(name = "tls: {0}")
	@ValueSource(booleans = { false, true })
	void registryIsReachedThroughTheProxyTheSelectorNames(boolean tls) {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(tls, SrsrHttpWireTests::answer);
				TestProxy proxy = new TestProxy(false)) {
			SrsrClient client = client(server.url(), selector(proxy));
			for (int i = 1; i <= 3; i++) {
				assertThat(client.lookup("svc")).contains(own(i));
			}
			String authority = server.url().substring(server.url().indexOf("//") + 2);
			if (tls) {
				assertThat(proxy.requestLines()).first().isEqualTo("CONNECT " + authority + " HTTP/1.1");
			}
			else {
				assertThat(proxy.requestLines()).first().isEqualTo("POST " + server.url() + "/lookup HTTP/1.1");
			}
			// The first call asked to close its connection; the two that followed shared one.
			assertThat(proxy.requestLines()).hasSize(2);
		}
	}

	@Test
	void theJdksStandardProxyPropertiesAreUsed() {
		Properties saved = (Properties) System.getProperties().clone();
		try (ScriptedHttpServer server = ScriptedHttpServer.start(false, SrsrHttpWireTests::answer);
				TestProxy proxy = new TestProxy(false)) {
			System.setProperty("http.proxyHost", "127.0.0.1");
			System.setProperty("http.proxyPort", String.valueOf(proxy.port()));
			// The JDK leaves loopback addresses out unless told otherwise.
			System.setProperty("http.nonProxyHosts", "");
			SrsrClient client = new RestClientSrsrClient(RegistryUrl.of(server.url()),
					SrsrRestClientBuilders.create(PATIENT, PATIENT));
			assertThat(client.lookup("svc")).contains(own(1));
			assertThat(proxy.requestLines()).containsExactly("POST " + server.url() + "/lookup HTTP/1.1");
		}
		finally {
			System.setProperties(saved);
		}
	}

	@Test
	void aProxyThatRefusesTheTunnelFailsTheCallSayingSo() {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(true, SrsrHttpWireTests::answer);
				TestProxy proxy = new TestProxy(true)) {
			SrsrClient client = client(server.url(), selector(proxy));
			assertThatExceptionOfType(SrsrRegistryUnreachableException.class).isThrownBy(() -> client.lookup("svc"))
				.withMessageContaining("the proxy refused a tunnel to 127.0.0.1:")
				.withMessageContaining("(status 407)");
			assertThat(server.connections()).isZero();
		}
	}

	@Test
	void aDirectAnswerOfTheSelectorMeansNoProxy() {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(false, SrsrHttpWireTests::answer);
				TestProxy proxy = new TestProxy(false)) {
			SrsrClient client = client(server.url(), fixed(Proxy.NO_PROXY));
			assertThat(client.lookup("svc")).contains(own(1));
			assertThat(proxy.requestLines()).isEmpty();
		}
	}

	private static SrsrClient client(String url, ProxySelector selector) {
		SrsrHttpRequestFactory factory = new SrsrHttpRequestFactory(PATIENT, PATIENT, TestRegistryTls.trust(),
				SrsrHttpRequestFactory.IDLE_TIMEOUT, selector);
		return new RestClientSrsrClient(RegistryUrl.of(url), RestClient.builder()
			.requestFactory(factory)
			.configureMessageConverters((converters) -> converters.addCustomConverter(new ByteArrayHttpMessageConverter())));
	}

	private static ProxySelector selector(TestProxy proxy) {
		return fixed(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("127.0.0.1", proxy.port())));
	}

	private static ProxySelector fixed(Proxy proxy) {
		return new ProxySelector() {

			@Override
			public List<Proxy> select(URI uri) {
				return List.of(proxy);
			}

			@Override
			public void connectFailed(URI uri, SocketAddress address, IOException ex) {
			}

		};
	}

}
