package io.github.srsr.client;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the registry (or a proxy in front of it) answered with an error status, such as a
 * {@code 400 {"error": "..."}} for a request it considers invalid or a {@code 503} from a proxy.
 */
public class SrsrRequestRejectedException extends SrsrClientException {

	private final int statusCode;

	private final @Nullable String registryMessage;

	public SrsrRequestRejectedException(String message, int statusCode, @Nullable String registryMessage) {
		super(message, null);
		this.statusCode = statusCode;
		this.registryMessage = registryMessage;
	}

	/**
	 * Return the HTTP status code of the answer.
	 * @return the status code
	 */
	public int getStatusCode() {
		return this.statusCode;
	}

	/**
	 * Return the registry's own explanation: the {@code error} of a JSON answer, or the start of a
	 * text answer.
	 * @return the registry's message, or {@code null} if the answer had none
	 */
	public @Nullable String getRegistryMessage() {
		return this.registryMessage;
	}

}
