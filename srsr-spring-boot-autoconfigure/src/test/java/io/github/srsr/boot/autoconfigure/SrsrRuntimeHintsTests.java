package io.github.srsr.boot.autoconfigure;

import org.junit.jupiter.api.Test;

import io.github.srsr.boot.lookup.SrsrInstanceSet;
import io.github.srsr.boot.registration.SrsrRegistrationStatus;
import io.github.srsr.boot.registration.SrsrRegistrationStatus.LifecycleEvent;
import io.github.srsr.boot.registration.SrsrRegistrationStatus.RegistryStatus;
import io.github.srsr.boot.registration.SrsrRegistrationStatus.State;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SrsrRuntimeHints}: everything Jackson reads of the registration's status by
 * reflection, in a native image, is registered.
 */
class SrsrRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	SrsrRuntimeHintsTests() {
		new SrsrRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void statusRecordsCanBeWrittenAsJson() {
		for (Class<?> type : new Class<?>[] { SrsrRegistrationStatus.class, RegistryStatus.class,
				LifecycleEvent.class, State.class, SrsrInstanceSet.class, SrsrInstanceSet.State.class }) {
			assertThat(RuntimeHintsPredicates.reflection().onType(type).withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS))
				.as(type.getName())
				.accepts(this.hints);
		}
	}

	@Test
	void recordComponentsAndDerivedFiguresCanBeInvoked() {
		for (String method : new String[] { "state", "serviceName", "address", "registries", "recentEvents",
				"inactive", "registryUrl", "instanceId", "lastHeartbeat", "consecutiveFailures", "failingSince",
				"lastError", "registrations", "reRegistrations" }) {
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(SrsrRegistrationStatus.class, method))
				.as(method)
				.accepts(this.hints);
		}
		for (String method : new String[] { "registryUrl", "state", "instanceId", "reRegistrations" }) {
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RegistryStatus.class, method))
				.as(method)
				.accepts(this.hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(LifecycleEvent.class, "description"))
			.accepts(this.hints);
	}

}
