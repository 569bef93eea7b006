package io.github.srsr.boot.cloud;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SrsrServiceInstance}: an address from srsr's {@code /lookup} as Spring Cloud
 * load balancers use it.
 */
class SrsrServiceInstanceTests {

	@Test
	void hostPortAndSchemeComeFromTheAddress() {
		SrsrServiceInstance instance = new SrsrServiceInstance("orders", URI.create("http://10.0.0.5:8080"));
		assertThat(instance.getServiceId()).isEqualTo("orders");
		assertThat(instance.getHost()).isEqualTo("10.0.0.5");
		assertThat(instance.getPort()).isEqualTo(8080);
		assertThat(instance.isSecure()).isFalse();
		assertThat(instance.getScheme()).isEqualTo("http");
		assertThat(instance.getUri()).isEqualTo(URI.create("http://10.0.0.5:8080"));
		assertThat(instance.getInstanceId()).isEqualTo("http://10.0.0.5:8080");
		assertThat(instance.getMetadata()).isEmpty();
	}

	@Test
	void addressWithoutPortUsesTheDefaultPortOfItsScheme() {
		assertThat(new SrsrServiceInstance("orders", URI.create("https://orders.internal")).getPort()).isEqualTo(443);
		assertThat(new SrsrServiceInstance("orders", URI.create("https://orders.internal")).isSecure()).isTrue();
		assertThat(new SrsrServiceInstance("orders", URI.create("http://orders.internal")).getPort()).isEqualTo(80);
	}

	@Test
	void hostNameThatUriDoesNotParseIsStillUsable() {
		SrsrServiceInstance instance = new SrsrServiceInstance("orders", URI.create("http://orders_1:8080"));
		assertThat(instance.getHost()).isEqualTo("orders_1");
		assertThat(instance.getPort()).isEqualTo(8080);
	}

}
