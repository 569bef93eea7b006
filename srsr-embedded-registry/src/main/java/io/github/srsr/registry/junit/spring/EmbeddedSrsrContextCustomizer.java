package io.github.srsr.registry.junit.spring;

import java.util.Map;
import java.util.Objects;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.junit.EmbeddedSrsr;
import io.github.srsr.registry.junit.EmbeddedSrsrSettings;

/**
 * Starts the embedded registry of one test class while its Spring test context is prepared, registers it as the
 * singleton bean {@value #BEAN_NAME} (stopped when the context closes) and adds the property
 * {@value #URL_PROPERTY} with its URL as the first property source, ahead of application properties and
 * environment variables.
 *
 * <p>Equal only for the same test class: Spring's context cache keys on the customizers, so each test class gets
 * its own context and registry.
 */
public final class EmbeddedSrsrContextCustomizer implements ContextCustomizer {

	/** The name of the registry's bean. */
	public static final String BEAN_NAME = "embeddedSrsrRegistry";

	/** The property set to the registry's URL. */
	public static final String URL_PROPERTY = "srsr.registry.url";

	/** The name of the property source holding {@value #URL_PROPERTY}. */
	public static final String PROPERTY_SOURCE_NAME = "embeddedSrsr";

	private final Class<?> testClass;

	private final EmbeddedSrsrSettings settings;

	EmbeddedSrsrContextCustomizer(Class<?> testClass, EmbeddedSrsr annotation) {
		this.testClass = testClass;
		this.settings = EmbeddedSrsrSettings.of(annotation);
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		EmbeddedSrsrRegistry registry = this.settings.start();
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		beanFactory.registerSingleton(BEAN_NAME, registry);
		if (beanFactory instanceof DefaultSingletonBeanRegistry singletons) {
			singletons.registerDisposableBean(BEAN_NAME, (DisposableBean) registry::stop);
		}
		else {
			context.addApplicationListener((ContextClosedEvent event) -> registry.stop());
		}
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(URL_PROPERTY, registry.url().toString())));
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		if (other == null || getClass() != other.getClass()) {
			return false;
		}
		EmbeddedSrsrContextCustomizer that = (EmbeddedSrsrContextCustomizer) other;
		return this.testClass == that.testClass && this.settings.equals(that.settings);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.testClass, this.settings);
	}

}
