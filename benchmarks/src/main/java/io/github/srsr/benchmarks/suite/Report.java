package io.github.srsr.benchmarks.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the suite publishes: one summary row per target, and the details of each section in markdown.
 */
final class Report {

	enum Verdict {

		MET("met"), MISSED("**missed**"), NOT_MEASURED("**not measured**"), INFO("—");

		final String text;

		Verdict(String text) {
			this.text = text;
		}

		static Verdict of(boolean met) {
			return met ? MET : MISSED;
		}

	}

	record Row(String item, String what, String figure, String target, Verdict verdict) {
	}

	final List<Row> summary = new ArrayList<>();

	private final java.util.SortedMap<Integer, StringBuilder> sections = new java.util.TreeMap<>();

	private StringBuilder current = new StringBuilder();

	final List<String> failures = new ArrayList<>();

	/** Why a target was missed, as far as the figures of the run tell. */
	final List<String> notes = new ArrayList<>();

	void note(String text) {
		this.notes.add(text);
	}

	void row(String item, String what, String figure, String target, Verdict verdict) {
		this.summary.add(new Row(item, what, figure, target, verdict));
	}

	/**
	 * Starts (or continues) the details of an item: lines go there until the next call.
	 * @param item the item number of the issue
	 * @return this report
	 */
	Report section(int item) {
		this.current = this.sections.computeIfAbsent(item, (key) -> new StringBuilder());
		return this;
	}

	String details() {
		StringBuilder all = new StringBuilder();
		this.sections.values().forEach(all::append);
		return all.toString();
	}

	Report line(String text) {
		this.current.append(text).append('\n');
		return this;
	}

	Report blank() {
		return line("");
	}

	static String num(double value, int decimals) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		return String.format(Locale.ROOT, "%,." + decimals + "f", value);
	}

	/** {@code 12.3 (min 11.0, max 15.2)}. */
	static String mmm(Stats stats, int decimals) {
		if (stats.isEmpty()) {
			return "n/a";
		}
		return num(stats.median(), decimals) + " (" + num(stats.min(), decimals) + "–" + num(stats.max(), decimals)
				+ ")";
	}

	static String ratio(double value) {
		return num(value, (value >= 100) ? 0 : 2) + "×";
	}

}
