package io.github.srsr.boot.registration;

import io.github.srsr.boot.registration.SrsrRegistrationFailedException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link SrsrRegistrationFailedException}: with {@code srsr.fail-fast}, the
 * application could not register and therefore did not start.
 */
class SrsrRegistrationFailedFailureAnalyzer extends AbstractFailureAnalyzer<SrsrRegistrationFailedException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SrsrRegistrationFailedException cause) {
		String description = "srsr.fail-fast is on and '" + cause.getServiceName()
				+ "' could not register with srsr registry " + cause.getRegistryUrl() + " in " + cause.getAttempts()
				+ " attempts." + System.lineSeparator() + System.lineSeparator() + "Last error: "
				+ ((cause.getLastError() != null) ? cause.getLastError() : "none recorded");
		String action = "Start the registry or correct srsr.registry.url (SRSR_REGISTRY_URL). To let the application "
				+ "start without the registry and keep trying in the background, set srsr.fail-fast=false; to "
				+ "allow more attempts, raise srsr.retry.max-attempts.";
		return new FailureAnalysis(description, action, cause);
	}

}
