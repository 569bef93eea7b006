package io.github.srsr.client;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RegistryUrl}.
 */
class RegistryUrlTests {

	@Test
	void parsesAbsoluteHttpUrl() {
		RegistryUrl url = RegistryUrl.of("http://localhost:4214");
		assertThat(url.getUri()).isEqualTo(URI.create("http://localhost:4214"));
		assertThat(url.hasCredentials()).isFalse();
		assertThat(url.getUsername()).isNull();
		assertThat(url.getPassword()).isNull();
		assertThat(url).hasToString("http://localhost:4214");
	}

	@Test
	void parsesAbsoluteHttpsUrl() {
		RegistryUrl url = RegistryUrl.of("https://registry.example.com");
		assertThat(url.getUri()).isEqualTo(URI.create("https://registry.example.com"));
		assertThat(url).hasToString("https://registry.example.com");
	}

	@Test
	void acceptsSchemeInAnyCaseAndNormalizesItToLowerCase() {
		assertThat(RegistryUrl.of("HTTP://localhost:4214").getUri()).isEqualTo(URI.create("http://localhost:4214"));
		assertThat(RegistryUrl.of("Https://localhost:4214").getUri()).isEqualTo(URI.create("https://localhost:4214"));
	}

	@Test
	void ignoresSurroundingWhitespace() {
		assertThat(RegistryUrl.of("  http://localhost:4214 \n").getUri()).isEqualTo(URI.create("http://localhost:4214"));
	}

	@Test
	void removesTrailingSlash() {
		assertThat(RegistryUrl.of("http://localhost:4214/").getUri()).isEqualTo(URI.create("http://localhost:4214"));
		assertThat(RegistryUrl.of("http://localhost:4214/")).hasToString("http://localhost:4214");
	}

	@Test
	void keepsPathPrefix() {
		assertThat(RegistryUrl.of("http://proxy/srsr").getUri()).isEqualTo(URI.create("http://proxy/srsr"));
	}

	@Test
	void keepsPathPrefixWithoutItsTrailingSlash() {
		assertThat(RegistryUrl.of("http://proxy:8080/srsr/").getUri()).isEqualTo(URI.create("http://proxy:8080/srsr"));
	}

