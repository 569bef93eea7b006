package io.github.srsr.boot.actuate;

import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.lookup.SrsrInstanceSet;
import io.github.srsr.boot.registration.SrsrRegistrationStatus;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a native image needs to write the {@code srsr} endpoint's answer as JSON, which Jackson
 * reads by reflection: its body ({@code @JsonValue}), the registration's status inside it (its
 * records and the figures derived from them, such as {@code registryUrl}) and the instance sets
 * shown beside it. Nothing else of the starter needs a hint: the registry client writes and reads
 * JSON as maps and trees, the settings are bound by Spring Boot (whose AOT processing registers
 * the properties), the failure analyzers come through {@code META-INF/spring.factories} (whose
 * entries Spring Framework registers), the registration listens to events as an
 * {@code ApplicationListener} bean, and the health component's details are strings and numbers.
 */
class SrsrEndpointRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
				SrsrEndpoint.RegistrationBody.class, SrsrRegistrationStatus.class, SrsrInstanceSet.class);
		hints.reflection()
			.registerType(SrsrEndpoint.RegistrationBody.class, MemberCategory.INVOKE_DECLARED_METHODS,
					MemberCategory.ACCESS_DECLARED_FIELDS);
		for (Class<?> type : new Class<?>[] { SrsrRegistrationStatus.class, SrsrRegistrationStatus.RegistryStatus.class,
				SrsrRegistrationStatus.LifecycleEvent.class, SrsrRegistrationStatus.State.class, SrsrInstanceSet.class,
				SrsrInstanceSet.State.class }) {
			hints.reflection()
				.registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
						MemberCategory.ACCESS_DECLARED_FIELDS);
		}
	}

}
