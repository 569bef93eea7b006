package io.github.srsr.boot.registration;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * A series of registration attempts, from the first until one succeeds: numbered, spaced by the
 * retry back-off, the next one scheduled. Guarded by its registration's lock.
 */
final class AttemptSeries {

	private final TaskScheduler scheduler;

	private final BackOff backOff;

	private @Nullable BackOffExecution execution;

	private int attempts;

	private @Nullable ScheduledFuture<?> pending;

	AttemptSeries(TaskScheduler scheduler, BackOff backOff) {
		this.scheduler = scheduler;
		this.backOff = backOff;
	}

	void start() {
		this.execution = this.backOff.start();
		this.attempts = 0;
	}

	/**
	 * Number the next attempt.
	 * @return its number, 1 for the first of the series
	 */
	int next() {
		this.pending = null;
		return ++this.attempts;
	}

	/**
	 * Return how long to wait before the next attempt, as the back-off says.
	 */
	Duration delay() {
		return Duration.ofMillis((this.execution != null) ? this.execution.nextBackOff() : 0);
	}

	/**
	 * Schedule the next attempt.
	 * @return whether it was scheduled; {@code false} when the scheduler is shutting down
	 */
	boolean schedule(Runnable attempt, Duration delay) {
		try {
			this.pending = this.scheduler.schedule(attempt, Instant.now().plus(delay));
			return true;
		}
		catch (TaskRejectedException ex) {
			return false;
		}
	}

	void cancel() {
		if (this.pending != null) {
			this.pending.cancel(false);
			this.pending = null;
		}
	}

}
