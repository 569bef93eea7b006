package io.github.srsr.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Java API of {@link EmbeddedSrsrRegistry}: life cycle, pause, journal, snapshot, random pick.
 */
class EmbeddedSrsrRegistryTests {

	private EmbeddedSrsrRegistry registry;

	private SrsrTestClient client;

	@BeforeEach
	void start() {
		this.registry = EmbeddedSrsrRegistry.start();
		this.client = new SrsrTestClient(this.registry.url());
	}

	@AfterEach
	void stop() {
		this.registry.close();
	}

	@Test
	void startsOnAFreeLoopbackPortWithSrsrsDefaultTimeout() {
		assertThat(this.registry.port()).isPositive();
		assertThat(this.registry.url()).hasToString("http://localhost:" + this.registry.port());
		assertThat(this.registry.timeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.registry.isRunning()).isTrue();
		assertThat(this.client.lookup("svc").status()).isEqualTo(200);
	}

	@Test
	void listensOnTheLoopbackAddressOnly() throws IOException {
		InetAddress other = nonLoopbackAddress();
		assumeTrue(other != null, "this machine has no non-loopback IPv4 address");
		// Binding the same port on another address only works when the registry did not bind the wildcard.
		try (ServerSocket socket = new ServerSocket(this.registry.port(), 1, other)) {
			assertThat(socket.getLocalPort()).isEqualTo(this.registry.port());
		}
	}

	@Test
	void builderTakesPortAndTimeout() throws IOException {
		int port = freePort();
		try (EmbeddedSrsrRegistry custom = EmbeddedSrsrRegistry.builder()
			.port(port)
			.timeout(Duration.ofMillis(300))
			.start()) {
			assertThat(custom.port()).isEqualTo(port);
			assertThat(custom.timeout()).isEqualTo(Duration.ofMillis(300));
			assertThat(new SrsrTestClient(custom.url()).lookup("x").status()).isEqualTo(200);
		}
	}

