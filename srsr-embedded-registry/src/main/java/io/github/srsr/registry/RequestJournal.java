package io.github.srsr.registry;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The requests a registry received, in arrival order, kept across restarts until cleared. Only the most recent
 * {@value #CAPACITY} are kept, so that a registry left running for days (heartbeats every 20 s) does not grow
 * without bound.
 */
final class RequestJournal {

	static final int CAPACITY = 10_000;

	private final Deque<RecordedRequest> requests = new ArrayDeque<>();

	synchronized void record(RecordedRequest request) {
		if (this.requests.size() == CAPACITY) {
			this.requests.removeFirst();
		}
		this.requests.addLast(request);
	}

	synchronized List<RecordedRequest> snapshot() {
		return List.copyOf(this.requests);
	}

	synchronized void clear() {
		this.requests.clear();
	}

}
