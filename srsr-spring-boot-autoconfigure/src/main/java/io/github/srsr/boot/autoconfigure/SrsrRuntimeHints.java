package io.github.srsr.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.lookup.SrsrInstanceSet;
import io.github.srsr.boot.registration.SrsrRegistrationStatus;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a native image of an application with the starter needs beyond what Spring's AOT processing
 * finds on its own: the registration's status, which the {@code srsr} actuator endpoint writes
 * as JSON (its records and the figures derived from them, such as {@code registryUrl}, that
 * Jackson finds by reflection), and the instance sets it shows beside it. Everything else the starter does without reflection: the registry
 * client writes and reads JSON as maps and trees, the settings are bound by Spring Boot (whose AOT
 * processing registers {@link SrsrProperties}), the failure analyzers come through
 * {@code META-INF/spring.factories} (whose entries Spring Framework registers) and the
 * registration listens to events as an {@code ApplicationListener} bean.
 */
class SrsrRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), SrsrRegistrationStatus.class,
				SrsrInstanceSet.class);
		for (Class<?> type : new Class<?>[] { SrsrRegistrationStatus.class, SrsrRegistrationStatus.RegistryStatus.class,
				SrsrRegistrationStatus.LifecycleEvent.class, SrsrRegistrationStatus.State.class, SrsrInstanceSet.class,
				SrsrInstanceSet.State.class }) {
			hints.reflection()
				.registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
						MemberCategory.ACCESS_DECLARED_FIELDS);
		}
	}

}