	@Test
	void builderRefusesBadValues() {
		assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedSrsrRegistry.builder().port(70000));
		assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedSrsrRegistry.builder().timeout(Duration.ZERO));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmbeddedSrsrRegistry.builder().timeout(Duration.ofSeconds(-1)));
	}

	@Test
	void listensOnTheIpv6LoopbackWhenAskedToBesideAnotherRegistryOnTheSamePortOfTheIpv4One() throws IOException {
		InetAddress ipv6 = InetAddress.getByName("::1");
		assumeTrue(ipv6Loopback(ipv6), "this machine has no IPv6 loopback");
		try (EmbeddedSrsrRegistry onIpv6 = EmbeddedSrsrRegistry.builder()
			.address(ipv6)
			.port(this.registry.port())
			.start()) {
			assertThat(onIpv6.url()).hasToString("http://[::1]:" + this.registry.port());
			assertThat(onIpv6.address()).isEqualTo(ipv6);
			SrsrTestClient ipv6Client = new SrsrTestClient(onIpv6.url());
			String id = ipv6Client.register("svc", "http://10.0.0.1:8080");
			assertThat(onIpv6.instances()).extracting(RegisteredInstance::id).containsExactly(id);
			assertThat(this.registry.instances()).isEmpty();
		}
	}

	@Test
	void builderRefusesAnAddressThatIsNotALoopbackOne() throws IOException {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmbeddedSrsrRegistry.builder().address(InetAddress.getByName("10.0.0.1")))
			.withMessageContaining("loopback");
	}

	private static boolean ipv6Loopback(InetAddress ipv6) {
		try (ServerSocket socket = new ServerSocket(0, 1, ipv6)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Test
	void aPortInUseFailsWithABindException() {
		assertThatExceptionOfType(UncheckedIOException.class)
			.isThrownBy(() -> EmbeddedSrsrRegistry.builder().port(this.registry.port()).start())
			.withCauseInstanceOf(BindException.class)
			.withMessageContaining(Integer.toString(this.registry.port()));
	}

	@Test
	void stopRefusesConnectionsAndRestartListensAgainOnTheSamePort() {
		this.client.register("svc", "http://a:1");
		this.registry.stop();
		assertThat(this.registry.isRunning()).isFalse();
		assertThat(this.registry.instances()).isEmpty();
		assertThatThrownBy(() -> this.client.lookup("svc")).hasCauseInstanceOf(ConnectException.class);
		this.registry.stop();
		this.registry.restart();
		assertThat(this.registry.isRunning()).isTrue();
		assertThat(this.client.lookup("svc").body()).isEqualTo("{\"address\":\"\",\"success\":false}");
	}

	@Test
	void pauseHoldsRequestsUntilResumeWithoutRefusingConnections() throws Exception {
		String id = this.client.register("svc", "http://a:1");
		this.registry.pause();
		assertThat(this.registry.isPaused()).isTrue();
		CompletableFuture<HttpResponse<String>> held = this.client.http()
			.sendAsync(this.client.request("POST", "/heartbeat", "{\"id\":\"" + id + "\"}", Duration.ofSeconds(10)),
					BodyHandlers.ofString());
		assertThatThrownBy(() -> this.client.send("POST", "/lookup", "{\"name\":\"svc\"}", Duration.ofMillis(300)))
			.hasCauseInstanceOf(HttpTimeoutException.class);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.requests().size() >= 3);
		assertThat(held).isNotDone();
		this.registry.resume();
		assertThat(this.registry.isPaused()).isFalse();
		HttpResponse<String> answered = held.get();
		assertThat(answered.statusCode()).isEqualTo(200);
		assertThat(answered.body()).isEqualTo("{\"success\":true}");
		assertThat(this.client.lookup("svc").body()).isEqualTo("{\"address\":\"http://a:1\",\"success\":true}");
	}

	@Test
	void stopDoesNotHangOnPausedRequests() {
		this.registry.pause();
		CompletableFuture<HttpResponse<String>> held = this.client.http()
			.sendAsync(this.client.request("POST", "/lookup", "{\"name\":\"svc\"}", Duration.ofSeconds(10)),
					BodyHandlers.ofString());
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.registry.requests().isEmpty());
		assertTimeoutPreemptively(Duration.ofSeconds(3), () -> this.registry.stop());
		await().atMost(Duration.ofSeconds(3)).until(held::isDone);
		assertThat(held).isCompletedExceptionally();
	}

	@Test
	void pauseOnAStoppedRegistryIsAnError() {
		this.registry.stop();
		assertThatIllegalStateException().isThrownBy(this.registry::pause);
		assertThat(this.registry.isPaused()).isFalse();
	}

	@Test
	void restartEndsAPause() {
		this.registry.pause();
		this.registry.restart();
		assertThat(this.registry.isPaused()).isFalse();
		assertThat(this.client.send("POST", "/lookup", "{\"name\":\"svc\"}", Duration.ofSeconds(2)).status())
			.isEqualTo(200);
	}

	@Test
	void journalRecordsEveryRequestWithTheClientIpAsSeen() {
		Instant before = Instant.now();
		this.client.post("/register", "{\"name\":\"svc\",\"port\":\"8080\"}", "X-Forwarded-For", "10.1.2.3");
		this.client.send("GET", "/nowhere", null, Duration.ofSeconds(2));
		this.client.post("/lookup", "{\"name\":\"svc\"}");
		List<RecordedRequest> requests = this.registry.requests();
		assertThat(requests).extracting(RecordedRequest::method, RecordedRequest::path, RecordedRequest::clientIp)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "/register", "10.1.2.3"),
					org.assertj.core.groups.Tuple.tuple("GET", "/nowhere", "127.0.0.1"),
					org.assertj.core.groups.Tuple.tuple("POST", "/lookup", "127.0.0.1"));
		assertThat(requests.get(0).body()).isEqualTo("{\"name\":\"svc\",\"port\":\"8080\"}");
		assertThat(requests.get(1).body()).isEmpty();
		assertThat(requests).allSatisfy((request) -> assertThat(request.time()).isBetween(before, Instant.now()));
		assertThatThrownBy(() -> requests.add(requests.get(0))).isInstanceOf(UnsupportedOperationException.class);
		this.registry.restart();
		assertThat(this.registry.requests()).hasSize(3);
		this.registry.clearRequests();
		assertThat(this.registry.requests()).isEmpty();
	}

	@Test
	void instancesIsAnImmutableSnapshot() {
		Instant before = Instant.now();
		String first = this.client.register("svc", "http://a:1");
		String second = this.client.register("other", "http://b:2");
		List<RegisteredInstance> snapshot = this.registry.instances();
		assertThat(snapshot).extracting(RegisteredInstance::id, RegisteredInstance::name, RegisteredInstance::address,
				RegisteredInstance::visible)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(first, "svc", "http://a:1", true),
					org.assertj.core.groups.Tuple.tuple(second, "other", "http://b:2", true));
		assertThat(snapshot).allSatisfy((instance) -> assertThat(instance.lastHeartbeat()).isAfterOrEqualTo(before));
		Instant registeredAt = snapshot.get(0).lastHeartbeat();
		await().atMost(Duration.ofSeconds(2)).until(() -> Instant.now().isAfter(registeredAt));
		this.client.heartbeat(first);
		this.client.deregister(second);
		assertThat(snapshot).hasSize(2);
		assertThatThrownBy(snapshot::clear).isInstanceOf(UnsupportedOperationException.class);
		assertThat(this.registry.instances()).singleElement()
			.satisfies((instance) -> assertThat(instance.lastHeartbeat()).isAfter(registeredAt));
	}

	@Test
	void lookupPicksAmongSeveralInstancesAtRandom() {
		this.client.register("svc", "http://a:1");
		this.client.register("svc", "http://b:2");
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 200 && seen.size() < 2; i++) {
			seen.add(this.client.lookup("svc").json().get("address").stringValue());
		}
		assertThat(seen).containsExactlyInAnyOrder("http://a:1", "http://b:2");
	}

	@Test
	void toStringNamesTheUrl() {
		assertThat(this.registry).hasToString("EmbeddedSrsrRegistry[" + this.registry.url() + ", timeout PT30S]");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static InetAddress nonLoopbackAddress() throws IOException {
		return java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())
			.stream()
			.flatMap((networkInterface) -> java.util.Collections.list(networkInterface.getInetAddresses()).stream())
			.filter((address) -> !address.isLoopbackAddress() && address instanceof java.net.Inet4Address)
			.findFirst()
			.orElse(null);
	}

}
