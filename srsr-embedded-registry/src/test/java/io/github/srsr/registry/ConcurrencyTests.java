package io.github.srsr.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * Heartbeats, registrations, deregistrations and lookups racing expiry from many threads never deadlock (the real
 * srsr can), and the state stays consistent.
 */
class ConcurrencyTests {

	private static final int THREADS = 8;

	@Test
	void stateSurvivesHeartbeatsRacingExpiryWithoutDeadlock() throws Exception {
		RegistryState state = new RegistryState(Duration.ofMillis(1));
		List<String> ids = new CopyOnWriteArrayList<>();
		ExecutorService executor = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				workers.add(executor.submit(() -> {
					ThreadLocalRandom random = ThreadLocalRandom.current();
					for (int i = 0; i < 5_000; i++) {
						String name = "svc-" + random.nextInt(4);
						switch (random.nextInt(5)) {
							case 0 -> ids.add(state.register(name, "http://a:" + i));
							case 1 -> state.deregister(randomId(ids));
							case 2 -> state.lookup(name);
							case 3 -> state.snapshot();
							default -> state.heartbeat(randomId(ids));
						}
					}
				}));
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> workers.stream().allMatch(Future::isDone));
			for (Future<?> worker : workers) {
				worker.get();
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> state.snapshot().isEmpty());
			assertThat(state.lookup("svc-0")).isEmpty();
			assertThat(ids).isNotEmpty();
		}
		finally {
			executor.shutdownNow();
			state.close();
		}
	}

	@Test
	void registryKeepsAnsweringUnderConcurrentHeartbeatsAndExpiry() throws Exception {
		try (EmbeddedSrsrRegistry registry = EmbeddedSrsrRegistry.builder().timeout(Duration.ofMillis(50)).start()) {
			SrsrTestClient client = new SrsrTestClient(registry.url());
			List<String> ids = new CopyOnWriteArrayList<>();
			ExecutorService executor = Executors.newFixedThreadPool(THREADS);
			try {
				List<Future<?>> workers = new ArrayList<>();
				for (int t = 0; t < THREADS; t++) {
					workers.add(executor.submit(() -> {
						for (int i = 0; i < 60; i++) {
							if (i % 3 == 0) {
								ids.add(client.register("svc", "http://a:" + i));
							}
							client.heartbeat(randomId(ids));
							client.lookup("svc");
						}
					}));
				}
				await().atMost(Duration.ofSeconds(20)).until(() -> workers.stream().allMatch(Future::isDone));
				for (Future<?> worker : workers) {
					worker.get();
				}
			}
			finally {
				executor.shutdownNow();
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> registry.instances().isEmpty());
			// Still answering: a registration gets an id, and its heartbeat an answer (true, or false
			// once the 50 ms timeout has passed on a busy machine).
			String id = client.register("svc", "http://fresh:1");
			assertThat(id).isNotBlank();
			assertThatNoException().isThrownBy(() -> client.heartbeat(id));
			assertThat(registry.requests()).hasSizeGreaterThanOrEqualTo(THREADS * (60 * 2 + 20));
		}
	}

	private static String randomId(List<String> ids) {
		return ids.isEmpty() ? "none" : ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
	}

}
