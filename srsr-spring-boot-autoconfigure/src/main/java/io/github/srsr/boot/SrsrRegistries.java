package io.github.srsr.boot;

import java.util.List;

import org.springframework.util.Assert;

/**
 * The srsr registries the application talks to, in the order of {@code srsr.registry.url}: it
 * registers with every one of them and looks services up in them in this order.
 */
public final class SrsrRegistries {

	private final List<SrsrRegistry> registries;

	/**
	 * Create a list of registries.
	 * @param registries the registries, at least one, in order of preference
	 */
	public SrsrRegistries(List<SrsrRegistry> registries) {
		Assert.notEmpty(registries, "'registries' must not be empty");
		this.registries = List.copyOf(registries);
	}

	/**
	 * Return the registries, in order of preference.
	 * @return the registries
	 */
	public List<SrsrRegistry> asList() {
		return this.registries;
	}

	/**
	 * Return how many registries there are.
	 * @return the number of registries
	 */
	public int size() {
		return this.registries.size();
	}

}
