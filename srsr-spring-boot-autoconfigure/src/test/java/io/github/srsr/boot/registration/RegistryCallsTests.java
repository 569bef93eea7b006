package io.github.srsr.boot.registration;

import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-over of an interrupt between leaving and the call in flight ({@link RegistryCalls}):
 * an interrupt reaches a heartbeat or lookup while it is in flight, and never the thread once
 * that call has ended, whatever it does next (a registration must not be interrupted: its id
 * would be lost).
 */
class RegistryCallsTests {

	private static final int ROUNDS = 20_000;

	@Test
	void anInterruptNeverOutlivesTheInterruptibleCallItWasMeantFor() throws Exception {
		RegistryCalls calls = new RegistryCalls(Duration.ofSeconds(1));
		CyclicBarrier start = new CyclicBarrier(2);
		AtomicInteger reachedTheCall = new AtomicInteger();
		AtomicInteger reachedWhatFollowed = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Future<?> caller = threads.submit(() -> {
				for (int i = 0; i < ROUNDS; i++) {
					start.await(30, TimeUnit.SECONDS);
					long callNanos = (i % 40) * 1_000L;
					calls.interruptible(() -> {
						// A call of 0 to 40 µs, which an interrupt ends (as it ends a socket read).
						long end = System.nanoTime() + callNanos;
						while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
							Thread.onSpinWait();
						}
						if (Thread.currentThread().isInterrupted()) {
							reachedTheCall.incrementAndGet();
						}
						return null;
					});
					// What follows the call, such as a registration: never interrupted.
					spin(50_000);
					if (Thread.interrupted()) {
						reachedWhatFollowed.incrementAndGet();
					}
				}
				return null;
			});
			Future<?> leaving = threads.submit(() -> {
				for (int i = 0; i < ROUNDS; i++) {
					start.await(30, TimeUnit.SECONDS);
					spin(((i * 7) % 50) * 1_000L);
					calls.interruptInFlight();
				}
				return null;
			});
			caller.get(120, TimeUnit.SECONDS);
			leaving.get(120, TimeUnit.SECONDS);
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(reachedWhatFollowed).hasValue(0);
		// The race was run: some interrupts reached their call.
		assertThat(reachedTheCall.get()).isPositive();
	}

	@Test
	void aCallTakenInFlightAndInterruptedAfterItEndedLeavesTheThreadAlone() {
		// The order that interrupted registrations: leaving reads the call in flight, the call
		// ends and its thread goes on to register, leaving interrupts.
		RegistryCalls calls = new RegistryCalls(Duration.ofSeconds(1));
		RegistryCalls.InterruptibleCall[] taken = new RegistryCalls.InterruptibleCall[1];
		calls.interruptible(() -> taken[0] = calls.inFlight());
		assertThat(taken[0]).isNotNull();
		assertThat(calls.inFlight()).isNull();
		taken[0].interrupt();
		assertThat(Thread.interrupted()).isFalse();
	}

	@Test
	void aCallInterruptedInFlightIsInterruptedAndItsThreadClearedWhenItEnds() {
		RegistryCalls calls = new RegistryCalls(Duration.ofSeconds(1));
		boolean interrupted = calls.interruptible(() -> {
			calls.interruptInFlight();
			return Thread.currentThread().isInterrupted();
		});
		assertThat(interrupted).isTrue();
		assertThat(Thread.interrupted()).isFalse();
	}

	@Test
	void noCallInFlightNoInterrupt() {
		RegistryCalls calls = new RegistryCalls(Duration.ofSeconds(1));
		calls.interruptible(() -> null);
		calls.interruptInFlight();
		assertThat(Thread.interrupted()).isFalse();
	}

	private static void spin(long nanos) {
		long end = System.nanoTime() + nanos;
		while (System.nanoTime() < end) {
			Thread.onSpinWait();
		}
	}

}
