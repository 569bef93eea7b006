package io.github.srsr.registry.junit.spring;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.context.ContextCustomizer;

import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.junit.EmbeddedSrsr;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which test classes get a registry in their Spring test context, and that it lives and dies with the context.
 */
class EmbeddedSrsrContextCustomizerFactoryTests {

	private final EmbeddedSrsrContextCustomizerFactory factory = new EmbeddedSrsrContextCustomizerFactory();

	@Test
	void aClassWithoutTheAnnotationGetsNoCustomizer() {
		assertThat(customizer(Plain.class)).isNull();
	}

	@Test
	void eachAnnotatedClassGetsItsOwnCustomizerSoItsOwnContext() {
		ContextCustomizer first = customizer(Annotated.class);
		assertThat(first).isNotNull().isEqualTo(customizer(Annotated.class));
		assertThat(first).hasSameHashCodeAs(customizer(Annotated.class));
		assertThat(first).isNotEqualTo(customizer(OtherAnnotated.class));
		assertThat(customizer(Annotated.Inner.class)).isNotNull().isNotEqualTo(first);
	}

	@Test
	void theRegistryIsABeanAndAPropertyAndStopsWithTheContext() {
		EmbeddedSrsrRegistry registry;
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			customizer(Annotated.class).customizeContext(context, null);
			context.refresh();
			registry = context.getBean(EmbeddedSrsrRegistry.class);
			assertThat(registry.isRunning()).isTrue();
			assertThat(context.getEnvironment().getPropertySources().iterator().next().getName())
				.isEqualTo("embeddedSrsr");
			assertThat(context.getEnvironment().getProperty("srsr.registry.url")).isEqualTo(registry.url().toString());
		}
		assertThat(registry.isRunning()).isFalse();
	}

	private ContextCustomizer customizer(Class<?> testClass) {
		return this.factory.createContextCustomizer(testClass, List.of());
	}

	static class Plain {

	}

	@EmbeddedSrsr(timeout = "1s")
	static class Annotated {

		class Inner {

		}

	}

	@EmbeddedSrsr(timeout = "1s")
	static class OtherAnnotated {

	}

}
