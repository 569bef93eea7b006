package io.github.srsr.benchmarks.stub;

import java.lang.reflect.Proxy;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * Only for the start-up and footprint baseline, and only when the sample cannot start with
 * {@code srsr.enabled=false} on its own (its controller requires a bean of the starter, which the disabled
 * starter does not define): for each of the starter's client-side interfaces ({@code SrsrClient},
 * {@code SrsrServiceLookup}) that is on the class path and has no bean, a stand-in that is never called (every
 * call throws). The suite puts this on the sample's class path through Spring Boot's {@code PropertiesLauncher}
 * ({@code loader.path}), for both the starter-on and the starter-off runs, so that both launch the same way; with
 * the starter on, every such bean exists and this adds nothing.
 */
@AutoConfiguration
public class DisabledSrsrStandInsAutoConfiguration {

	/** The class files the stub jar needs. */
	public static final String[] CLASS_FILES = { "DisabledSrsrStandInsAutoConfiguration.class" };

	private static final String[] STAND_INS = { "io.github.srsr.client.SrsrClient",
			"io.github.srsr.boot.lookup.SrsrServiceLookup" };

	@Bean
	static BeanFactoryPostProcessor disabledSrsrStandIns() {
		return DisabledSrsrStandInsAutoConfiguration::registerStandIns;
	}

	private static void registerStandIns(ConfigurableListableBeanFactory beanFactory) {
		ClassLoader classLoader = beanFactory.getBeanClassLoader();
		for (String name : STAND_INS) {
			if (!ClassUtils.isPresent(name, classLoader)) {
				continue;
			}
			Class<?> type = ClassUtils.resolveClassName(name, classLoader);
			if (beanFactory.getBeanNamesForType(type, true, false).length > 0) {
				continue;
			}
			Object standIn = Proxy.newProxyInstance(classLoader, new Class<?>[] { type }, (proxy, method, args) -> {
				return switch (method.getName()) {
					case "toString" -> "disabled " + type.getSimpleName();
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					default -> throw new UnsupportedOperationException("srsr is disabled (srsr.enabled=false)");
				};
			});
			beanFactory.registerSingleton("disabled" + type.getSimpleName(), standIn);
		}
	}

}
