package io.github.srsr.benchmarks.suite;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Asks the caller application the same question at a fixed period, on a thread of its own, and keeps every
 * answer: the set of instance ports it returned ({@code /instances/{name}}) or the one it picked
 * ({@code /pick/{name}}).
 */
final class Poller implements AutoCloseable {

	/**
	 * One answer.
	 * @param nanos {@link System#nanoTime()} when it came
	 * @param ports the ports in it; {@code null} if the caller did not answer 200
	 */
	record Answer(long nanos, Set<Integer> ports) {
	}

	/** What the waits return when what they wait for did not happen within their bound. */
	static final long NONE = Long.MIN_VALUE;

	private final List<Answer> answers = new ArrayList<>();

	private final Thread thread;

	private volatile boolean stopped;

	Poller(String url, long periodMillis) {
		this.thread = new Thread(() -> {
			long next = System.nanoTime();
			while (!this.stopped) {
				String body = Http.get(url);
				Answer answer = new Answer(System.nanoTime(), (body != null) ? ports(body) : null);
				synchronized (this.answers) {
					this.answers.add(answer);
				}
				next += periodMillis * 1_000_000;
				long wait = (next - System.nanoTime()) / 1_000_000;
				if (wait > 0) {
					try {
						Thread.sleep(wait);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
				else {
					next = System.nanoTime();
				}
			}
		}, "poller");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private static Set<Integer> ports(String body) {
		Set<Integer> ports = new HashSet<>();
		for (String part : body.trim().split(",")) {
			if (!part.isBlank()) {
				ports.add(Integer.valueOf(part.trim()));
			}
		}
		return ports;
	}

	List<Answer> answers() {
		synchronized (this.answers) {
			return List.copyOf(this.answers);
		}
	}

	/** The answers that came in {@code [from, to)}. */
	List<Answer> between(long from, long to) {
		return answers().stream().filter((answer) -> answer.nanos() >= from && answer.nanos() < to).toList();
	}

	/**
	 * Waits until an answer after {@code from} holds the port.
	 * @return its nanoTime, or {@link #NONE} if none within the bound
	 */
	long awaitSeen(int port, long from, long boundNanos) {
		long deadline = from + boundNanos;
		int checked = 0;
		while (System.nanoTime() < deadline + 500_000_000L) {
			List<Answer> all = answers();
			for (int i = checked; i < all.size(); i++) {
				Answer answer = all.get(i);
				if (answer.nanos() >= from && answer.nanos() <= deadline && answer.ports() != null
						&& answer.ports().contains(port)) {
					return answer.nanos();
				}
			}
			checked = all.size();
			Http.sleep(20);
		}
		return NONE;
	}

	/**
	 * Waits until the port has been absent from every answer for {@code quietNanos}, starting at {@code from}.
	 * @return the nanoTime of the first answer of that quiet stretch (the port no longer seen from then on), or {@link #NONE}
	 * if it was still seen after the bound
	 */
	long awaitGone(int port, long from, long boundNanos, long quietNanos) {
		long deadline = from + boundNanos + quietNanos;
		while (true) {
			long now = System.nanoTime();
			long goneSince = goneSince(port, from, now);
			if (goneSince != NONE && now - goneSince >= quietNanos) {
				return goneSince;
			}
			if (now > deadline) {
				return NONE;
			}
			Http.sleep(50);
		}
	}

	/** The first answer after the last one (in {@code [from, to)}) that held the port; {@link #NONE} if none came after it. */
	long goneSince(int port, long from, long to) {
		long since = NONE;
		for (Answer answer : between(from, to)) {
			if (answer.ports() == null) {
				continue;
			}
			if (answer.ports().contains(port)) {
				since = NONE;
			}
			else if (since == NONE) {
				since = answer.nanos();
			}
		}
		return since;
	}

	@Override
	public void close() {
		this.stopped = true;
		this.thread.interrupt();
	}

}
