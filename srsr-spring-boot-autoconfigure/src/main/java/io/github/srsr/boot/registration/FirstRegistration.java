package io.github.srsr.boot.registration;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.github.srsr.boot.SrsrRegistry;

/**
 * With fail-fast: the application's wait for its first registration, which ends when a registry
 * accepts it or when every registry failed the attempts allowed. Once it gave up, the application
 * no longer wants to be registered, so that no registry is tried once more. Each registry's
 * state machine tells it of its attempts' outcomes after reporting them; the application's wish
 * asks it whether it gave up. Thread-safe.
 */
final class FirstRegistration {

	private final int maxAttempts;

	private final int registries;

	private final Map<SrsrRegistry, Integer> failedAttempts = new IdentityHashMap<>();

	private boolean registered;

	private boolean gaveUp;

	FirstRegistration(int maxAttempts, int registries) {
		this.maxAttempts = maxAttempts;
		this.registries = registries;
	}

	synchronized void registered() {
		this.registered = true;
		notifyAll();
	}

	synchronized void failed(SrsrRegistry registry, int attempt) {
		this.failedAttempts.put(registry, attempt);
		this.gaveUp = !this.registered && this.failedAttempts.size() == this.registries
				&& this.failedAttempts.values().stream().allMatch((attempts) -> attempts >= this.maxAttempts);
		notifyAll();
	}

	/**
	 * Stop waiting: the application leaves before a registration succeeded.
	 */
	synchronized void abandon() {
		if (!this.registered) {
			this.gaveUp = true;
			notifyAll();
		}
	}

	synchronized boolean gaveUp() {
		return this.gaveUp;
	}

	/**
	 * Wait until a registry accepted the registration or every registry failed every attempt.
	 * @param serviceName the name the application registers under
	 * @param status the status once given up, for the registry URLs and the last error
	 * @throws SrsrRegistrationFailedException if every registry failed every attempt
	 */
	void awaitOrFail(String serviceName, Supplier<SrsrRegistrationStatus> status) {
		synchronized (this) {
			try {
				while (!this.registered && !this.gaveUp) {
					wait();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (this.registered) {
				return;
			}
		}
		SrsrRegistrationStatus failed = status.get();
		throw new SrsrRegistrationFailedException(serviceName, failed.registryUrl(), this.maxAttempts,
				failed.registries().get(0).lastError());
	}

}
