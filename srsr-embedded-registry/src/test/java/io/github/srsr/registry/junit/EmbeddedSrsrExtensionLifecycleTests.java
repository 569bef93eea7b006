package io.github.srsr.registry.junit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import io.github.srsr.registry.EmbeddedSrsrRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * Runs sample test classes through the JUnit engine to check when {@link EmbeddedSrsrExtension} starts and stops
 * registries. The samples are nested static classes, which Surefire does not run on its own.
 */
class EmbeddedSrsrExtensionLifecycleTests {

	static final List<EmbeddedSrsrRegistry> seen = new CopyOnWriteArrayList<>();

	@Test
	void startsOneRegistryPerTestClassAndStopsItAfterTheClass() {
		seen.clear();
		execute(FirstSample.class).testEvents().assertStatistics((stats) -> stats.succeeded(2).failed(0));
		execute(SecondSample.class).testEvents().assertStatistics((stats) -> stats.succeeded(1).failed(0));
		assertThat(seen).hasSize(3);
		assertThat(seen.get(0)).isSameAs(seen.get(1)).isNotSameAs(seen.get(2));
		assertThat(seen).noneMatch(EmbeddedSrsrRegistry::isRunning);
	}

	@Test
	void injectsIntoTheConstructorOfAPerClassTestInstance() {
		seen.clear();
		execute(PerClassSample.class).testEvents().assertStatistics((stats) -> stats.succeeded(1).failed(0));
		assertThat(seen).hasSize(2);
		assertThat(seen.get(0)).isSameAs(seen.get(1));
		assertThat(seen.get(0).isRunning()).isFalse();
	}

	@Test
	void extendWithAloneGivesTheDefaults() {
		seen.clear();
		execute(ExtendWithSample.class).testEvents().assertStatistics((stats) -> stats.succeeded(1).failed(0));
		assertThat(seen).singleElement().satisfies((registry) -> {
			assertThat(registry.timeout()).isEqualTo(EmbeddedSrsrRegistry.DEFAULT_TIMEOUT);
			assertThat(registry.isRunning()).isFalse();
		});
	}

	@Test
	void anInvalidTimeoutFailsTheClassWithAClearMessage() {
		execute(InvalidTimeoutSample.class).containerEvents()
			.assertThatEvents()
			.haveExactly(1, event(finishedWithFailure(instanceOf(IllegalArgumentException.class),
					message((text) -> text.contains("\"soon\"") && text.contains("300ms")))));
	}

	private static EngineExecutionResults execute(Class<?> sample) {
		return EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute();
	}

	@EmbeddedSrsr(timeout = "1s")
	static class FirstSample {

		@Test
		void first(EmbeddedSrsrRegistry registry) {
			assertThat(registry.isRunning()).isTrue();
			assertThat(registry.timeout()).isEqualTo(Duration.ofSeconds(1));
			seen.add(registry);
		}

		@Test
		void second(EmbeddedSrsrRegistry registry) {
			assertThat(registry.isRunning()).isTrue();
			seen.add(registry);
		}

	}

	@EmbeddedSrsr
	static class SecondSample {

		@Test
		void only(EmbeddedSrsrRegistry registry) {
			assertThat(registry.isRunning()).isTrue();
			seen.add(registry);
		}

	}

	@EmbeddedSrsr
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	static class PerClassSample {

		PerClassSample(EmbeddedSrsrRegistry registry) {
			seen.add(registry);
		}

		@Test
		void test(EmbeddedSrsrRegistry registry) {
			assertThat(registry.isRunning()).isTrue();
			seen.add(registry);
		}

	}

	@ExtendWith(EmbeddedSrsrExtension.class)
	static class ExtendWithSample {

		@Test
		void test(EmbeddedSrsrRegistry registry) {
			assertThat(registry.isRunning()).isTrue();
			seen.add(registry);
		}

	}

	@EmbeddedSrsr(timeout = "soon")
	static class InvalidTimeoutSample {

		@Test
		void test() {
		}

	}

}
