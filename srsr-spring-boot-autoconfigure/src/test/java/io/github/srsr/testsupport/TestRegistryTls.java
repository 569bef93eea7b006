package io.github.srsr.testsupport;

import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStore;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * The TLS side of the tests' registries, in one place: the self-signed certificate of
 * {@code tls/registry.p12} (see {@code tls/README.md}), served by WireMock or by a raw TLS server
 * socket, and the trust a client needs for it ({@code tls/registry.crt}).
 */
public final class TestRegistryTls {

	/** The registry's certificate, as an SSL bundle's trust store names it. */
	public static final String CERTIFICATE = "classpath:tls/registry.crt";

	/**
	 * The property that makes the SSL bundle named {@code registry} trust the registry's
	 * certificate.
	 */
	public static final String REGISTRY_BUNDLE_PROPERTY = "spring.ssl.bundle.pem.registry.truststore.certificate="
			+ CERTIFICATE;

	private static final String KEY_STORE = "tls/registry.p12";

	private static final String PASSWORD = "changeit";

	private TestRegistryTls() {
	}

	/**
	 * WireMock on dynamic ports, http and https, the https side with the registry's certificate
	 * (which the JDK's default trust store does not know).
	 * @return the configuration
	 */
	public static WireMockConfiguration wireMockConfig() {
		return WireMockConfiguration.wireMockConfig()
			.dynamicPort()
			.dynamicHttpsPort()
			.keystorePath(keyStorePath())
			.keystoreType("PKCS12")
			.keystorePassword(PASSWORD)
			.keyManagerPassword(PASSWORD);
	}

	/**
	 * A WireMock extension of {@link #wireMockConfig()}.
	 * @return the extension
	 */
	public static WireMockExtension wireMock() {
		return WireMockExtension.newInstance().options(wireMockConfig()).build();
	}

	/**
	 * The trust the clients of the registry need.
	 * @return an SSL bundle trusting the registry's certificate
	 */
	public static SslBundle trust() {
		return SslBundle.of(new PemSslStoreBundle(null, PemSslStore.load(PemSslStoreDetails.forCertificate(CERTIFICATE))));
	}

	/**
	 * The registry's side of TLS, for a raw server socket.
	 * @return an SSL context with the registry's key and certificate
	 * @throws Exception if the key store cannot be read
	 */
	public static SSLContext serverContext() throws Exception {
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		try (InputStream in = TestRegistryTls.class.getClassLoader().getResourceAsStream(KEY_STORE)) {
			keyStore.load(in, PASSWORD.toCharArray());
		}
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(keyStore, PASSWORD.toCharArray());
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys.getKeyManagers(), null, null);
		return context;
	}

	private static String keyStorePath() {
		try {
			return Path.of(TestRegistryTls.class.getClassLoader().getResource(KEY_STORE).toURI()).toString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
