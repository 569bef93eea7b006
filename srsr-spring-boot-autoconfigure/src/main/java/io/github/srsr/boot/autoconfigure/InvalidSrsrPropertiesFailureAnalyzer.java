package io.github.srsr.boot.autoconfigure;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidSrsrPropertiesException}: which {@code srsr.*} settings are wrong
 * and how to fix them.
 */
class InvalidSrsrPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSrsrPropertiesException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSrsrPropertiesException cause) {
		String description = cause.getProblems()
			.stream()
			.map((problem) -> "    - " + problem.description())
			.collect(Collectors.joining(System.lineSeparator(), "Invalid srsr settings:" + System.lineSeparator()
					+ System.lineSeparator(), ""));
		String action = cause.getProblems()
			.stream()
			.map((problem) -> "    - " + problem.action())
			.collect(Collectors.joining(System.lineSeparator(), "Fix the srsr settings:" + System.lineSeparator()
					+ System.lineSeparator(), ""));
		return new FailureAnalysis(description, action, cause);
	}

}
