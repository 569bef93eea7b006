package io.github.srsr.boot.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a native image needs to write the {@code srsr} endpoint's answer as JSON: its body, which
 * Jackson reads by reflection ({@code @JsonValue}). The status inside it is registered with the
 * starter's own hints.
 */
class SrsrEndpointRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
				SrsrEndpoint.RegistrationBody.class);
		hints.reflection()
			.registerType(SrsrEndpoint.RegistrationBody.class, MemberCategory.INVOKE_DECLARED_METHODS,
					MemberCategory.ACCESS_DECLARED_FIELDS);
	}

}
