package io.github.srsr.boot.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.autoconfigure.InvalidSrsrPropertiesException.Problem;

/**
 * The checks the srsr settings validators share. Each adds a {@link Problem} naming the property,
 * its environment variable, the value and the fix, and never throws, so that every problem is
 * reported at once.
 */
final class PropertyChecks {

	private PropertyChecks() {
	}

	static void positive(String property, String variable, @Nullable Duration value, List<Problem> problems) {
		if (value == null || value.isZero() || value.isNegative()) {
			problems.add(new Problem(property + " is " + value + ", but it must be positive.",
					"Set " + property + " (" + variable + ") to a positive duration, such as 5s or 500ms."));
		}
	}

	static void notNegative(String property, String variable, @Nullable Duration value, String hint,
			List<Problem> problems) {
		if (value == null || value.isNegative()) {
			problems.add(new Problem(property + " is " + value + ", but it must not be negative.",
					"Set " + property + " (" + variable + ") to " + hint + "."));
		}
	}

	static void atLeast(String property, String variable, int value, int minimum, String hint,
			List<Problem> problems) {
		if (value < minimum) {
			problems.add(new Problem(property + " is " + value + ", but it must be at least " + minimum + ".",
					"Set " + property + " (" + variable + ") to " + hint + "."));
		}
	}

	static void multiplier(String property, String variable, double value, List<Problem> problems) {
		if (value < 1) {
			problems.add(new Problem(property + " is " + value + ", but it must be at least 1.",
					"Set " + property + " (" + variable + ") to 1 for a fixed interval or more for growing intervals."));
		}
	}

}
