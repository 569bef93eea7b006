package io.github.srsr.benchmarks.suite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Median, minimum and maximum of a handful of samples.
 *
 * @param median the median (mean of the two middle samples for an even count)
 * @param min the smallest sample
 * @param max the largest sample
 * @param count how many samples
 */
record Stats(double median, double min, double max, int count) {

	static Stats of(List<Double> samples) {
		if (samples.isEmpty()) {
			return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
		}
		List<Double> sorted = new ArrayList<>(samples);
		Collections.sort(sorted);
		int n = sorted.size();
		double median = (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
		return new Stats(median, sorted.get(0), sorted.get(n - 1), n);
	}

	boolean isEmpty() {
		return this.count == 0;
	}

}
