package io.github.srsr.boot.registration;

import org.jspecify.annotations.Nullable;

import io.github.srsr.client.ServiceRegistrationRequest;

/**
 * What the application wants of its registration: to be registered while it is ready, running,
 * accepting traffic and in service, unless fail-fast gave up. Each change says whether it changed
 * anything, so that flapping events register or leave once. Thread-safe.
 */
final class RegistrationWish {

	private final @Nullable FirstRegistration firstRegistration;

	private @Nullable ServiceRegistrationRequest request;

	private boolean running;

	private boolean acceptingTraffic = true;

	private boolean inService = true;

	RegistrationWish(@Nullable FirstRegistration firstRegistration) {
		this.firstRegistration = firstRegistration;
	}

	synchronized void ready(ServiceRegistrationRequest request) {
		this.request = request;
	}

	synchronized boolean running(boolean running) {
		boolean changed = this.running != running;
		this.running = running;
		return changed;
	}

	synchronized boolean acceptingTraffic(boolean acceptingTraffic) {
		boolean changed = this.acceptingTraffic != acceptingTraffic;
		this.acceptingTraffic = acceptingTraffic;
		return changed;
	}

	synchronized boolean inService(boolean inService) {
		boolean changed = this.inService != inService;
		this.inService = inService;
		return changed;
	}

	synchronized boolean isRunning() {
		return this.running;
	}

	/**
	 * Return what the application registers as, once it is ready.
	 */
	synchronized @Nullable ServiceRegistrationRequest request() {
		return this.request;
	}

	/**
	 * Return what to register while the application wants to be registered, else {@code null}.
	 */
	synchronized @Nullable ServiceRegistrationRequest wanted() {
		boolean gaveUp = this.firstRegistration != null && this.firstRegistration.gaveUp();
		return (this.running && this.acceptingTraffic && this.inService && !gaveUp) ? this.request : null;
	}

}
