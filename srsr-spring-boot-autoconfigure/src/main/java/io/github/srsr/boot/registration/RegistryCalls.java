package io.github.srsr.boot.registration;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
	 * The thread waiting for the answer to a call that may be interrupted, so that leaving can.
	 */
	private volatile @Nullable Thread interruptibleThread;

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
			Thread interruptible = this.interruptibleThread;
			if (interruptible != null) {
				interruptible.interrupt();
			}
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
	 * (never a registration: its id would be lost); within {@link #runIfIdle}.
	 */
	<T> T interruptible(Supplier<T> calls) {
		this.interruptibleThread = Thread.currentThread();
		try {
			return calls.get();
		}
		finally {
			this.interruptibleThread = null;
			// Clear an interrupt that came after the answer.
			Thread.interrupted();
		}
	}

}
