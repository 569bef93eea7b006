package io.github.srsr.registry;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names and marks as daemons the registry's threads, so that a registry nobody stopped never keeps a JVM alive.
 */
final class DaemonThreads {

	private DaemonThreads() {
	}

	static ThreadFactory named(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
