package io.github.srsr.registry;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller's IP as srsr (Gin's {@code ClientIP()}) sees it.
 */
class ClientIpTests {

	@Test
	void usesTheRemoteAddressWithoutHeaders() {
		assertThat(resolve(Map.of())).isEqualTo("127.0.0.1");
	}

	@Test
	void usesTheFirstTrimmedEntryOfXForwardedFor() {
		assertThat(resolve(Map.of("X-Forwarded-For", List.of(" 10.1.2.3 , 192.168.0.1")))).isEqualTo("10.1.2.3");
		assertThat(resolve(Map.of("X-Forwarded-For", List.of("2001:db8::1")))).isEqualTo("2001:db8::1");
	}

	@Test
	void joinsRepeatedXForwardedForHeaders() {
		assertThat(resolve(Map.of("X-Forwarded-For", List.of("10.1.2.3", "10.4.5.6")))).isEqualTo("10.1.2.3");
	}

	@Test
	void ignoresAnXForwardedForThatIsNotAllIpsAndFallsBackToXRealIp() {
		assertThat(resolve(Map.of("X-Forwarded-For", List.of("proxy.example, 10.1.2.3")))).isEqualTo("127.0.0.1");
		assertThat(resolve(Map.of("X-Forwarded-For", List.of("unknown"), "X-Real-IP", List.of("10.7.7.7"))))
			.isEqualTo("10.7.7.7");
	}

	@Test
	void takesAddressesWithOctetsZeroAnd255() {
		assertThat(resolve(Map.of("X-Forwarded-For", List.of("0.0.0.0")))).isEqualTo("0.0.0.0");
		assertThat(resolve(Map.of("X-Forwarded-For", List.of("255.255.255.255")))).isEqualTo("255.255.255.255");
		assertThat(resolve(Map.of("X-Forwarded-For", List.of("10.0.255.0, 0.0.0.0")))).isEqualTo("10.0.255.0");
		assertThat(resolve(Map.of("X-Real-IP", List.of("0.255.0.255")))).isEqualTo("0.255.0.255");
	}

	@Test
	void readsIpsLikeGo() {
		assertThat(ClientIp.isIp("10.0.0.1")).isTrue();
		assertThat(ClientIp.isIp("::1")).isTrue();
		assertThat(ClientIp.isIp("::ffff:10.0.0.1")).isTrue();
		assertThat(ClientIp.isIp("010.0.0.1")).isFalse();
		assertThat(ClientIp.isIp("10.0.0")).isFalse();
		assertThat(ClientIp.isIp("256.0.0.1")).isFalse();
		assertThat(ClientIp.isIp("fe80::1%eth0")).isFalse();
		assertThat(ClientIp.isIp("[::1]")).isFalse();
		assertThat(ClientIp.isIp("1:2:3")).isFalse();
		assertThat(ClientIp.isIp("localhost")).isFalse();
		assertThat(ClientIp.isIp("")).isFalse();
	}

	private static String resolve(Map<String, List<String>> headers) {
		return ClientIp.resolve(headers::get, "127.0.0.1");
	}

}
