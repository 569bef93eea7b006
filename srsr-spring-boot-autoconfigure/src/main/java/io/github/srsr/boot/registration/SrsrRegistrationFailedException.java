package io.github.srsr.boot.registration;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up with fail-fast when the first registration did not succeed within its
 * attempts.
 */
class SrsrRegistrationFailedException extends RuntimeException {

	private final String serviceName;

	private final String registryUrl;

	private final int attempts;

	private final @Nullable String lastError;

	public SrsrRegistrationFailedException(String serviceName, String registryUrl, int attempts,
			@Nullable String lastError) {
		super("Could not register '" + serviceName + "' with srsr registry " + registryUrl + " in " + attempts
				+ ((attempts == 1) ? " attempt" : " attempts") + ((lastError != null) ? ": " + lastError : ""));
		this.serviceName = serviceName;
		this.registryUrl = registryUrl;
		this.attempts = attempts;
		this.lastError = lastError;
	}

	/**
	 * Return the name the application tried to register under.
	 * @return the service name
	 */
	public String getServiceName() {
		return this.serviceName;
	}

	/**
	 * Return the registry URL, credentials masked.
	 * @return the registry URL
	 */
	public String getRegistryUrl() {
		return this.registryUrl;
	}

	/**
	 * Return how many attempts were made.
	 * @return the number of attempts
	 */
	public int getAttempts() {
		return this.attempts;
	}

	/**
	 * Return why the last attempt failed.
	 * @return the last error, or {@code null}
	 */
	public @Nullable String getLastError() {
		return this.lastError;
	}

}
