package io.github.srsr.client.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.srsr.client.RegistryUrl;
import io.github.srsr.client.RestClientSrsrClient;
import io.github.srsr.client.SrsrClient;
import io.github.srsr.client.SrsrClientException;
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
	void aTunnelOpenedWithAny2xxAnswerAfterInterimOnesIsUsed() {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(true, SrsrHttpWireTests::answer);
				TestProxy proxy = new TestProxy("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 299\r\nX-A: b\r\n\r\n")) {
			SrsrClient client = client(server.url(), selector(proxy));
			assertThat(client.lookup("svc")).contains(own(1));
			assertThat(server.requests()).hasSize(1);
		}
	}

	/**
	 * A proxy that answers {@code CONNECT} with anything but a tunnel: the call fails with what
	 * the proxy did, and the registry is never reached.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("answersThatOpenNoTunnel")
	void aProxyAnswerThatOpensNoTunnelFailsTheCallSayingWhy(String name, String answer, String message) {
		try (ScriptedHttpServer proxy = ScriptedHttpServer.start(false, (number, request, out) -> {
			out.write(ScriptedHttpServer.ascii(answer));
			return false;
		})) {
			int port = Integer.parseInt(proxy.url().substring(proxy.url().lastIndexOf(':') + 1));
			SrsrClient client = client("https://127.0.0.1:9", fixed(new Proxy(Proxy.Type.HTTP,
					InetSocketAddress.createUnresolved("127.0.0.1", port))));
			assertThatExceptionOfType(SrsrClientException.class).isThrownBy(() -> client.lookup("svc"))
				.withMessageContaining(message);
			assertThat(proxy.requests()).singleElement()
				.satisfies((request) -> assertThat(request.head()).startsWith("CONNECT 127.0.0.1:9 HTTP/1.1\r\n"));
		}
	}

	static Stream<Arguments> answersThatOpenNoTunnel() {
		return Stream.of(Arguments.of("no answer", "", "the proxy closed the connection without answering"),
				Arguments.of("not HTTP", "SSH-2.0-OpenSSH_9.6\r\n", "not an HTTP answer from the proxy: 'SSH-2.0-OpenSSH_9.6'"),
				Arguments.of("a 3xx after an interim answer", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 300 Multiple Choices\r\n\r\n",
						"(status 300)"),
				Arguments.of("cut off in its headers", "HTTP/1.1 200 OK\r\nX-A: 1\r\n",
						"in the middle of the answer's headers"),
				Arguments.of("a flood of headers", "HTTP/1.1 200 OK\r\n" + ("X-Flood: " + "h".repeat(1000) + "\r\n").repeat(40),
						"the proxy's answer is larger than 32 KiB"));
	}

	@Test
	void aDirectAnswerOfTheSelectorMeansNoProxyWhateverFollowsIt() {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(false, SrsrHttpWireTests::answer);
				TestProxy proxy = new TestProxy(false)) {
			SrsrClient client = client(server.url(), fixed(Proxy.NO_PROXY, new Proxy(Proxy.Type.HTTP,
					InetSocketAddress.createUnresolved("127.0.0.1", proxy.port()))));
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

	private static ProxySelector fixed(Proxy... proxies) {
		return new ProxySelector() {

			@Override
			public List<Proxy> select(URI uri) {
				return List.of(proxies);
			}

			@Override
			public void connectFailed(URI uri, SocketAddress address, IOException ex) {
			}

		};
	}

}
