package io.github.srsr.benchmarks.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Calls a benchmark's operation before JMH starts its iterations, when the suite asks with the system property
 * {@value #PROPERTY}: first from one thread, then from two, for the seconds it gives ({@code "8,12"}). With N threads
 * on 2 cores, the JIT's compiler threads get little CPU, and a fork takes a minute or more to compile its hot path: the
 * more so as N threads take paths one thread never does (a contended queue, several long tasks active at once), so
 * that code compiled for one thread is thrown away and compiled again. One calling thread, then two, leave the
 * compiler threads CPU while both kinds of path get compiled, so that the iterations that follow, warm-up and
 * measurement, start from compiled code. Every benchmark of a comparison gets the same.
 */
public final class PreWarmUp {

	public static final String PROPERTY = "srsr.bench.pre-warm-up";

	private PreWarmUp() {
	}

	static void run(Callable<?> call) {
		String[] seconds = System.getProperty(PROPERTY, "0,0").split(",");
		for (int phase = 0; phase < seconds.length; phase++) {
			run(call, phase + 1, Long.parseLong(seconds[phase].trim()));
		}
	}

	private static void run(Callable<?> call, int threads, long seconds) {
		if (seconds <= 0) {
			return;
		}
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> callers = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				callers.add(executor.submit(() -> {
					while (System.nanoTime() < end) {
						call.call();
					}
					return null;
				}));
			}
			for (Future<?> caller : callers) {
				caller.get();
			}
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("warm-up with " + threads + " thread(s) failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("warm-up interrupted", ex);
		}
		finally {
			executor.shutdownNow();
		}
	}

}
