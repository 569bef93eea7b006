package io.github.srsr.client;

import org.jspecify.annotations.Nullable;

/**
 * Base class of the failures of an srsr registry call. Messages never contain the credentials of
 * the registry URL.
 */
public abstract class SrsrClientException extends RuntimeException {

	protected SrsrClientException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
