package io.github.srsr.sample;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes the tests started and have not seen exit: killed when this JVM exits first (the build was
 * interrupted, the test JVM told to stop), so that no sample or registry outlives the build.
 */
final class ChildProcesses {

	private static final Set<Process> running = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> running.forEach(Process::destroyForcibly), "srsr-it-child-processes"));
	}

	private ChildProcesses() {
	}

	/**
	 * Kill the process when this JVM exits, unless it exited before.
	 * @param process the process just started
	 * @return the process
	 */
	static Process killOnExit(Process process) {
		running.add(process);
		process.onExit().thenRun(() -> running.remove(process));
		return process;
	}

}