	@Test
	void acceptsIpv6Literal() {
		assertThat(RegistryUrl.of("http://[::1]:4214/").getUri()).isEqualTo(URI.create("http://[::1]:4214"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "ftp://x", "localhost:4214", "not a url", "/srsr", "http:/localhost", "http://",
			"file:///tmp/registry", "mailto:ops@example.com" })
	void rejectsWhatIsNotAnAbsoluteHttpUrl(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> RegistryUrl.of(text))
			.satisfies((ex) -> assertThat(ex.getMessage()).isNotBlank());
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "   ", "\t" })
	void rejectsEmptyUrl(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> RegistryUrl.of(text)).withMessageContaining("empty");
	}

	@Test
	void rejectionOfOtherSchemeNamesTheUrl() {
		assertThatIllegalArgumentException().isThrownBy(() -> RegistryUrl.of("ftp://x"))
			.withMessageContaining("'ftp://x'")
			.withMessageContaining("http or https");
	}

	/**
	 * The message of a rejected URL names it as typed, so that the operator finds the wrong
	 * setting, with only its user info masked: an {@code @} after the host is not user info.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "ftp://user:s3cret@host:4214/srsr | 'ftp://user:******@host:4214/srsr'",
			"ftp://:t0k3n@host | 'ftp://:******@host'", "ftp://t0k3n@host | 'ftp://******@host'",
			"ftp://host/srsr@v1 | 'ftp://host/srsr@v1'", "ftp://host/@v1 | 'ftp://host/@v1'",
			"ftp://host?user=a@b | 'ftp://host?user=a@b'" })
	void rejectionMessageNamesUrlWithOnlyItsUserInfoMasked(String text, String named) {
		assertThatIllegalArgumentException().isThrownBy(() -> RegistryUrl.of(text)).withMessageContaining(named);
	}

	/**
	 * {@link RegistryUrl#mask} shows a URL as written (a list of registries in a settings
	 * message), valid or not, with only its user info masked.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "http://user:s3cret@registry:4214/srsr | http://user:******@registry:4214/srsr",
			"http://:t0k3n@registry:4214 | http://:******@registry:4214", "http://t0k3n@registry | http://******@registry",
			"http://registry:4214/srsr@v1 | http://registry:4214/srsr@v1", "'  http://user:s3cret@registry  ' | http://user:******@registry",
			"http://user:s3 cret@registry:4214 | ******@registry:4214", "http://user:s3cret@my registry | ******@my registry",
			"http://my registry:4214 | http://my registry:4214" })
	void maskShowsUrlAsWrittenWithOnlyItsUserInfoMasked(String text, String shown) {
		assertThat(RegistryUrl.mask(text)).isEqualTo(shown);
	}

	@Test
	void maskOfNoUrlIsEmpty() {
		assertThat(RegistryUrl.mask(null)).isEmpty();
	}

	@Test
	void removesCredentialsFromRequestUri() {
		RegistryUrl url = RegistryUrl.of("http://user:s3cret@registry:4214/srsr/");
		assertThat(url.getUri()).isEqualTo(URI.create("http://registry:4214/srsr"));
		assertThat(url.getUri().getUserInfo()).isNull();
		assertThat(url.hasCredentials()).isTrue();
		assertThat(url.getUsername()).isEqualTo("user");
		assertThat(url.getPassword()).isEqualTo("s3cret");
	}

	@Test
	void toStringMasksPassword() {
		assertThat(RegistryUrl.of("http://user:s3cret@host:4214")).hasToString("http://user:******@host:4214");
	}

	@Test
	void toStringMasksPasswordAndKeepsPathPrefix() {
		assertThat(RegistryUrl.of("https://user:s3cret@host/srsr/")).hasToString("https://user:******@host/srsr");
	}

	@Test
	void toStringMasksTokenOnlyUserInfo() {
		RegistryUrl url = RegistryUrl.of("http://t0ken@host");
		assertThat(url).hasToString("http://******@host");
		assertThat(url.getUsername()).isEqualTo("t0ken");
		assertThat(url.getPassword()).isNull();
	}

	@Test
	void toStringMasksEmptyPassword() {
		RegistryUrl url = RegistryUrl.of("http://user:@host");
		assertThat(url).hasToString("http://user:******@host");
		assertThat(url.getPassword()).isEmpty();
	}

	@Test
	void parsesTokenAsPasswordOfEmptyUserName() {
		RegistryUrl url = RegistryUrl.of("http://:t0k3n@host:4214");
		assertThat(url.getUri()).isEqualTo(URI.create("http://host:4214"));
		assertThat(url.getUri().getUserInfo()).isNull();
		assertThat(url.hasCredentials()).isTrue();
		assertThat(url.getUsername()).isEmpty();
		assertThat(url.getPassword()).isEqualTo("t0k3n");
	}

	@Test
	void toStringMasksTokenOfEmptyUserName() {
		RegistryUrl url = RegistryUrl.of("https://:t0k3n@host:4214/srsr/");
		assertThat(url).hasToString("https://:******@host:4214/srsr");
		assertThat(url.toString()).doesNotContain("t0k3n");
	}

	@Test
	void decodesPercentEncodedTokenOfEmptyUserName() {
		RegistryUrl url = RegistryUrl.of("http://:t0k%3An%40x@host");
		assertThat(url.getUsername()).isEmpty();
		assertThat(url.getPassword()).isEqualTo("t0k:n@x");
		assertThat(url).hasToString("http://:******@host");
	}

	@Test
	void toStringMasksEncodedPassword() {
		RegistryUrl url = RegistryUrl.of("http://user:p%40ss@host:4214");
		assertThat(url.toString()).isEqualTo("http://user:******@host:4214").doesNotContain("p%40ss", "p@ss");
	}

	@Test
	void decodesPercentEncodedPassword() {
		assertThat(RegistryUrl.of("http://user:p%40ss@host").getPassword()).isEqualTo("p@ss");
	}

	@Test
	void decodesPercentEncodedUsername() {
		RegistryUrl url = RegistryUrl.of("http://ops%40example.com:p%3Ass%2Fw0rd@host");
		assertThat(url.getUsername()).isEqualTo("ops@example.com");
		assertThat(url.getPassword()).isEqualTo("p:ss/w0rd");
	}

	@Test
	void keepsPlusInPasswordAsPlus() {
		// '+' means a space only in form encoding, not in a URL's user info.
		assertThat(RegistryUrl.of("http://user:a+b@host").getPassword()).isEqualTo("a+b");
	}

	@Test
	void equalUrlsAreEqual() {
		assertThat(RegistryUrl.of("http://user:s3cret@host:4214/")).isEqualTo(RegistryUrl.of("http://user:s3cret@host:4214"))
			.hasSameHashCodeAs(RegistryUrl.of("http://user:s3cret@host:4214"));
	}

	@Test
	void urlsWithDifferentCredentialsAreNotEqual() {
		assertThat(RegistryUrl.of("http://user:s3cret@host:4214")).isNotEqualTo(RegistryUrl.of("http://user:other@host:4214"))
			.isNotEqualTo(RegistryUrl.of("http://host:4214"));
	}

	/**
	 * Inputs that are rejected while carrying the password {@code s3cret}, most of them plausible
	 * typos in an environment variable: an unsupported scheme, a space, the scheme forgotten, an
	 * underscore in the host name, a non-numeric port, an unencoded {@code @} in the password, no host.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "ftp://user:s3cret@host", "http://user:s3cret@host:4214/a b",
			"user:s3cret@registry:4214", "http://user:s3cret@my_registry:4214", "http://user:s3cret@registry:port",
			"http://user:s3cret@x@registry:4214", "http://user:s3cret@" })
	void rejectionMessageNeverContainsPassword(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> RegistryUrl.of(text))
			.withMessageNotContaining("s3cret");
	}

	/**
	 * The same typos with a token as the password of an empty user name ({@code :t0k3n@}).
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "ftp://:t0k3n@host", "http://:t0k3n@host:4214/a b", ":t0k3n@registry:4214",
			"http://:t0k3n@my_registry:4214", "http://:t0k3n@registry:port", "http://:t0k3n@x@registry:4214",
			"http://:t0k3n@" })
	void rejectionMessageNeverContainsTokenOfEmptyUserName(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> RegistryUrl.of(text))
			.withMessageNotContaining("t0k3n");
	}

}
