package io.github.srsr.registry.junit;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.SrsrTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @EmbeddedSrsr} on a plain JUnit test class: one registry for the class, injected into the constructor,
 * lifecycle and test method parameters; nested classes share it unless they ask for their own.
 */
@EmbeddedSrsr(timeout = "750ms")
class EmbeddedSrsrExtensionTests {

	private static EmbeddedSrsrRegistry fromBeforeAll;

	private final EmbeddedSrsrRegistry fromConstructor;

	EmbeddedSrsrExtensionTests(EmbeddedSrsrRegistry registry) {
		this.fromConstructor = registry;
	}

	@BeforeAll
	static void captureRegistry(EmbeddedSrsrRegistry registry) {
		fromBeforeAll = registry;
	}

	@AfterAll
	static void registryStillRunsInAfterAll(EmbeddedSrsrRegistry registry) {
		assertThat(registry).isSameAs(fromBeforeAll);
		assertThat(registry.isRunning()).isTrue();
	}

	@BeforeEach
	void startFromAnEmptyRegistry(EmbeddedSrsrRegistry registry) {
		registry.restart();
	}

	@Test
	void injectsOneRunningRegistryWithTheAnnotationsSettingsEverywhere(EmbeddedSrsrRegistry registry) {
		assertThat(registry).isSameAs(this.fromConstructor).isSameAs(fromBeforeAll);
		assertThat(registry.isRunning()).isTrue();
		assertThat(registry.timeout()).isEqualTo(Duration.ofMillis(750));
		String id = new SrsrTestClient(registry.url()).register("svc", "http://a:1");
		assertThat(registry.instances()).singleElement().satisfies((instance) -> assertThat(instance.id()).isEqualTo(id));
	}

	@Test
	void eachTestSeesTheSameRegistryAfterItsRestart(EmbeddedSrsrRegistry registry) {
		assertThat(registry).isSameAs(fromBeforeAll);
		assertThat(registry.instances()).isEmpty();
	}

	@Nested
	class SharingTheEnclosingRegistry {

		@Test
		void getsTheEnclosingClassesRegistry(EmbeddedSrsrRegistry registry) {
			assertThat(registry).isSameAs(fromBeforeAll);
		}

	}

	@Nested
	@EmbeddedSrsr(timeout = "PT2S")
	class WithItsOwnRegistry {

		@Test
		void getsARegistryOfItsOwn(EmbeddedSrsrRegistry registry) {
			assertThat(registry).isNotSameAs(fromBeforeAll);
			assertThat(registry.timeout()).isEqualTo(Duration.ofSeconds(2));
			assertThat(registry.isRunning()).isTrue();
		}

	}

}
