package io.github.srsr.boot;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Consecutive failed registry calls: the first one is worth a warning, the rest are not, and the
 * end of the streak is worth saying how long it lasted. Not thread-safe.
 */
final class FailureStreak {

	private int count;

	private @Nullable Instant start;

	private @Nullable String lastError;

	/**
	 * Record a failure.
	 * @param error what failed
	 * @param now the current time
	 * @return the length of the streak, 1 for the first failure
	 */
	int record(String error, Instant now) {
		if (this.count == 0) {
			this.start = now;
		}
		this.lastError = error;
		return ++this.count;
	}

	/**
	 * End the streak, if there was one.
	 * @param now the current time
	 * @return the streak that ended, or {@code null} if there were no failures
	 */
	@Nullable Ended end(Instant now) {
		if (this.count == 0 || this.start == null) {
			return null;
		}
		Ended ended = new Ended(this.count, Duration.between(this.start, now));
		this.count = 0;
		this.start = null;
		this.lastError = null;
		return ended;
	}

	int count() {
		return this.count;
	}

	@Nullable String lastError() {
		return this.lastError;
	}

	/**
	 * A streak of failures that ended with a success.
	 *
	 * @param failures how many calls failed
	 * @param duration from the first failure to the success
	 */
	record Ended(int failures, Duration duration) {

		@Override
		public String toString() {
			return this.failures + ((this.failures == 1) ? " failed call" : " failed calls") + " in "
					+ format(this.duration);
		}

	}

	static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis < 1000) {
			return millis + " ms";
		}
		return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
	}

}
