package io.github.srsr.registry;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link EmbeddedSrsrRegistry} from the command line with srsr's own flags:
 * {@code java -jar srsr-embedded-registry-VERSION-standalone.jar [-p PORT] [-t TIMEOUT_SECONDS]}.
 *
 * <p>Listens on {@code localhost}, prints one line once it answers, and serves until the process is stopped
 * (SIGTERM, Ctrl-C). Flags are read like Go's {@code flag} package reads them: {@code -p 4214}, {@code -p=4214},
 * {@code --p 4214}. Exit codes: 0 after {@code -h}/{@code --help}, 2 for a bad flag or value, 1 when the port is
 * in use.
 */
public final class EmbeddedSrsrRegistryMain {

	static final int DEFAULT_PORT = 4214;

	static final int DEFAULT_TIMEOUT_SECONDS = 30;

	private static final String USAGE = """
			Usage: java -jar srsr-embedded-registry-standalone.jar [-p PORT] [-t TIMEOUT_SECONDS]

			An in-memory srsr registry on localhost that answers like the real srsr server.

			  -p PORT             port to listen on (default 4214; 0 picks a free port)
			  -t TIMEOUT_SECONDS  heartbeat timeout: an instance without a heartbeat for this long
			                      is removed (default 30)
			  -h, --help          print this help and exit
			""";

	private EmbeddedSrsrRegistryMain() {
	}

	/**
	 * Runs the registry and exits with the code of {@link #run(String[], PrintStream, PrintStream)}, if it
	 * returns.
	 * @param args the command-line arguments
	 */
	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/**
	 * Parses the flags, starts the registry and serves until the JVM shuts down or the calling thread is
	 * interrupted (then it stops the registry and returns 0).
	 * @param args the command-line arguments
	 * @param out where the start-up line and the help go
	 * @param err where errors go
	 * @return the exit code: 0 after help or a stop by interruption, 1 when the port is in use, 2 for a bad flag
	 * or value
	 */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			err.println(ex.getMessage());
			err.print(USAGE);
			return 2;
		}
		if (options.help) {
			out.print(USAGE);
			return 0;
		}
		EmbeddedSrsrRegistry registry;
		try {
			registry = EmbeddedSrsrRegistry.builder()
				.port(options.port)
				.timeout(Duration.ofSeconds(options.timeoutSeconds))
				.start();
		}
		catch (UncheckedIOException ex) {
			if (ex.getCause() instanceof BindException) {
				err.println("srsr embedded registry: port " + options.port + " on localhost is already in use");
			}
			else {
				err.println("srsr embedded registry: cannot listen on port " + options.port + ": " + ex.getMessage());
			}
			return 1;
		}
		out.println("srsr embedded registry listening on " + registry.url() + " (timeout " + options.timeoutSeconds
				+ "s)");
		out.flush();
		return serve(registry, out);
	}

	private static int serve(EmbeddedSrsrRegistry registry, PrintStream out) {
		CountDownLatch forever = new CountDownLatch(1);
		Thread hook = new Thread(() -> {
			registry.stop();
			out.println("srsr embedded registry stopped");
			out.flush();
		}, "srsr-embedded-registry-shutdown");
		Runtime.getRuntime().addShutdownHook(hook);
		try {
			forever.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down: the hook stops the registry.
			return 0;
		}
		registry.stop();
		out.println("srsr embedded registry stopped");
		out.flush();
		return 0;
	}

	/** The parsed command line. */
	private static final class Options {

		private int port = DEFAULT_PORT;

		private int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;

		private boolean help;

		static Options parse(String[] args) {
			Options options = new Options();
			for (int i = 0; i < args.length; i++) {
				String arg = args[i];
				if ("--".equals(arg)) {
					if (i + 1 < args.length) {
						throw new IllegalArgumentException("unexpected argument: " + args[i + 1]);
					}
					break;
				}
				if (!arg.startsWith("-") || "-".equals(arg)) {
					throw new IllegalArgumentException("unexpected argument: " + arg);
				}
				String flag = arg.substring(arg.startsWith("--") ? 2 : 1);
				String value = null;
				int equals = flag.indexOf('=');
				if (equals >= 0) {
					value = flag.substring(equals + 1);
					flag = flag.substring(0, equals);
				}
				switch (flag) {
					case "h", "help" -> {
						options.help = true;
						return options;
					}
					case "p", "t" -> {
						if (value == null) {
							if (i + 1 >= args.length) {
								throw new IllegalArgumentException("flag needs an argument: -" + flag);
							}
							value = args[++i];
						}
						if ("p".equals(flag)) {
							options.port = parseInt(value, flag, 0, 65535, "a port between 0 and 65535");
						}
						else {
							options.timeoutSeconds = parseInt(value, flag, 1, Integer.MAX_VALUE,
									"a whole number of seconds, at least 1");
						}
					}
					default -> throw new IllegalArgumentException("flag provided but not defined: -" + flag);
				}
			}
			return options;
		}

		private static int parseInt(String value, String flag, int min, int max, String expected) {
			try {
				int parsed = Integer.parseInt(value.trim());
				if (parsed >= min && parsed <= max) {
					return parsed;
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			throw new IllegalArgumentException(
					"invalid value \"" + value + "\" for flag -" + flag + ": expected " + expected);
		}

	}

}
