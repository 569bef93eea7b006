package io.github.srsr.registry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests that talk to a running embedded registry over HTTP: a registry of its own for
 * every test, started on a free loopback port, with a client of it, and stopped after the test.
 */
abstract class RunningRegistryTests {

	EmbeddedSrsrRegistry registry;

	SrsrTestClient client;

	@BeforeEach
	void startRegistry() {
		this.registry = EmbeddedSrsrRegistry.start();
		this.client = new SrsrTestClient(this.registry.url());
	}

	@AfterEach
	void stopRegistry() {
		this.registry.stop();
	}

}
