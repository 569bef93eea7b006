package io.github.srsr.boot;

import io.github.srsr.client.SrsrClient;

import org.springframework.util.Assert;

/**
 * One srsr registry the application talks to.
 *
 * @param name the registry's URL with credentials masked, as shown in logs, health, events and
 * metrics
 * @param client the client of that registry
 */
public record SrsrRegistry(String name, SrsrClient client) {

	public SrsrRegistry {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(client, "'client' must not be null");
	}

}
