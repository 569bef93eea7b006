package io.github.srsr.registry;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal keeps the most recent requests only.
 */
class RequestJournalTests {

	@Test
	void keepsTheMostRecentRequestsUpToItsCapacity() {
		RequestJournal journal = new RequestJournal();
		for (int i = 0; i < RequestJournal.CAPACITY + 5; i++) {
			journal.record(new RecordedRequest(Instant.now(), "POST", "/heartbeat", Integer.toString(i), "127.0.0.1"));
		}
		assertThat(journal.snapshot()).hasSize(RequestJournal.CAPACITY);
		assertThat(journal.snapshot().get(0).body()).isEqualTo("5");
		assertThat(journal.snapshot().get(RequestJournal.CAPACITY - 1).body())
			.isEqualTo(Integer.toString(RequestJournal.CAPACITY + 4));
		journal.clear();
		assertThat(journal.snapshot()).isEmpty();
	}

}
