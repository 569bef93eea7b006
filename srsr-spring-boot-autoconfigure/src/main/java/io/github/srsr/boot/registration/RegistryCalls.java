package io.github.srsr.boot.registration;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.github.srsr.client.SrsrClient;

/**
 * The calls to one registry: never two at once, so that leaving can wait for the call in flight
 * (at most the call timeout) or, for a heartbeat or a lookup, interrupt it rather than wait.
 */
final class RegistryCalls {

	/**
	 * How long leaving lets a heartbeat in flight finish before interrupting it: an interrupted
	 * request may still reach the registry, after what follows.
	 */
	private static final Duration HEARTBEAT_GRACE = Duration.ofMillis(250);

	private final ReentrantLock lock = new ReentrantLock();

	private final Duration callTimeout;

	/**
	 * The call in flight that may be interrupted, so that leaving can; {@code null} between such
	 * calls.
	 */
	private volatile @Nullable InterruptibleCall interruptible;

	RegistryCalls(Duration callTimeout) {
		this.callTimeout = callTimeout;
	}

	/**
	 * Make calls once the call in flight, if any, has ended.
	 */
	void run(Runnable calls) {
		this.lock.lock();
		try {
			calls.run();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Make calls unless a call is in flight.
	 */
	void runIfIdle(Runnable calls) {
		if (this.lock.tryLock()) {
			try {
				calls.run();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	/**
	 * Wait at most the call timeout for the call in flight, then make calls (also when the wait
	 * timed out: a call that ends later sees the new state). A heartbeat in flight gets a moment
	 * to finish, so that it reaches the registry before what follows; one that hangs is
	 * interrupted rather than waited for.
	 */
	void interruptThenRun(Runnable calls) {
		boolean locked = tryLock(HEARTBEAT_GRACE);
		if (!locked) {
			interruptInFlight();
			locked = tryLock(this.callTimeout.minus(HEARTBEAT_GRACE));
		}
		try {
			calls.run();
		}
		finally {
			if (locked) {
				this.lock.unlock();
			}
		}
	}

	private boolean tryLock(Duration timeout) {
		try {
			return this.lock.tryLock(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Send a heartbeat that {@link #interruptThenRun} can interrupt; within {@link #runIfIdle}.
	 */
	boolean heartbeat(SrsrClient client, String instanceId) {
		return interruptible(() -> client.heartbeat(instanceId));
	}

	/**
	 * Make calls that {@link #interruptThenRun} can interrupt, such as heartbeats and lookups
	 * (never a registration: its id would be lost); within {@link #runIfIdle}. An interrupt meant
	 * for them never outlives them: it reaches the thread only while they are in flight, and is
	 * cleared when they end.
	 */
	<T> T interruptible(Supplier<T> calls) {
		InterruptibleCall call = new InterruptibleCall(Thread.currentThread());
		this.interruptible = call;
		try {
			return calls.get();
		}
		finally {
			this.interruptible = null;
			call.end();
		}
	}

	/**
	 * Interrupt the interruptible call in flight, if there is one; never the thread once that call
	 * has ended, whatever it does next.
	 */
	void interruptInFlight() {
		InterruptibleCall call = inFlight();
		if (call != null) {
			call.interrupt();
		}
	}

	/**
	 * Return the interruptible call in flight.
	 * @return the call, or {@code null} if none is in flight
	 */
	@Nullable InterruptibleCall inFlight() {
		return this.interruptible;
	}

	/**
	 * One interruptible call, handed from the thread making it to the one that may interrupt it:
	 * {@code IN_FLIGHT}, then either {@code ENDED} (the call ended first: no interrupt, ever) or
	 * {@code INTERRUPTING} (the interrupter won: it interrupts the thread) and
	 * {@code INTERRUPTED} (the interrupt was delivered: the call's end clears it, having waited,
	 * for the few instructions between the two, until it was).
	 */
	static final class InterruptibleCall {

		private static final int IN_FLIGHT = 0;

		private static final int ENDED = 1;

		private static final int INTERRUPTING = 2;

		private static final int INTERRUPTED = 3;

		private final Thread thread;

		private final AtomicInteger state = new AtomicInteger(IN_FLIGHT);

		InterruptibleCall(Thread thread) {
			this.thread = thread;
		}

		void interrupt() {
			if (this.state.compareAndSet(IN_FLIGHT, INTERRUPTING)) {
				this.thread.interrupt();
				this.state.set(INTERRUPTED);
			}
		}

		/**
		 * The call has ended, on its own thread: clear the interrupt meant for it, if one came.
		 */
		void end() {
			if (!this.state.compareAndSet(IN_FLIGHT, ENDED)) {
				while (this.state.get() != INTERRUPTED) {
					Thread.onSpinWait();
				}
			}
			// As before the hand-over: any interrupt that reached the call is cleared with it.
			Thread.interrupted();
		}

	}

}
