package io.github.srsr.benchmarks.steps;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.StartupStep;

/**
 * Only for the start-up breakdown of the benchmark suite: records the application context's start-up steps
 * (Spring's {@link BufferingApplicationStartup}) and, once the application is ready, prints one line per bean
 * instantiation and one for the context refresh, to standard out:
 * {@value #PREFIX} {@code <id> <parent id> <bean name or -> <microseconds>} (white space in a bean name as
 * {@code _}). Each step's time is the main thread's wall clock from the bean's creation to its initialisation,
 * dependencies created on the way included (they have a step of their own, whose parent it is). The suite puts this
 * and a {@code META-INF/spring.factories} that names it on the sample's class path through Spring Boot's
 * {@code PropertiesLauncher} ({@code loader.path}).
 */
public class StartupStepsInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** The class files the steps jar needs. */
	public static final String[] CLASS_FILES = { "StartupStepsInitializer.class" };

	/** What each printed line starts with. */
	public static final String PREFIX = "srsr-startup-step";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		BufferingApplicationStartup startup = new BufferingApplicationStartup(20_000);
		context.setApplicationStartup(startup);
		context.addApplicationListener((event) -> {
			if (event instanceof ApplicationReadyEvent ready && ready.getApplicationContext() == context) {
				print(startup.getBufferedTimeline());
			}
		});
	}

	private static void print(StartupTimeline timeline) {
		StringBuilder lines = new StringBuilder();
		for (StartupTimeline.TimelineEvent event : timeline.getEvents()) {
			StartupStep step = event.getStartupStep();
			String bean = "-";
			for (StartupStep.Tag tag : step.getTags()) {
				if (tag.getKey().equals("beanName")) {
					bean = tag.getValue().replaceAll("\\s", "_");
				}
			}
			if (step.getName().equals("spring.beans.instantiate") || step.getName().equals("spring.context.refresh")) {
				lines.append(PREFIX)
					.append(' ')
					.append(step.getId())
					.append(' ')
					.append(step.getParentId())
					.append(' ')
					.append(bean)
					.append(' ')
					.append(event.getDuration().toNanos() / 1000)
					.append('\n');
			}
		}
		System.out.print(lines);
		System.out.flush();
	}

}
