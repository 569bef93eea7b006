package io.github.srsr.benchmarks.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import io.github.srsr.benchmarks.steps.StartupStepsInitializer;
import io.github.srsr.benchmarks.stub.DisabledSrsrStandInsAutoConfiguration;

/**
 * Launches the packaged sample application ({@code srsr-sample-app-*.jar}) as its own process.
 */
final class Sample {

	private static final String STUB_PACKAGE = "io/github/srsr/benchmarks/stub/";

	private static final String STEPS_PACKAGE = "io/github/srsr/benchmarks/steps/";

	private Sample() {
	}

	/**
	 * How the sample is launched.
	 *
	 * @param loaderPath {@code null} for {@code java -jar sample.jar}; otherwise a jar added with
	 * {@code PropertiesLauncher}'s {@code loader.path}: that of {@link DisabledSrsrStandInsAutoConfiguration}
	 * ({@link #writeStubJar}) or of {@link StartupStepsInitializer} ({@link #writeStepsJar})
	 */
	record Launch(Path loaderPath) {

		static final Launch PLAIN = new Launch(null);

		List<String> command(Env env, List<String> jvmArgs) {
			List<String> command = new ArrayList<>();
			command.add(Env.java());
			command.addAll(jvmArgs);
			if (this.loaderPath == null) {
				command.add("-jar");
				command.add(env.sampleJar().toString());
			}
			else {
				command.add("-Dloader.path=" + this.loaderPath);
				command.add("-cp");
				command.add(env.sampleJar().toString());
				command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
			}
			return command;
		}

		String describe() {
			return (this.loaderPath == null) ? "`java -jar srsr-sample-app.jar`"
					: "`java -Dloader.path=" + this.loaderPath.getFileName() + " -cp srsr-sample-app.jar "
							+ "org.springframework.boot.loader.launch.PropertiesLauncher`";
		}

	}

	static Process start(Env env, Launch launch, int port, List<String> args, String logName) {
		return start(env, launch, List.of(), port, args, logName);
	}

	static Process start(Env env, Launch launch, List<String> jvmArgs, int port, List<String> args, String logName) {
		List<String> command = launch.command(env, jvmArgs);
		command.add("--server.port=" + port);
		command.add("--sample.embedded-registry.enabled=false");
		command.addAll(args);
		return Procs.start(command, env.log(logName), Map.of());
	}

	/**
	 * Polls {@code /actuator/health} every 10 ms.
	 * @param okOnly whether only a 200 counts (otherwise any HTTP answer, e.g. 503 while the registry is down)
	 * @return {@link System#nanoTime()} of the first answer that counts
	 */
	static long awaitHealth(int port, Process process, boolean okOnly, Duration bound) {
		String url = "http://127.0.0.1:" + port + "/actuator/health";
		long deadline = System.nanoTime() + bound.toNanos();
		while (System.nanoTime() < deadline) {
			int status = Http.status(url);
			if ((okOnly && status == 200) || (!okOnly && status > 0)) {
				return System.nanoTime();
			}
			if (!process.isAlive()) {
				throw new SampleDiedException("the sample on port " + port + " exited with " + process.exitValue()
						+ " before /actuator/health answered");
			}
			Http.sleep(10);
		}
		throw new IllegalStateException("/actuator/health of the sample on port " + port + " did not answer "
				+ (okOnly ? "200 " : "") + "within " + bound);
	}

	/**
	 * Writes the stub jar: the stub auto-configuration and its imports file.
	 */
	static Path writeStubJar(Env env) {
		return writeJar(env.results().resolve("sample-stub.jar"), STUB_PACKAGE,
				DisabledSrsrStandInsAutoConfiguration.CLASS_FILES,
				"META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports",
				DisabledSrsrStandInsAutoConfiguration.class.getName() + "\n");
	}

	/**
	 * Writes the steps jar: {@link StartupStepsInitializer} and the {@code spring.factories} that names it.
	 */
	static Path writeStepsJar(Env env) {
		return writeJar(env.results().resolve("sample-steps.jar"), STEPS_PACKAGE, StartupStepsInitializer.CLASS_FILES,
				"META-INF/spring.factories", "org.springframework.context.ApplicationContextInitializer="
						+ StartupStepsInitializer.class.getName() + "\n");
	}

	private static Path writeJar(Path jar, String packagePath, String[] classFiles, String extraEntry,
			String extraContent) {
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
			for (String classFile : classFiles) {
				try (InputStream in = Sample.class.getClassLoader().getResourceAsStream(packagePath + classFile)) {
					if (in == null) {
						throw new IllegalStateException("missing " + packagePath + classFile);
					}
					out.putNextEntry(new JarEntry(packagePath + classFile));
					in.transferTo(out);
					out.closeEntry();
				}
			}
			if (extraEntry != null) {
				out.putNextEntry(new JarEntry(extraEntry));
				out.write(extraContent.getBytes(StandardCharsets.UTF_8));
				out.closeEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return jar;
	}

	static final class SampleDiedException extends IllegalStateException {

		SampleDiedException(String message) {
			super(message);
		}

	}

}
