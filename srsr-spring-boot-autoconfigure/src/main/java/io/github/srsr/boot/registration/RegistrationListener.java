package io.github.srsr.boot.registration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.srsr.boot.registration.SrsrRegistrationStatus.LifecycleEvent;
import io.github.srsr.client.ServiceRegistrationRequest;

import org.springframework.context.ApplicationEvent;

/**
 * Says what happened to the registrations with each registry: one log line per lifecycle step
 * (the first failure of a streak at WARN, the rest at DEBUG), an application event, and the
 * recent events for the status. It decides nothing: what happens next is the registration's
 * state's to decide. Called on the thread that made the registry call, holding no lock.
 * Thread-safe.
 */
final class RegistrationListener {

	private static final Log logger = LogFactory.getLog(SrsrRegistration.class);

	private static final int RECENT_EVENTS = 10;

	private final SrsrRegistration source;

	private final String serviceName;

	private final Consumer<ApplicationEvent> publisher;

	private final Deque<LifecycleEvent> recentEvents = new ArrayDeque<>();

	private final boolean severalRegistries;

	private boolean inactiveNoticeGiven;

	private boolean noPortWarningGiven;

	RegistrationListener(SrsrRegistration source, String serviceName, boolean severalRegistries,
			Consumer<ApplicationEvent> publisher) {
		this.source = source;
		this.serviceName = serviceName;
		this.severalRegistries = severalRegistries;
		this.publisher = publisher;
	}

	/**
	 * Say, once however often the application starts, why it never registers without a service
	 * name, the way srsrpy degrades gracefully without {@code SRSR_SERVICE_NAME}.
	 */
	void inactive() {
		synchronized (this) {
			if (this.inactiveNoticeGiven) {
				return;
			}
			this.inactiveNoticeGiven = true;
		}
		logger.info("srsr registration is inactive: no service name. Set srsr.service.name (SRSR_SERVICE_NAME) "
				+ "or spring.application.name to register this application, or srsr.enabled=false to silence "
				+ "this message.");
	}

	void registered(String registry, String instanceId, ServiceRegistrationRequest request,
			int attempts, boolean reRegistration, FailureStreak.@Nullable Ended outage) {
		String address = request.describeAddress();
		logger.info(((reRegistration) ? "Re-registered '" : "Registered '") + this.serviceName + "' at " + address
				+ " with srsr registry " + registry + " (instance " + instanceId + ")"
				+ ((outage != null) ? " after " + outage : ""));
		publish(new SrsrRegisteredEvent(this.source, this.serviceName, registry, instanceId, address,
				attempts, reRegistration, false));
	}

	void healed(String registry, String instanceId, ServiceRegistrationRequest request,
			String cause, int heldIds) {
		String address = request.describeAddress();
		int earlier = heldIds - 1;
		logger.info("srsr registry " + registry + " had removed '" + this.serviceName + "' from lookup ("
				+ cause + "); registered again as " + instanceId + " at " + address
				+ ((earlier > 0) ? "; it keeps its " + ((earlier == 1) ? "earlier id" : earlier + " earlier ids")
						+ " there alive until it leaves, as " + ((earlier == 1) ? "its" : "their")
						+ " expiry would remove '" + this.serviceName
						+ "' from lookup again (" + heldIds + " ids held, at most " + LookupHealing.MAX_INSTANCE_IDS
						+ ")" : ""));
		publish(new SrsrRegisteredEvent(this.source, this.serviceName, registry, instanceId, address, 1,
				true, true));
	}

	void registrationFailed(String registry, RuntimeException error, int attempt, int streak,
			Duration retryIn) {
		logFailure(streak, "Could not register '" + this.serviceName + "' with srsr registry " + registry
				+ " (attempt " + attempt + "): " + FailureStreak.describe(error) + "; retrying in " + FailureStreak.format(retryIn));
		publish(new SrsrRegistrationFailedEvent(this.source, this.serviceName, registry, error, attempt, retryIn));
	}

	void heartbeatFailed(String registry, String instanceId, RuntimeException error, int streak) {
		logFailure(streak, "Heartbeat of '" + this.serviceName + "' (instance " + instanceId + ") to srsr registry "
				+ registry + " failed: " + FailureStreak.describe(error) + "; heartbeats go on");
		publish(new SrsrHeartbeatFailedEvent(this.source, this.serviceName, registry, instanceId, error,
				streak));
	}

	void heartbeatsAccepted(String registry, FailureStreak.Ended outage) {
		logger.info("srsr registry " + registry + " accepts heartbeats of '" + this.serviceName
				+ "' again after " + outage);
	}

	void checkFailed(String registry, RuntimeException error) {
		if (logger.isDebugEnabled()) {
			logger.debug("Could not check whether srsr registry " + registry + " still lists '"
					+ this.serviceName + "': " + FailureStreak.describe(error));
		}
	}

	void catalogListed(String registry) {
		logger.info("Listed '" + this.serviceName + "' in the service catalog of srsr registry " + registry);
	}

	void catalogHealed(String registry, String cause, int held) {
		if (logger.isDebugEnabled()) {
			logger.debug("Listed '" + this.serviceName + "' in the service catalog of srsr registry " + registry
					+ " again (" + cause + "); " + held + " catalog ids held");
		}
	}

