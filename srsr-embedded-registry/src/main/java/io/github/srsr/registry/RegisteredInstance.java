package io.github.srsr.registry;

import java.time.Instant;

/**
 * One registration held by an {@link EmbeddedSrsrRegistry}, as seen at the moment of
 * {@link EmbeddedSrsrRegistry#instances()} or {@link EmbeddedSrsrRegistry#lookupCandidates(String)}.
 *
 * @param id the id the registry answered to {@code /register}; {@code /heartbeat} and {@code /deregister} use it
 * @param name the service name it was registered under
 * @param address the address it was registered with, built as {@code /register} builds it
 * @param lastHeartbeat when it was registered or last answered a {@code /heartbeat} with {@code success: true}
 * @param visible whether {@code /lookup} of its name can return it, i.e. whether it is among the
 * {@link EmbeddedSrsrRegistry#lookupCandidates(String) lookup candidates} of its name; {@code false} for an instance
 * that survived the name-wide removal defect (another instance of its name was deregistered or expired): its
 * heartbeats still succeed but lookup no longer sees it
 */
public record RegisteredInstance(String id, String name, String address, Instant lastHeartbeat, boolean visible) {
}
