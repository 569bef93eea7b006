package io.github.srsr.boot.registration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Leaves every registry at once: the first on the calling thread, the others on the starter's
 * scheduler, with one bounded wait for all. Each leave takes at most twice the call timeout:
 * waiting for a call in flight, then deregistering.
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

}
