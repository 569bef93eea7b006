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
 * Tests of {@link ServiceRegistrationRequest}: what it accepts, the port it adds to an address
 * that names none, how it describes the address the registry will register, and how it reads the
 * host and port of an address (also of host names {@link URI} does not accept, such as container
 * names with an underscore).
 */
class ServiceRegistrationRequestTests {

	// ---------------------------------------------------------------- validation

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { " ", "\t" })
	void nameMustNotBeEmpty(String name) {
		assertThatIllegalArgumentException().isThrownBy(() -> new ServiceRegistrationRequest(name, null, null))
			.withMessage("'name' must not be empty");
	}

	@ParameterizedTest
	@ValueSource(ints = { Integer.MIN_VALUE, -1, 0, 65536, Integer.MAX_VALUE })
	void portMustBeATcpPort(int port) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ServiceRegistrationRequest("orders", "http://10.0.0.5", port))
			.withMessage("'port' must be between 1 and 65535");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 8080, 65535 })
	void portsFrom1To65535AreAccepted(int port) {
		assertThat(new ServiceRegistrationRequest("orders", null, port).port()).isEqualTo(port);
	}

	@Test
	void addressAndPortMayBothBeLeftOut() {
		ServiceRegistrationRequest request = new ServiceRegistrationRequest("orders", null, null);
		assertThat(request.address()).isNull();
		assertThat(request.port()).isNull();
	}

	@Test
	void requestsWithTheSameValuesAreEqual() {
		assertThat(new ServiceRegistrationRequest("orders", "http://10.0.0.5", 8080))
			.isEqualTo(new ServiceRegistrationRequest("orders", "http://10.0.0.5", 8080))
			.hasSameHashCodeAs(new ServiceRegistrationRequest("orders", "http://10.0.0.5", 8080))
			.isNotEqualTo(new ServiceRegistrationRequest("orders", "http://10.0.0.5", 8081))
			.isNotEqualTo(new ServiceRegistrationRequest("orders", "http://10.0.0.6", 8080))
			.isNotEqualTo(new ServiceRegistrationRequest("payments", "http://10.0.0.5", 8080));
	}

	// ---------------------------------------------------------------- withDefaultPort

	@Test
	void defaultPortIsSentOnItsOwnWithoutAddress() {
		assertThat(new ServiceRegistrationRequest("orders", null, null).withDefaultPort(8080))
			.isEqualTo(new ServiceRegistrationRequest("orders", null, 8080));
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://10.0.0.5", "http://10.0.0.5/", "https://orders.internal", "http://orders_1" })
	void defaultPortIsSentOnItsOwnForAnAddressWithoutPortAndPath(String address) {
		assertThat(new ServiceRegistrationRequest("orders", address, null).withDefaultPort(8080))
			.isEqualTo(new ServiceRegistrationRequest("orders", address, 8080));
	}

	@ParameterizedTest
	@CsvSource({ "http://10.0.0.5/ctx, http://10.0.0.5:8080/ctx", "https://orders.internal/a/b, https://orders.internal:8080/a/b",
			"http://orders_1/ctx, http://orders_1:8080/ctx", "'  http://10.0.0.5/ctx  ', http://10.0.0.5:8080/ctx" })
	void defaultPortGoesBeforeThePathOfAnAddress(String address, String withPort) {
		assertThat(new ServiceRegistrationRequest("orders", address, null).withDefaultPort(8080))
			.isEqualTo(new ServiceRegistrationRequest("orders", withPort, null));
	}

	@Test
	void aPortOfItsOwnIsKept() {
		ServiceRegistrationRequest request = new ServiceRegistrationRequest("orders", null, 9090);
		assertThat(request.withDefaultPort(8080)).isEqualTo(request);
		ServiceRegistrationRequest withAddress = new ServiceRegistrationRequest("orders", "http://10.0.0.5", 9090);
		assertThat(withAddress.withDefaultPort(8080)).isEqualTo(withAddress);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://10.0.0.5:9090", "http://10.0.0.5:9090/ctx", "http://orders_1:9090" })
	void thePortOfTheAddressIsKept(String address) {
		ServiceRegistrationRequest request = new ServiceRegistrationRequest("orders", address, null);
		assertThat(request.withDefaultPort(8080)).isEqualTo(request);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://10.0.0.5", "http://10.0.0.5/ctx" })
	void withoutDefaultPortTheRequestIsUnchanged(String address) {
		ServiceRegistrationRequest request = new ServiceRegistrationRequest("orders", address, null);
		assertThat(request.withDefaultPort(null)).isEqualTo(request);
		ServiceRegistrationRequest withoutAddress = new ServiceRegistrationRequest("orders", null, null);
		assertThat(withoutAddress.withDefaultPort(null)).isEqualTo(withoutAddress);
	}

	// ---------------------------------------------------------------- describeAddress

	@Test
	void describesTheAddressAsGiven() {
		assertThat(new ServiceRegistrationRequest("orders", "http://10.0.0.5:8080", null).describeAddress())
			.isEqualTo("http://10.0.0.5:8080");
	}

	@Test
	void describesTheAddressWithThePortTheRegistryAppends() {
		assertThat(new ServiceRegistrationRequest("orders", "http://10.0.0.5", 8080).describeAddress())
			.isEqualTo("http://10.0.0.5:8080");
	}

	@Test
	void describesThePortOnItsOwnAtTheCallersIp() {
		assertThat(new ServiceRegistrationRequest("orders", null, 8080).describeAddress())
			.isEqualTo("http://<caller ip>:8080");
	}

	@Test
	void describesNeitherAddressNorPortAsTheCallersIp() {
		assertThat(new ServiceRegistrationRequest("orders", null, null).describeAddress())
			.isEqualTo("http://<caller ip>");
	}

	// ---------------------------------------------------------------- isHttpAddress, hasPort, hasPath

	@ParameterizedTest
	@ValueSource(strings = { "http://10.0.0.5:8080", "https://orders.internal", "HTTP://10.0.0.5", "HTTPS://orders.internal",
			"http://orders_1:8080", "http://orders_1", "  http://10.0.0.5  ", "http://user:secret@10.0.0.5/ctx" })
	void httpAndHttpsAddressesWithAHostAreHttpAddresses(String address) {
		assertThat(ServiceRegistrationRequest.isHttpAddress(address)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "10.0.0.5:8080", "/orders", "orders", "ftp://10.0.0.5", "mailto:ops@example.com",
			"http:///orders", "http://", "http://:8080", "http://user@:8080", "http://10.0.0.5 8080", "" })
	void otherAddressesAreNotHttpAddresses(String address) {
		assertThat(ServiceRegistrationRequest.isHttpAddress(address)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://10.0.0.5:8080", "http://10.0.0.5:8080/ctx", "http://orders_1:8080",
			"http://user@orders_1:8080", " http://10.0.0.5:8080 " })
	void addressesWithAPortHaveAPort(String address) {
		assertThat(ServiceRegistrationRequest.hasPort(address)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://10.0.0.5", "http://10.0.0.5/ctx", "http://orders_1", "http://orders_1/ctx",
			"http://user:8080@orders_1", "http://10.0.0.5 8080", "orders" })
	void addressesWithoutAPortHaveNone(String address) {
		assertThat(ServiceRegistrationRequest.hasPort(address)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://10.0.0.5/ctx", "http://10.0.0.5:8080/ctx/", "http://orders_1/ctx", "http://10.0.0.5//" })
	void addressesWithAPathBeyondTheRootHaveAPath(String address) {
		assertThat(ServiceRegistrationRequest.hasPath(address)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://10.0.0.5", "http://10.0.0.5/", "http://10.0.0.5:8080/", "http://orders_1:8080",
			"mailto:ops@example.com", "http://10.0.0.5/a b" })
	void addressesWithoutAPathBeyondTheRootHaveNone(String address) {
		assertThat(ServiceRegistrationRequest.hasPath(address)).isFalse();
	}

	// ---------------------------------------------------------------- host and port

	@ParameterizedTest
	@CsvSource({ "http://10.0.0.5:8080, 10.0.0.5, 8080", "http://10.0.0.5, 10.0.0.5, -1",
			"https://orders.internal:8443/ctx, orders.internal, 8443", "http://orders_1:8080, orders_1, 8080",
			"http://orders_1, orders_1, -1", "http://orders_1/ctx, orders_1, -1",
			"http://user:secret@orders_1:9090/ctx, orders_1, 9090", "http://user:9090@orders_1, orders_1, -1", "http://:8080, '', 8080" })
	void hostAndPortOfAnAddress(String address, String host, int port) {
		URI uri = URI.create(address);
		assertThat(ServiceRegistrationRequest.host(uri)).isEqualTo(host);
		assertThat(ServiceRegistrationRequest.port(uri)).isEqualTo(port);
	}

	@Test
	void anAddressWithoutAuthorityHasNoHostAndNoPort() {
		URI uri = URI.create("mailto:ops@example.com");
		assertThat(ServiceRegistrationRequest.host(uri)).isEmpty();
		assertThat(ServiceRegistrationRequest.port(uri)).isEqualTo(-1);
	}

}
