package io.github.srsr.registry.junit;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.srsr.registry.EmbeddedSrsrRegistry;

/**
 * The registry settings that an {@link EmbeddedSrsr @EmbeddedSrsr} asks for; shared by the JUnit extension and
 * the Spring test support.
 *
 * @param port the port, 0 for a free one
 * @param timeout the heartbeat timeout
 */
public record EmbeddedSrsrSettings(int port, Duration timeout) {

	private static final Pattern WITH_UNIT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

	/**
	 * The settings of an annotation, or the defaults (free port, 30 s) when there is none.
	 * @param annotation the annotation, may be {@code null}
	 * @return the settings
	 * @throws IllegalArgumentException if the timeout cannot be read
	 */
	public static EmbeddedSrsrSettings of(EmbeddedSrsr annotation) {
		if (annotation == null) {
			return new EmbeddedSrsrSettings(0, EmbeddedSrsrRegistry.DEFAULT_TIMEOUT);
		}
		return new EmbeddedSrsrSettings(annotation.port(), parseTimeout(annotation.timeout()));
	}

	/**
	 * Reads a timeout as {@link EmbeddedSrsr#timeout()} documents it.
	 * @param text e.g. {@code "300ms"}, {@code "30s"}, {@code "PT30S"} or {@code "30"}
	 * @return the positive duration
	 * @throws IllegalArgumentException if the text is not a positive duration
	 */
	public static Duration parseTimeout(String text) {
		String trimmed = text.trim();
		Duration duration = null;
		Matcher matcher = WITH_UNIT.matcher(trimmed.toLowerCase(Locale.ROOT));
		if (matcher.matches()) {
			long amount = Long.parseLong(matcher.group(1));
			String unit = (matcher.group(2) != null) ? matcher.group(2) : "s";
			duration = switch (unit) {
				case "ms" -> Duration.ofMillis(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				case "d" -> Duration.ofDays(amount);
				default -> Duration.ofSeconds(amount);
			};
		}
		else {
			try {
				duration = Duration.parse(trimmed);
			}
			catch (DateTimeParseException ex) {
				// reported below
			}
		}
		if (duration == null || duration.isZero() || duration.isNegative()) {
			throw new IllegalArgumentException("Invalid @EmbeddedSrsr timeout \"" + text
					+ "\": use a positive duration such as \"300ms\", \"30s\", \"2m\" or \"PT30S\"");
		}
		return duration;
	}

	/**
	 * Starts a registry with these settings.
	 * @return the running registry
	 */
	public EmbeddedSrsrRegistry start() {
		return EmbeddedSrsrRegistry.builder().port(this.port).timeout(this.timeout).start();
	}

}
