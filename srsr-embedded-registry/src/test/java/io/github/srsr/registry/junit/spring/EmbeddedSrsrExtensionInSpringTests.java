package io.github.srsr.registry.junit.spring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.junit.EmbeddedSrsrExtension;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * The JUnit extension in a class run by Spring's {@code SpringExtension} but without {@code @EmbeddedSrsr}: the
 * test context starts no registry, so asking for one fails with a message that says what to add. The sample is a
 * nested static class, which Surefire does not run on its own.
 */
class EmbeddedSrsrExtensionInSpringTests {

	@Test
	void aRegistryParameterWithoutTheAnnotationFailsWithAMessageNamingIt() {
		execute(ExtendWithOnlySample.class).testEvents()
			.assertThatEvents()
			.haveExactly(1, event(finishedWithFailure(instanceOf(ParameterResolutionException.class),
					message((text) -> text.contains(ExtendWithOnlySample.class.getName())
							&& text.contains("annotate the test class with @EmbeddedSrsr")))));
	}

	private static EngineExecutionResults execute(Class<?> sample) {
		return EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute();
	}

	@SpringJUnitConfig(ExtendWithOnlySample.Config.class)
	@ExtendWith(EmbeddedSrsrExtension.class)
	static class ExtendWithOnlySample {

		@Test
		void test(EmbeddedSrsrRegistry registry) {
		}

		@Configuration(proxyBeanMethods = false)
		static class Config {

		}

	}

}
