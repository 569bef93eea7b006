package io.github.srsr.boot.registration;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import io.github.srsr.client.SrsrClient;

/**
 * The calls to one registry: never two at once, so that leaving can wait for the call in flight
 * (at most the call timeout) or, for a heartbeat, interrupt it rather than wait.
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
	 * The thread waiting for a heartbeat answer, so that leaving can interrupt it.
	 */
	private volatile @Nullable Thread heartbeatThread;

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
			Thread heartbeat = this.heartbeatThread;
			if (heartbeat != null) {
				heartbeat.interrupt();
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
		this.heartbeatThread = Thread.currentThread();
		try {
			return client.heartbeat(instanceId);
		}
		finally {
			this.heartbeatThread = null;
			// Clear an interrupt that came after the answer.
			Thread.interrupted();
		}
	}

}
