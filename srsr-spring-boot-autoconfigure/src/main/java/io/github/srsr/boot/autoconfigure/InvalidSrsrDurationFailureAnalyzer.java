package io.github.srsr.boot.autoconfigure;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains an {@code srsr.*} duration that Spring Boot could not convert, such as
 * {@code SRSR_HEARTBEAT_INTERVAL=0.5}: what a bare number means for that setting, and the value
 * with a unit that says what was meant ({@code 500ms}). Ahead of Spring Boot's own analysis of
 * binding failures, whose message names neither; every other binding failure is left to it.
 */
class InvalidSrsrDurationFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	// A number with a fraction, or with a space before its unit: what Spring Boot's simple format refuses.
	private static final Pattern NUMBER = Pattern.compile("([+-]?(?:\\d+\\.?\\d*|\\.\\d+))\\s*(ns|us|ms|s|m|h|d)?");

	private static final Map<String, Duration> UNITS = Map.of("ns", Duration.ofNanos(1), "us",
			Duration.ofNanos(1000), "ms", Duration.ofMillis(1), "s", Duration.ofSeconds(1), "m", Duration.ofMinutes(1),
			"h", Duration.ofHours(1), "d", Duration.ofDays(1));

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		String property = cause.getName().toString();
		ConfigurationProperty bound = cause.getProperty();
		if (!property.startsWith("srsr.") || !Duration.class.equals(cause.getTarget().getType().resolve())
				|| bound == null || bound.getValue() == null) {
			return null;
		}
		String value = String.valueOf(bound.getValue()).trim();
		DurationUnit unit = cause.getTarget().getAnnotation(DurationUnit.class);
		boolean seconds = unit != null && unit.value() == ChronoUnit.SECONDS;
		String bare = (seconds) ? "seconds" : "milliseconds";
		String description = property + " is '" + value + "'"
				+ ((bound.getOrigin() != null) ? " (" + bound.getOrigin() + ")" : "")
				+ ", which is not a duration: a bare number means whole " + bare + " here, and anything else needs "
				+ "a unit (ms, s, m, h, d) after a whole number.";
		String meant = meant(value, (seconds) ? Duration.ofSeconds(1) : Duration.ofMillis(1));
		String action = "Set " + property + " (" + SrsrPropertiesValidator.variable(property) + ") to "
				+ ((meant != null) ? meant + ", which is what '" + value + "' means."
						: "a whole number of " + bare + ", or a whole number with a unit, such as "
								+ ((seconds) ? "20s or 500ms." : "500ms or 2s."));
		return new FailureAnalysis(description, action, cause);
	}

	/**
	 * Return what a number with a fraction means as a whole number with a unit ({@code 500ms} for
	 * {@code 0.5} seconds), or {@code null} when it is not such a number.
	 */
	private static @Nullable String meant(String value, Duration bareUnit) {
		Matcher matcher = NUMBER.matcher(value);
		if (!matcher.matches()) {
			return null;
		}
		Duration unit = (matcher.group(2) != null) ? UNITS.get(matcher.group(2)) : bareUnit;
		BigDecimal nanos = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unit.toNanos()));
		for (String name : new String[] { "d", "h", "m", "s", "ms", "us", "ns" }) {
			BigDecimal[] quotient = nanos.divideAndRemainder(BigDecimal.valueOf(UNITS.get(name).toNanos()));
			if (quotient[1].signum() == 0 && quotient[0].signum() != 0) {
				return quotient[0].toBigInteger() + name;
			}
		}
		return null;
	}

	@Override
	public int getOrder() {
		// Ahead of Spring Boot's BindFailureAnalyzer, which would otherwise answer first.
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
