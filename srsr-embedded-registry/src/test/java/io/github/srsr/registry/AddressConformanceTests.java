package io.github.srsr.registry;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.srsr.registry.SrsrTestClient.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The address srsr registers, over real HTTP: srsr checks the FINAL address (after joining {@code address} and
 * {@code port}) with Go's {@code url.ParseRequestURI}, so percent-escapes with hex letters in either case and
 * escapes of non-ASCII bytes are kept as given, while a cut-off or non-hex escape is an empty-bodied {@code 400},
 * never a server error. As for any HTTP request target, a {@code #} starts no fragment and an absolute path
 * without scheme passes. Without an {@code address}, the caller's IP comes from {@code X-Forwarded-For} whenever
 * each of its entries is an IP, octets 0 and 255 included.
 */
class AddressConformanceTests extends RunningRegistryTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			http://10.0.0.5:8080/a%2Fb       |                |  http://10.0.0.5:8080/a%2Fb
			http://10.0.0.5:8080/a%2fb       |                |  http://10.0.0.5:8080/a%2fb
			http://10.0.0.5:8080/caf%C3%A9   |                |  http://10.0.0.5:8080/caf%C3%A9
			http://10.0.0.5:8080/caf%c3%a9   |                |  http://10.0.0.5:8080/caf%c3%a9
			http://10.0.0.5:8080/%E2%82%AC   |                |  http://10.0.0.5:8080/%E2%82%AC
			http://10.0.0.5:8080/café        |                |  http://10.0.0.5:8080/café
			http://caf%C3%A9.example:8080    |                |  http://caf%C3%A9.example:8080
			http://caf%c3%a9.example         |  8080          |  http://caf%c3%a9.example:8080
			http://u%2Fs%C3%A9r:p%2f@h:8080  |                |  http://u%2Fs%C3%A9r:p%2f@h:8080
			http://[fe80::1%25eth0]:8080     |                |  http://[fe80::1%25eth0]:8080
			http://h:8080/p?q=%4             |                |  http://h:8080/p?q=%4
			localhost:80%4                   |                |  localhost:80%4
			                                 |  8080/caf%C3%A9|  http://127.0.0.1:8080/caf%C3%A9
			http://h:8080/?q=a#%4            |                |  http://h:8080/?q=a#%4
			/caf%C3%A9                       |                |  /caf%C3%A9
			//h                              |  8080          |  //h:8080
			""")
	void escapesWithHexLettersOfEitherCaseAndNonAsciiEscapesAreRegisteredAsGiven(String address, String port,
			String registered) {
		Reply reply = register(address, port);
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json().get("success").booleanValue()).isTrue();
		assertThat(this.registry.instances()).singleElement()
			.extracting(RegisteredInstance::address)
			.isEqualTo(registered);
		assertThat(this.client.lookup("svc").body())
			.isEqualTo("{\"address\":\"" + registered + "\",\"success\":true}");
	}

	@ParameterizedTest
	@CsvSource({ "http://h:8080#top,", "http://h#top, 8080" })
	void aHashInTheHostOrPortStartsNoFragmentSoItGetsAnEmptyBodied400(String address, String port) {
		Reply reply = register(address, port);
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.body()).isEmpty();
		assertThat(this.registry.instances()).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			http://10.0.0.5:8080/a%4         |
			http://10.0.0.5:8080/a%          |
			http://10.0.0.5:8080/a%4G        |
			http://10.0.0.5:8080/a%G4        |
			http://10.0.0.5:8080/%C3%A       |
			http://h%4:8080                  |
			http://h%4G                      |  8080
			http://u%4@h:8080                |
			http://u:p%4G@h:8080             |
			http://[fe80::1%25en%4]:8080     |
			http://h%41:8080                 |
			http://h%2F:8080                 |
			http://[fe80::1%25en%C3%A9]:8080 |
			http://10.0.0.5/a%4              |  8080
			http://10.0.0.5                  |  80%4
			                                 |  8080/a%4G
			http://h:8080/p#%4G              |
			/caf%4                           |
			""")
	void aCutOffOrNonHexEscapeOrOneAHostCannotHoldGetsAnEmptyBodied400(String address, String port) {
		Reply reply = register(address, port);
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.body()).isEmpty();
		assertThat(reply.contentType()).isNull();
		assertThat(this.registry.instances()).isEmpty();
		assertThat(register("http://10.0.0.5:8080", null).status()).isEqualTo(200);
	}

	@ParameterizedTest
	@CsvSource({ "0.0.0.0, 0.0.0.0", "255.255.255.255, 255.255.255.255", "10.0.255.0, 10.0.255.0",
			"0.255.0.255, 0.255.0.255", "'0.0.0.0, 255.255.255.255', 0.0.0.0", "' 255.0.0.0 ,10.0.0.0', 255.0.0.0" })
	void xForwardedForWithOctetsZeroAnd255IsTheCallersIpForAPortOnlyRegistration(String forwardedFor, String ip) {
		Reply reply = this.client.post("/register", "{\"name\":\"svc\",\"port\":\"8080\"}", "X-Forwarded-For",
				forwardedFor);
		assertThat(reply.status()).isEqualTo(200);
		assertThat(this.client.lookup("svc").json().get("address").stringValue()).isEqualTo("http://" + ip + ":8080");
		assertThat(this.registry.requests().get(0).clientIp()).isEqualTo(ip);
	}

	@ParameterizedTest
	@CsvSource({ "255.255.255.256", "0.0.0.00", "'0.0.0.0, 256.0.0.0'" })
	void anXForwardedForWithAnOctetBeyond255OrALeadingZeroIsIgnored(String forwardedFor) {
		this.client.post("/register", "{\"name\":\"svc\",\"port\":\"8080\"}", "X-Forwarded-For", forwardedFor);
		assertThat(this.client.lookup("svc").json().get("address").stringValue()).isEqualTo("http://127.0.0.1:8080");
	}

	private Reply register(String address, String port) {
		List<String> fields = new ArrayList<>(List.of("\"name\":\"svc\""));
		if (address != null) {
			fields.add("\"address\":\"" + address + "\"");
		}
		if (port != null) {
			fields.add("\"port\":\"" + port + "\"");
		}
		return this.client.post("/register", "{" + String.join(",", fields) + "}");
	}

}
