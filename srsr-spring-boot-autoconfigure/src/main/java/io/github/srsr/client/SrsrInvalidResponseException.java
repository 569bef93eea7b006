package io.github.srsr.client;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the registry answered but the answer cannot be used: not JSON, JSON without the
 * expected fields, a body larger than the client accepts, a redirect, or a registration the
 * registry declined without an error status.
 */
public class SrsrInvalidResponseException extends SrsrClientException {

	public SrsrInvalidResponseException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