	void catalogFailed(String registry, RuntimeException error) {
		if (logger.isDebugEnabled()) {
			logger.debug("Could not list '" + this.serviceName + "' in the service catalog of srsr registry "
					+ registry + " (tried again after the next heartbeats): " + FailureStreak.describe(error));
		}
	}

	void forgotten(String registry, String instanceId) {
		logger.info("srsr registry " + registry + " no longer knows instance " + instanceId + " of '"
				+ this.serviceName + "' (it restarted or expired it); registering again");
	}

	/**
	 * Say, once, that the registry will register this application without a port: a non-web
	 * application without {@code srsr.service.address} or {@code srsr.service.port}.
	 * @param request what is registered
	 */
	void noPort(ServiceRegistrationRequest request) {
		synchronized (this) {
			if (this.noPortWarningGiven) {
				return;
			}
			this.noPortWarningGiven = true;
		}
		logger.warn("srsr registers '" + this.serviceName + "' as " + request.describeAddress() + ", without a port: "
				+ "this application runs no web server, and neither srsr.service.address (SRSR_SERVICE_ADDRESS) "
				+ "nor srsr.service.port (SRSR_SERVICE_PORT) is set. Set one of them to where callers reach this "
				+ "application, such as srsr.service.port=9090.");
	}

	void deregistered(String registry, String instanceId, boolean acknowledged, String reason,
			OtherIds others) {
		logger.info("Deregistered '" + this.serviceName + "' (instance " + instanceId + ") from srsr registry "
				+ registry + " (" + reason + ")" + others.describe(this.serviceName)
				+ ((acknowledged) ? "" : "; the registry no longer knew the instance"));
		left(registry, instanceId, acknowledged);
	}

	void deregistrationFailed(String registry, String instanceId, RuntimeException error,
			OtherIds others) {
		logger.warn("Could not deregister '" + this.serviceName + "' (instance " + instanceId + ") from srsr registry "
				+ registry + ": " + FailureStreak.describe(error) + "; the registry drops the instance"
				+ ((others.total() > 0) ? " and the " + others.total() + " other ids it held there" : "")
				+ " when its timeout expires");
		left(registry, instanceId, false);
	}

	private void left(String registry, String instanceId, boolean acknowledged) {
		publish(new SrsrDeregisteredEvent(this.source, this.serviceName, registry, instanceId,
				acknowledged));
	}

	void waitingAfterDeregistration(Duration remaining) {
		if (logger.isDebugEnabled()) {
			logger.debug("Waiting " + FailureStreak.format(remaining)
					+ " after deregistration before shutdown continues (srsr.deregistration.delay)");
		}
	}

	synchronized List<LifecycleEvent> recentEvents() {
		return List.copyOf(this.recentEvents);
	}

	private void publish(SrsrRegistrationEvent event) {
		String description = event.describe();
		synchronized (this) {
			if (this.recentEvents.size() == RECENT_EVENTS) {
				this.recentEvents.removeFirst();
			}
			this.recentEvents.addLast(new LifecycleEvent(Instant.ofEpochMilli(event.getTimestamp()),
					(this.severalRegistries) ? event.getRegistryUrl() + ": " + description : description));
		}
		try {
			this.publisher.accept(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of " + event.getClass().getSimpleName() + " failed: " + ex);
		}
	}

	private static void logFailure(int streak, String message) {
		if (streak == 1) {
			logger.warn(message + " (further failures in a row are logged at DEBUG)");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message + " (" + streak + " failures in a row)");
		}
	}

	/**
	 * The ids an instance held at a registry besides its listed one, when it left: older ids of
	 * its own name kept alive after heals, its markers under the heal's side name, and its entries
	 * in the service catalog.
	 *
	 * @param older the older ids of the own name
	 * @param markers the marker ids
	 * @param catalog the catalog ids
	 * @param released how many of them were deregistered
	 */
	record OtherIds(int older, int markers, int catalog, int released) {

		static final OtherIds NONE = new OtherIds(0, 0, 0, 0);

		OtherIds(int older, int markers, int released) {
			this(older, markers, 0, released);
		}

		OtherIds plusCatalog(int ids, int releasedIds) {
			return new OtherIds(this.older, this.markers, this.catalog + ids, this.released + releasedIds);
		}

		int total() {
			return this.older + this.markers + this.catalog;
		}

		String describe(String serviceName) {
			int total = total();
			if (total == 0) {
				return "";
			}
			List<String> kinds = new ArrayList<>(3);
			if (this.older > 0) {
				kinds.add(((this.older == 1) ? "an older id" : this.older + " older ids") + " kept alive after heals");
			}
			if (this.markers > 0) {
				kinds.add(((this.markers == 1) ? "its marker id" : this.markers + " marker ids") + " under '"
						+ serviceName + LookupHealing.GENERATION_SUFFIX + "'");
			}
			if (this.catalog > 0) {
				kinds.add(((this.catalog == 1) ? "its catalog id" : this.catalog + " catalog ids") + " under '"
						+ CatalogEntry.NAME + "'");
			}
			String which = String.join(" and ", kinds);
			if (this.released == total) {
				return ", with the " + ((total == 1) ? "other id" : total + " other ids") + " it held there: " + which;
			}
			return ", with " + this.released + " of the " + total + " other ids it held there (" + which
					+ "; the registry expires the others on its timeout)";
		}

	}

}
