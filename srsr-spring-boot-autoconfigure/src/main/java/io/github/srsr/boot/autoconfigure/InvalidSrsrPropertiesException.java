package io.github.srsr.boot.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown at start-up when {@code srsr.*} settings are invalid. Each problem names the properties
 * involved and how to fix them; {@link InvalidSrsrPropertiesFailureAnalyzer} turns them into a
 * Spring Boot failure analysis.
 */
class InvalidSrsrPropertiesException extends RuntimeException {

	private final List<Problem> problems;

	public InvalidSrsrPropertiesException(List<Problem> problems) {
		super("Invalid srsr settings: " + problems.stream().map(Problem::description).collect(Collectors.joining("; ")));
		this.problems = List.copyOf(problems);
	}

	/**
	 * Return the problems found.
	 * @return the problems, never empty
	 */
	public List<Problem> getProblems() {
		return this.problems;
	}

	/**
	 * One invalid setting.
	 *
	 * @param description what is wrong, naming the properties and their values
	 * @param action how to fix it
	 */
	record Problem(String description, String action) {
	}

}
