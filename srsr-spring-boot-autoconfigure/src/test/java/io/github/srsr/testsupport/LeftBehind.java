package io.github.srsr.testsupport;

import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.RegisteredInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the starter leaves in a registry once it left: nothing but its departure notices (each
 * leaving instance's address under {@code <name>#srsr-left}, never heartbeated, which the
 * registry expires after its timeout).
 */
public final class LeftBehind {

	private static final String DEPARTURE_NOTICES = "#srsr-left";

	private LeftBehind() {
	}

	/**
	 * Assert that the registry holds nothing but departure notices.
	 * @param registry the registry
	 */
	public static void assertOnlyDepartureNotices(EmbeddedSrsrRegistry registry) {
		assertThat(registry.instances()).extracting(RegisteredInstance::name)
			.allSatisfy((name) -> assertThat(name).endsWith(DEPARTURE_NOTICES));
	}

	/**
	 * Return whether the registry holds nothing but departure notices.
	 * @param registry the registry
	 * @return whether it does
	 */
	public static boolean onlyDepartureNotices(EmbeddedSrsrRegistry registry) {
		return registry.instances().stream().allMatch((instance) -> instance.name().endsWith(DEPARTURE_NOTICES));
	}

}
