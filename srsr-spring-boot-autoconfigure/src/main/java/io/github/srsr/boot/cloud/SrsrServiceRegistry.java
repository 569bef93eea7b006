package io.github.srsr.boot.cloud;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.registration.SrsrRegistration;

import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.util.Assert;

/**
 * {@link ServiceRegistry} over {@link SrsrRegistration}, so that Spring Cloud's tooling (such as
 * the {@code serviceregistry} actuator endpoint) sees and controls this application's
 * registration. The registration keeps running its own lifecycle (register when ready, heartbeat,
 * deregister on shutdown); this adapter only takes it out of rotation and back:
 * <ul>
 * <li>{@link #register} and status {@code UP}: {@link SrsrRegistration#register()};</li>
 * <li>{@link #deregister} and status {@code OUT_OF_SERVICE}:
 * {@link SrsrRegistration#deregister()};</li>
 * <li>{@link #getStatus}: {@code UP} while registered, {@code DOWN} while registration or
 * heartbeats fail, {@code OUT_OF_SERVICE} when deregistered, {@code UNKNOWN} before the first
 * attempt: the registration's own state. While failing, the {@code srsr} health component says
 * {@code srsr.health.failure-status} instead ({@code UNKNOWN} by default).</li>
 * </ul>
 */
class SrsrServiceRegistry implements ServiceRegistry<SrsrCloudRegistration> {

	/**
	 * Status of a registration in rotation.
	 */
	public static final String UP = "UP";

	/**
	 * Status of a registration taken out of rotation.
	 */
	public static final String OUT_OF_SERVICE = "OUT_OF_SERVICE";

	@Override
	public void register(@Nullable SrsrCloudRegistration registration) {
		srsrRegistration(registration).register();
	}

	@Override
	public void deregister(@Nullable SrsrCloudRegistration registration) {
		srsrRegistration(registration).deregister();
	}

	/**
	 * Does nothing: the registration deregisters when the application context closes.
	 */
	@Override
	public void close() {
	}

	/**
	 * Take the registration out of rotation ({@code OUT_OF_SERVICE}) or put it back ({@code UP}).
	 * @param registration the registration
	 * @param status {@code UP} or {@code OUT_OF_SERVICE}, in any case
	 * @throws IllegalArgumentException for any other status
	 */
	@Override
	public void setStatus(SrsrCloudRegistration registration, String status) {
		String normalized = (status != null) ? status.trim().toUpperCase(Locale.ROOT) : "";
		switch (normalized) {
			case UP -> register(registration);
			case OUT_OF_SERVICE -> deregister(registration);
			default -> throw new IllegalArgumentException("Unknown srsr registration status '" + status
					+ "': use " + UP + " to register or " + OUT_OF_SERVICE + " to deregister");
		}
	}

	/**
	 * Return the status of the registration.
	 * @param registration the registration
	 * @return {@code UP}, {@code DOWN}, {@code OUT_OF_SERVICE} or {@code UNKNOWN}, as a
	 * {@link String}
	 */
	@Override
	@SuppressWarnings("unchecked")
	public <T> T getStatus(SrsrCloudRegistration registration) {
		String status = switch (srsrRegistration(registration).getStatus().state()) {
			case REGISTERED -> UP;
			case FAILING -> "DOWN";
			case DEREGISTERED -> OUT_OF_SERVICE;
			case NOT_ATTEMPTED -> "UNKNOWN";
		};
		return (T) status;
	}

	private static SrsrRegistration srsrRegistration(@Nullable SrsrCloudRegistration registration) {
		Assert.notNull(registration, "'registration' must not be null");
		return registration.getRegistration();
	}

}
