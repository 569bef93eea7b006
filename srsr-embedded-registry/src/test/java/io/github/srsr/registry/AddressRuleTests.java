package io.github.srsr.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The address rule: how srsr builds the registered address and which ones Go's {@code url.ParseRequestURI}, srsr's
 * check of the final address, accepts.
 */
class AddressRuleTests {

	@Test
	void buildsTheFourForms() {
		assertThat(AddressRule.build("http://10.0.0.5:8080", "", "1.2.3.4")).isEqualTo("http://10.0.0.5:8080");
		assertThat(AddressRule.build("", "8080", "1.2.3.4")).isEqualTo("http://1.2.3.4:8080");
		assertThat(AddressRule.build("http://h:3000", "3000", "1.2.3.4")).isEqualTo("http://h:3000:3000");
		assertThat(AddressRule.build("", "", "1.2.3.4")).isEqualTo("http://1.2.3.4");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://10.0.0.5:8080", "http://h:3000:3000", "http://10.0.0.5", "https://h:",
			"http://h:8080/path?q=a b#frag", "localhost:8080", "http:", "http://", "http://:8080",
			"http://user:p%40ss@h:1", "http://[::1]:8080", "http://[fe80::1%25eth0]:8080", "http://2001:db8::1:8080",
			"http://hôst:1", "svc+grpc://h:1", "http://h:1/a%20b", "mailto:someone@example.com" })
	void acceptsWhatGoAccepts(String address) {
		assertThat(AddressRule.isValid(address)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "10.0.0.5:8080", "http://10.0.0.5:abc", "http://h:80x", "http://h: 80", "",
			":8080", "1http://h", "http://my host", "http://h{x}:1", "http://h:1/%zz",
			"http://h:1#%g", "http://[::1:8080", "http://[::1]x", "http://us er@h", "http://h\n:1", "http://h%41:1",
			"ht_tp://h" })
	void refusesWhatGoRefuses(String address) {
		assertThat(AddressRule.isValid(address)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/relative/path", "//h:1", "*", "/a%C3%A9", "/?x" })
	void acceptsAnAbsolutePathWithoutSchemeAndTheAsteriskAsGoRequestTargets(String address) {
		assertThat(AddressRule.isValid(address)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "relative/path", "?x", "#x", "/a%4" })
	void refusesARelativePathOrAnAbsolutePathWithACutOffEscape(String address) {
		assertThat(AddressRule.isValid(address)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://h:1/#top", "http://h:1/p#%C3%A9", "http://h:1/?q#%4", "/#x" })
	void takesAHashInAPathOrQueryAsAnOrdinaryCharacter(String address) {
		assertThat(AddressRule.isValid(address)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://h:1#top", "http://h#top", "http://u#x@h:1", "http://h:1/p#%4" })
	void refusesAHashInTheHostOrPortAndACutOffEscapeAfterAHashInThePath(String address) {
		assertThat(AddressRule.isValid(address)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://h:1/a%2Fb", "http://h:1/a%2fb", "http://h:1/caf%C3%A9", "http://h:1/caf%c3%a9",
			"http://h:1/%E2%82%AC", "http://h:1/%FF", "http://h:1/%00", "http://h:1/a%7F", "http://h:1/é",
			"http://h%C3%A9:1", "http://h%c3%a9:1", "http://u%2Fs%C3%A9r:p%2f@h:1", "http://[fe80::1%25eth%20x]:1",
			"http://h:1?q=%4", "http://h:1/p?q=%4G", "http://h:1/p?q=%C3%A9", "mailto:a%4G", "localhost:80%4" })
	void acceptsEscapesOfAnyByteWithUpperOrLowerCaseHexWhereGoDoes(String address) {
		assertThat(AddressRule.isValid(address)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://h:1/a%4", "http://h:1/a%", "http://h:1/a%4G", "http://h:1/a%G4", "http://h:1/a%%41",
			"http://h:1/%C3%A", "http://h%4:1", "http://h%4G:1", "http://h:1%4", "http://u%4@h:1", "http://u:p%4G@h:1",
			"http://[fe80::1%25en%4]:1", "http://[fe80::1%4G]:1" })
	void refusesACutOffOrNonHexEscape(String address) {
		assertThat(AddressRule.isValid(address)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://h%2F:1", "http://h%41:1", "http://[fe80::1%25en%2F0]:1",
			"http://[fe80::1%25en%C3%A90]:1" })
	void refusesEscapesOfWhatAHostOrZoneCannotHold(String address) {
		assertThat(AddressRule.isValid(address)).isFalse();
	}

}
