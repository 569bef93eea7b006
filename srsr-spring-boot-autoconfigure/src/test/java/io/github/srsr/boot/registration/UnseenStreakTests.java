package io.github.srsr.boot.registration;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link UnseenStreak}: after how many lookups without the own address an instance takes itself
 * for left out of lookup, given the other addresses they showed and when.
 */
class UnseenStreakTests {

	private final UnseenStreak streak = new UnseenStreak();

	@Test
	void lookupsToTellAreTheLeastThatMissAListedInstanceWithAChanceOfAtMostOneInAMillion() {
		assertThat(UnseenStreak.lookupsToTell(2)).isEqualTo(20);
		assertThat(UnseenStreak.lookupsToTell(3)).isEqualTo(35);
		assertThat(UnseenStreak.lookupsToTell(4)).isEqualTo(49);
		assertThat(UnseenStreak.lookupsToTell(8)).isEqualTo(104);
		for (int listed = 2; listed <= 65; listed++) {
			int lookups = UnseenStreak.lookupsToTell(listed);
			double missed = 1 - 1.0 / listed;
			assertThat(Math.pow(missed, lookups)).isLessThanOrEqualTo(UnseenStreak.MISSED_CHANCE);
			assertThat(Math.pow(missed, lookups - 1)).isGreaterThan(UnseenStreak.MISSED_CHANCE);
		}
	}

	@Test
	void twoOthersShownInTurnTellAfterTheLookupsForThreeListed() {
		for (int lookup = 1; lookup < 35; lookup++) {
			assertThat(this.streak.miss(other(lookup % 2))).as("lookup %d", lookup).isNull();
		}
		assertThat(this.streak.miss(other(1)))
			.isEqualTo("this instance was not seen in 35 lookups of its name, which showed 2 other addresses");
	}

	@Test
	void afterSeeingOthersThatAreNoLongerShownItTellsFromTheLookupsSinceAsIfOnlyOneOtherWereListed() {
		// Before the join race: three other survivors seen, the own address not (12 lookups).
		for (int lookup = 1; lookup <= 12; lookup++) {
			assertThat(this.streak.miss(other(lookup % 3))).isNull();
		}
		// After it, only the newcomer is listed: 20 lookups after the others were last seen, not
		// the 49 of four listed.
		for (int lookup = 1; lookup < 20; lookup++) {
			assertThat(this.streak.miss(other(9))).as("lookup %d", lookup).isNull();
		}
		assertThat(this.streak.miss(other(9)))
			.isEqualTo("this instance was not seen in 20 lookups of its name, which showed 1 other address");
	}

	@Test
	void anOtherShownAgainCountsOnlyTheLookupsSinceTheOthersWereLastSeen() {
		assertThat(this.streak.miss(other(1))).isNull();
		for (int lookup = 2; lookup <= 11; lookup++) {
			assertThat(this.streak.miss(other(2))).isNull();
		}
		// Other 1 shown again: from now on, the lookups since other 2 was last seen (lookup 11).
		for (int lookup = 12; lookup < 31; lookup++) {
			assertThat(this.streak.miss(other(1))).as("lookup %d", lookup).isNull();
		}
		assertThat(this.streak.miss(other(1)))
			.isEqualTo("this instance was not seen in 20 lookups of its name, which showed 1 other address");
	}

	@Test
	void restartingForgetsTheLookupsAndTheOthersSeen() {
		for (int lookup = 1; lookup < 20; lookup++) {
			assertThat(this.streak.miss(other(1))).isNull();
		}
		this.streak.restart();
		for (int lookup = 1; lookup < 20; lookup++) {
			assertThat(this.streak.miss(other(2))).as("lookup %d", lookup).isNull();
		}
		assertThat(this.streak.miss(other(2))).startsWith("this instance was not seen in 20 lookups");
	}

	@Test
	void moreOthersThanRememberedTellAsIfTheRememberedWereAllThatIsListed() {
		int others = UnseenStreak.REMEMBERED_OTHERS + 6;
		int lookups = UnseenStreak.lookupsToTell(UnseenStreak.REMEMBERED_OTHERS + 1);
		for (int lookup = 1; lookup < lookups; lookup++) {
			assertThat(this.streak.miss(other(lookup % others))).as("lookup %d", lookup).isNull();
		}
		assertThat(this.streak.miss(other(lookups % others))).isEqualTo("this instance was not seen in " + lookups
				+ " lookups of its name, which showed " + UnseenStreak.REMEMBERED_OTHERS + " other addresses");
	}

	private static OwnAddress.Address other(int number) {
		return OwnAddress.Address.of(URI.create("http://10.0.0." + (number + 2) + ":8080"));
	}

}
