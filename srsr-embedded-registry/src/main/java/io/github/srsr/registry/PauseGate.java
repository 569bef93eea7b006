package io.github.srsr.registry;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds requests while the registry is paused, to simulate a hung registry; releases them on resume, and drops
 * them (without an answer) when the server stops.
 */
final class PauseGate {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private boolean paused;

	private boolean aborted;

	void pause() {
		setPaused(true);
	}

	void resume() {
		setPaused(false);
	}

	boolean isPaused() {
		this.lock.lock();
		try {
			return this.paused;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Releases every waiting request for good: {@link #awaitOpen()} answers {@code false} from now on.
	 */
	void abort() {
		this.lock.lock();
		try {
			this.aborted = true;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits while paused.
	 * @return {@code true} to answer the request, {@code false} to drop it (server stopping, or interrupted)
	 */
	boolean awaitOpen() {
		this.lock.lock();
		try {
			while (this.paused && !this.aborted) {
				this.changed.await();
			}
			return !this.aborted;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void setPaused(boolean paused) {
		this.lock.lock();
		try {
			this.paused = paused;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

}
