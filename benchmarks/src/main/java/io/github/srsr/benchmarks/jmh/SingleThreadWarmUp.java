package io.github.srsr.benchmarks.jmh;

import java.util.concurrent.Callable;

/**
 * Calls a benchmark's operation from one thread for a while before JMH starts its iterations, when the suite asks
 * with the system property {@value #PROPERTY} (seconds). With N threads on 2 cores, the JIT's compiler threads get
 * little CPU and a fork takes a minute or more to compile its hot path; one calling thread leaves them the other core,
 * so that the iterations that follow, warm-up and measurement, start from compiled code. Every benchmark of a
 * comparison gets the same.
 */
public final class SingleThreadWarmUp {

	public static final String PROPERTY = "srsr.bench.single-thread-warmup";

	private SingleThreadWarmUp() {
	}

	static void run(Callable<?> call) {
		long seconds = Long.getLong(PROPERTY, 0);
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		try {
			while (System.nanoTime() < end) {
				call.call();
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("single-thread warm-up failed", ex);
		}
	}

}
