package io.github.srsr.boot.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SrsrEndpointRuntimeHints}.
 */
class SrsrEndpointRuntimeHintsTests {

	@Test
	void endpointBodyCanBeWrittenAsJson() {
		RuntimeHints hints = new RuntimeHints();
		new SrsrEndpointRuntimeHints().registerHints(hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection().onType(SrsrEndpoint.RegistrationBody.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(SrsrEndpoint.RegistrationBody.class, "status"))
			.accepts(hints);
	}

}
