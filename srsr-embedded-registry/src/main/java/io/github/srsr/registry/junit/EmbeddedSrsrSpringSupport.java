package io.github.srsr.registry.junit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

import io.github.srsr.registry.EmbeddedSrsrRegistry;

/**
 * What {@link EmbeddedSrsrExtension} asks Spring when a test class is run by {@code SpringExtension}; kept apart so
 * that the extension loads no Spring class otherwise.
 *
 * <p>It lives beside the extension, not in {@code io.github.srsr.registry.junit.spring}: that package depends on
 * this one ({@link EmbeddedSrsr}, {@link EmbeddedSrsrSettings}), and this one must not depend back on it.
 */
final class EmbeddedSrsrSpringSupport {

	private EmbeddedSrsrSpringSupport() {
	}

	/**
	 * Whether {@code SpringExtension} resolves this parameter itself ({@code @Autowired}, {@code @Value},
	 * autowired constructors), in which case the srsr extension must not compete for it.
	 * @param parameterContext the parameter
	 * @param extensionContext the extension context
	 * @return whether Spring resolves it
	 */
	static boolean springResolves(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return new SpringExtension().supportsParameter(parameterContext, extensionContext);
	}

	/**
	 * The registry bean of the test's Spring application context.
	 * @param extensionContext the extension context
	 * @return the registry the context started for the test class
	 * @throws ParameterResolutionException if the context holds no (single) registry, e.g. because the class has
	 * {@code @ExtendWith(EmbeddedSrsrExtension.class)} but not {@code @EmbeddedSrsr}
	 */
	static EmbeddedSrsrRegistry registry(ExtensionContext extensionContext) {
		ApplicationContext context = SpringExtension.getApplicationContext(extensionContext);
		EmbeddedSrsrRegistry registry = context.getBeanProvider(EmbeddedSrsrRegistry.class).getIfUnique();
		if (registry == null) {
			throw new ParameterResolutionException("The Spring test context of "
					+ extensionContext.getRequiredTestClass().getName()
					+ " holds no single EmbeddedSrsrRegistry bean: annotate the test class with @EmbeddedSrsr");
		}
		return registry;
	}

}
