package io.github.srsr.registry.junit;

import java.util.Optional;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import io.github.srsr.registry.EmbeddedSrsrRegistry;

/**
 * The JUnit Jupiter extension behind {@link EmbeddedSrsr @EmbeddedSrsr}; it can also be registered on its own
 * with {@code @ExtendWith(EmbeddedSrsrExtension.class)}, for a registry with the default settings.
 *
 * <p>Who owns the registry:
 * <ul>
 * <li>A class run by Spring's {@code SpringExtension} (it, or one of its enclosing classes, carries
 * {@code @ExtendWith(SpringExtension.class)}, directly or through an annotation such as {@code @SpringBootTest}:
 * the test Spring Kafka's {@code EmbeddedKafkaCondition} makes): the Spring test context owns it (see
 * {@code EmbeddedSrsrContextCustomizerFactory}); this extension starts nothing and resolves parameters with
 * the context's {@link EmbeddedSrsrRegistry} bean. It leaves to Spring the parameters Spring resolves itself
 * ({@code @Autowired} ones, autowired constructors).</li>
 * <li>Any other class: this extension starts one registry per test class before all its tests (or earlier,
 * when the constructor of a per-class test instance asks for it), keeps it in the class's
 * {@link ExtensionContext.Store}, which stops it after all the tests, and injects it. A {@code @Nested} class
 * without an annotation of its own shares the registry of its enclosing class.</li>
 * </ul>
 */
public final class EmbeddedSrsrExtension implements BeforeAllCallback, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(EmbeddedSrsrExtension.class);

	private static final String SPRING_EXTENSION = "org.springframework.test.context.junit.jupiter.SpringExtension";

	/**
	 * Creates the extension; JUnit does this.
	 */
	public EmbeddedSrsrExtension() {
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		if (!isRunBySpring(context)) {
			registry(context);
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		if (parameterContext.getParameter().getType() != EmbeddedSrsrRegistry.class) {
			return false;
		}
		return !isRunBySpring(extensionContext)
				|| !EmbeddedSrsrSpringSupport.springResolves(parameterContext, extensionContext);
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return isRunBySpring(extensionContext) ? EmbeddedSrsrSpringSupport.registry(extensionContext)
				: registry(extensionContext);
	}

	/**
	 * The registry of the test class of this context, started on first use.
	 */
	private static EmbeddedSrsrRegistry registry(ExtensionContext context) {
		ExtensionContext owner = owner(classContext(context));
		Class<?> testClass = owner.getRequiredTestClass();
		return owner.getStore(NAMESPACE)
			.computeIfAbsent(testClass,
					(key) -> EmbeddedSrsrSettings.of(findAnnotation(testClass).orElse(null)).start(),
					EmbeddedSrsrRegistry.class);
	}

	/** The class-level context of a method-level (or class-level) context. */
	private static ExtensionContext classContext(ExtensionContext context) {
		ExtensionContext current = context;
		while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
			current = current.getParent().get();
		}
		return current;
	}

	/**
	 * The class context that owns the registry: the nearest one (this class, then its enclosing classes) whose
	 * class carries {@code @EmbeddedSrsr}, else the outermost class context.
	 */
	private static ExtensionContext owner(ExtensionContext classContext) {
		ExtensionContext current = classContext;
		while (findAnnotation(current.getRequiredTestClass()).isEmpty()) {
			Optional<ExtensionContext> parent = current.getParent()
				.filter((candidate) -> candidate.getTestClass().isPresent() && candidate.getTestMethod().isEmpty());
			if (parent.isEmpty()) {
				break;
			}
			current = parent.get();
		}
		return current;
	}

	private static Optional<EmbeddedSrsr> findAnnotation(Class<?> testClass) {
		return AnnotationSupport.findAnnotation(testClass, EmbeddedSrsr.class);
	}

	/**
	 * Whether the test class, or a class enclosing it, is extended with Spring's {@code SpringExtension} (or a
	 * subclass of it). Compared by name so that no Spring class is loaded when Spring is absent.
	 */
	static boolean isRunBySpring(ExtensionContext context) {
		for (Class<?> type = context.getTestClass().orElse(null); type != null; type = type.getEnclosingClass()) {
			for (ExtendWith extendWith : AnnotationSupport.findRepeatableAnnotations(type, ExtendWith.class)) {
				for (Class<? extends Extension> extension : extendWith.value()) {
					if (isSpringExtension(extension)) {
						return true;
					}
				}
			}
		}
		return false;
	}

	private static boolean isSpringExtension(Class<?> extension) {
		for (Class<?> type = extension; type != null; type = type.getSuperclass()) {
			if (SPRING_EXTENSION.equals(type.getName())) {
				return true;
			}
		}
		return false;
	}

}
