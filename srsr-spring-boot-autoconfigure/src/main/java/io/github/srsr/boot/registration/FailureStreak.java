package io.github.srsr.boot.registration;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.github.srsr.client.SrsrClientException;

/**
 * Consecutive failed calls to one registry: the first one is worth a warning, the rest are not,
 * and the end of the streak is worth saying how long the registry was lost, counted from the last
 * call that succeeded. Not thread-safe.
 */
final class FailureStreak {

	private int count;

	private @Nullable Instant lastSuccess;

	private @Nullable Instant since;

	private @Nullable String lastError;

	/**
	 * Record a failure.
	 * @param error what failed
	 * @param now the current time
	 * @return the length of the streak, 1 for the first failure
	 */
	int record(String error, Instant now) {
		if (this.count == 0) {
			this.since = (this.lastSuccess != null) ? this.lastSuccess : now;
		}
		this.lastError = error;
		return ++this.count;
	}

	/**
	 * Record a success, which ends the streak if there was one.
	 * @param now the current time
	 * @return the streak that ended, or {@code null} if there were no failures
	 */
	@Nullable Ended succeeded(Instant now) {
		Ended ended = (this.since != null)
				? new Ended(this.count, Duration.between(this.since, now)) : null;
		this.lastSuccess = now;
		this.count = 0;
		this.since = null;
		this.lastError = null;
		return ended;
	}

	int count() {
		return this.count;
	}

	/**
	 * Return since when the registry has been failing: the last success before the streak, or its
	 * first failure when nothing had succeeded yet.
	 */
	@Nullable Instant since() {
		return this.since;
	}

	@Nullable String lastError() {
		return this.lastError;
	}

	/**
	 * A streak of failures that ended with a success.
	 *
	 * @param failures how many calls failed
	 * @param duration from the last success before the streak (or its first failure) to the
	 * success that ended it
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
		return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
	}

	/**
	 * Describe a failed call in one line: the client's own message, which names the registry and
	 * never its credentials, or the exception.
	 * @param ex the failure
	 * @return the description
	 */
	static String describe(Throwable ex) {
		if (ex instanceof SrsrClientException) {
			return ex.getMessage();
		}
		return ex.getClass().getName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
	}

}
