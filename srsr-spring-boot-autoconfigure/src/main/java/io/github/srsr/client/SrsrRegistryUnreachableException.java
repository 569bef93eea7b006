package io.github.srsr.client;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the registry could not be reached or did not answer within the timeouts: connection
 * refused or reset, unknown host, connect or read timeout.
 */
public class SrsrRegistryUnreachableException extends SrsrClientException {

	public SrsrRegistryUnreachableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
