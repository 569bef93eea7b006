package io.github.srsr.boot.registration;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.github.srsr.client.SrsrRegistryUnreachableException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FailureStreak}: what the status shows of a streak of failed calls (since when, how many,
 * the last error) and the wording of the lines that end a streak, as users read them in the log.
 */
class FailureStreakTests {

	private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

	private final FailureStreak streak = new FailureStreak();

	@Test
	void aStreakWithoutAnEarlierSuccessIsFailingSinceItsFirstFailure() {
		assertThat(this.streak.record("refused", T0)).isOne();
		assertThat(this.streak.record("timed out", T0.plusSeconds(5))).isEqualTo(2);

		assertThat(this.streak.count()).isEqualTo(2);
		assertThat(this.streak.since()).isEqualTo(T0);
		assertThat(this.streak.lastError()).isEqualTo("timed out");

		FailureStreak.Ended ended = this.streak.succeeded(T0.plusMillis(7250));
		assertThat(ended).isEqualTo(new FailureStreak.Ended(2, Duration.ofMillis(7250)));
		assertThat(ended).hasToString("2 failed calls in 7.3 s");
		assertThat(this.streak.count()).isZero();
		assertThat(this.streak.since()).isNull();
		assertThat(this.streak.lastError()).isNull();
	}

	@Test
	void aStreakAfterASuccessIsCountedFromThatSuccess() {
		assertThat(this.streak.succeeded(T0)).isNull();
		this.streak.record("refused", T0.plusSeconds(10));
		this.streak.record("refused", T0.plusSeconds(11));

		assertThat(this.streak.since()).isEqualTo(T0);

		FailureStreak.Ended ended = this.streak.succeeded(T0.plusSeconds(12));
		assertThat(ended).hasToString("2 failed calls in 12.0 s");
		// The next streak counts from the success that ended this one.
		assertThat(this.streak.record("refused", T0.plusSeconds(20))).isOne();
		assertThat(this.streak.since()).isEqualTo(T0.plusSeconds(12));
	}

	@Test
	void oneFailedCallIsSaidInTheSingular() {
		this.streak.record("refused", T0);
		assertThat(this.streak.succeeded(T0.plusMillis(40))).hasToString("1 failed call in 40 ms");
	}

	@Test
	void durationsBelowASecondAreInMillisecondsAndLongerOnesInSecondsWithOneDecimal() {
		assertThat(FailureStreak.format(Duration.ZERO)).isEqualTo("0 ms");
		assertThat(FailureStreak.format(Duration.ofMillis(999))).isEqualTo("999 ms");
		assertThat(FailureStreak.format(Duration.ofMillis(1000))).isEqualTo("1.0 s");
		assertThat(FailureStreak.format(Duration.ofMillis(1549))).isEqualTo("1.5 s");
		assertThat(FailureStreak.format(Duration.ofMinutes(2))).isEqualTo("120.0 s");
	}

	@Test
	void aClientFailureIsDescribedByItsOwnMessageAndAnyOtherByItsClassToo() {
		assertThat(FailureStreak.describe(new SrsrRegistryUnreachableException(
				"srsr registry http://registry:8080 is unreachable: Connection refused", new IOException())))
			.isEqualTo("srsr registry http://registry:8080 is unreachable: Connection refused");
		assertThat(FailureStreak.describe(new IllegalStateException("no answer")))
			.isEqualTo("java.lang.IllegalStateException: no answer");
		assertThat(FailureStreak.describe(new RuntimeException())).isEqualTo("java.lang.RuntimeException");
	}

}
