package com.talkhint.load;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.talkhint.load.LevelResult.Sample;

/**
 * The trend of one soak figure after warm-up: first and last value, the maximum, and the least-squares slope per
 * minute. Growth is flagged when the slope, carried over the measured window, exceeds both an absolute and a
 * relative allowance: a leak grows steadily, noise and one-off warm-up steps do not.
 *
 * @param metric what was sampled
 * @param unit its unit
 * @param start first value after warm-up
 * @param end last value
 * @param max largest value, warm-up included
 * @param slopePerMinute least-squares slope after warm-up, unit per minute
 * @param growing whether the slope counts as growth
 * @param samples samples after warm-up the slope is fitted on
 */
record Trend(String metric, String unit, Double start, Double end, Double max, Double slopePerMinute,
		boolean growing, int samples) {

	/**
	 * @param warmupSeconds samples before this are left out of the fit
	 * @param untilSeconds and samples after this (the soak's end, when calls drain)
	 * @param absolute growth over the window below this is noise (e.g. 16 MiB of RSS)
	 * @param relative and below this fraction of the start value too
	 */
	static Trend of(String metric, String unit, List<Sample> all, double warmupSeconds, double untilSeconds,
			Function<Sample, Double> value, double absolute, double relative) {
		List<double[]> points = new ArrayList<>();
		Double max = null;
		for (Sample s : all) {
			Double v = value.apply(s);
			if (v == null || v.isNaN()) {
				continue;
			}
			max = (max == null) ? v : Math.max(max, v);
			// After warm-up and before the last calls drain (N falls then, and so does everything else).
			if (s.seconds() >= warmupSeconds && s.seconds() <= untilSeconds) {
				points.add(new double[] { s.seconds() / 60.0, v });
			}
		}
		if (points.size() < 2) {
			return new Trend(metric, unit, points.isEmpty() ? null : points.get(0)[1],
					points.isEmpty() ? null : points.get(points.size() - 1)[1], max, null, false, points.size());
		}
		double slope = slope(points);
		double window = points.get(points.size() - 1)[0] - points.get(0)[0];
		double start = points.get(0)[1];
		boolean growing = slope * window > Math.max(absolute, relative * Math.abs(start));
		return new Trend(metric, unit, start, points.get(points.size() - 1)[1], max, slope, growing, points.size());
	}

	/** Least-squares slope of y over x. */
	static double slope(List<double[]> points) {
		double n = points.size();
		double sx = 0;
		double sy = 0;
		for (double[] p : points) {
			sx += p[0];
			sy += p[1];
		}
		double mx = sx / n;
		double my = sy / n;
		double num = 0;
		double den = 0;
		for (double[] p : points) {
			num += (p[0] - mx) * (p[1] - my);
			den += (p[0] - mx) * (p[0] - mx);
		}
		return (den == 0) ? 0 : num / den;
	}

}
