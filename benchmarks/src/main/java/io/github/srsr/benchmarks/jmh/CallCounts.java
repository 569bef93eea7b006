package io.github.srsr.benchmarks.jmh;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Counts a JMH fork hands back to the suite (calls made, calls failed, retries): the suite passes a directory as the
 * system property {@value #PROPERTY} ({@code jvmArgsAppend}); each fork writes {@code <benchmark>-<pid>.properties}
 * there, so that a run JMH repeats after a failure adds its own file rather than replacing the first one's.
 */
public final class CallCounts {

	/** The system property that names the directory; without it, nothing is written. */
	public static final String PROPERTY = "srsr.bench.counts";

	private CallCounts() {
	}

	/**
	 * Writes (or rewrites) this fork's counts of a benchmark, if the suite asked for them.
	 * @param benchmark the benchmark's method name
	 * @param counts the counts
	 */
	static synchronized void write(String benchmark, Map<String, Long> counts) {
		String directory = System.getProperty(PROPERTY);
		if (directory == null) {
			return;
		}
		Properties properties = new Properties();
		counts.forEach((key, value) -> properties.setProperty(key, Long.toString(value)));
		Path file = Path.of(directory, benchmark + "-" + ProcessHandle.current().pid() + ".properties");
		try {
			Files.createDirectories(file.getParent());
			try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
				properties.store(out, benchmark);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The counts of a benchmark, summed over the forks that wrote them.
	 * @param directory the directory passed to the forks
	 * @param benchmark the benchmark's method name
	 * @return the sums, empty if no fork wrote any
	 */
	public static Map<String, Long> sum(Path directory, String benchmark) {
		Map<String, Long> sums = new TreeMap<>();
		if (!Files.isDirectory(directory)) {
			return sums;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, benchmark + "-*.properties")) {
			for (Path file : files) {
				Properties properties = new Properties();
				try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
					properties.load(in);
				}
				properties.stringPropertyNames()
					.forEach((key) -> sums.merge(key, Long.parseLong(properties.getProperty(key)), Long::sum));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return sums;
	}

}
