package io.github.srsr.boot.registration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Leaves every registry at once: the first on the calling thread, the others on the starter's
 * scheduler, with one bounded wait for all. Each leave takes at most twice the call timeout:
 * waiting for a call in flight, then deregistering. On shutdown, the delay after the last
 * deregistration ({@code srsr.deregistration.delay}) is held here too.
 */
final class LeavingEverywhere {

	private LeavingEverywhere() {
	}

	static void leave(List<RegistryRegistration> registrations, ThreadPoolTaskScheduler scheduler,
			Duration callTimeout, String reason) {
		List<Future<?>> others = new ArrayList<>();
		for (RegistryRegistration registration : registrations.subList(1, registrations.size())) {
			try {
				others.add(scheduler.submit(() -> registration.leave(reason)));
			}
			catch (TaskRejectedException ex) {
				registration.leave(reason);
			}
		}
		long deadline = System.nanoTime() + callTimeout.multipliedBy(2).plusSeconds(1).toNanos();
		registrations.get(0).leave(reason);
		for (Future<?> leaving : others) {
			try {
				leaving.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				// Timed out or failed: the registry expires the instance on its own timeout.
			}
		}
	}

	/**
	 * Hold the calling thread until the given delay has passed since the last deregistration from
	 * any registry, so that callers that looked this instance up just before can still reach it.
	 * @param registrations the registrations, which know when they last deregistered
	 * @param journal where to say that shutdown waits
	 * @param delay {@code srsr.deregistration.delay}
	 */
	static void holdAfterLastDeregistration(List<RegistryRegistration> registrations, RegistrationListener journal,
			Duration delay) {
		Instant deregistered = registrations.stream()
			.map(RegistryRegistration::lastDeregistration)
			.filter(Objects::nonNull)
			.max(Comparator.naturalOrder())
			.orElse(null);
		if (deregistered == null || delay.isZero()) {
			return;
		}
		Duration remaining = Duration.between(Instant.now(), deregistered.plus(delay));
		if (!remaining.isNegative() && !remaining.isZero()) {
			journal.waitingAfterDeregistration(remaining);
			try {
				Thread.sleep(remaining.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
