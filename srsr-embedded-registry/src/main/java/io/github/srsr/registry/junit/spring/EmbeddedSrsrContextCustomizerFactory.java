package io.github.srsr.registry.junit.spring;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

import io.github.srsr.registry.junit.EmbeddedSrsr;

/**
 * Gives each Spring test class that carries {@link EmbeddedSrsr @EmbeddedSrsr} (directly, through a
 * meta-annotation, a superclass or an enclosing class) its own embedded registry in its test context.
 * Registered in {@code META-INF/spring.factories}, so nothing needs to be configured.
 *
 * @see EmbeddedSrsrContextCustomizer
 */
public final class EmbeddedSrsrContextCustomizerFactory implements ContextCustomizerFactory {

	/**
	 * Creates the factory; Spring's test support does this.
	 */
	public EmbeddedSrsrContextCustomizerFactory() {
	}

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		EmbeddedSrsr annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass, EmbeddedSrsr.class);
		return (annotation != null) ? new EmbeddedSrsrContextCustomizer(testClass, annotation) : null;
	}

}
