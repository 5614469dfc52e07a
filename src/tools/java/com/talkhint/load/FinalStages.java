package com.talkhint.load;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the finals' time went inside TalkHint over one level: its {@code talkhint.transcription.final.stage} timers
 * (queued, recognised, delivery, listeners), read from {@code /actuator/prometheus} before and after the level. The
 * means are over the level's finals (the counters' difference); the percentiles are TalkHint's own over its last
 * minute or so (the timers' decaying window), read at the level's end.
 */
record FinalStages(Map<String, Stage> stages) {

	static final String METRIC = "talkhint_transcription_final_stage_seconds";

	private static final Pattern LINE = Pattern
		.compile("^" + METRIC + "(_count|_sum)?\\{([^}]*)\\}\\s+(\\S+)$", Pattern.MULTILINE);

	private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

	/** One stage: finals counted and seconds summed so far, and its recent median and 95th percentile, in seconds. */
	record Stage(double count, double sumSeconds, double p50Seconds, double p95Seconds) {
	}

	static final FinalStages NONE = new FinalStages(Map.of());

	/** The stages in Prometheus's text format; none when the build has no such timers. */
	static FinalStages parse(String prometheus) {
		if (prometheus == null) {
			return NONE;
		}
		Map<String, double[]> values = new LinkedHashMap<>();
		Matcher line = LINE.matcher(prometheus);
		while (line.find()) {
			Map<String, String> labels = new LinkedHashMap<>();
			Matcher label = LABEL.matcher(line.group(2));
			while (label.find()) {
				labels.put(label.group(1), label.group(2));
			}
			String stage = labels.get("stage");
			if (stage == null) {
				continue;
			}
			double[] v = values.computeIfAbsent(stage, (s) -> new double[] { Double.NaN, Double.NaN, Double.NaN, Double.NaN });
			double value = Double.parseDouble(line.group(3));
			String suffix = line.group(1);
			if ("_count".equals(suffix)) {
				v[0] = value;
			}
			else if ("_sum".equals(suffix)) {
				v[1] = value;
			}
			else if ("0.5".equals(labels.get("quantile"))) {
				v[2] = value;
			}
			else if ("0.95".equals(labels.get("quantile"))) {
				v[3] = value;
			}
		}
		Map<String, Stage> stages = new LinkedHashMap<>();
		values.forEach((stage, v) -> stages.put(stage, new Stage(v[0], v[1], v[2], v[3])));
		return new FinalStages(stages);
	}

	/**
	 * One line for the report: per stage, p50/p95 and (the mean over the finals since {@code before}) in ms; empty
	 * when the build has no such timers.
	 */
	String describeSince(FinalStages before) {
		StringJoiner out = new StringJoiner(", ");
		this.stages.forEach((name, after) -> {
			Stage start = before.stages().get(name);
			double finals = after.count() - ((start != null) ? start.count() : 0);
			double seconds = after.sumSeconds() - ((start != null) ? start.sumSeconds() : 0);
			out.add(String.format(Locale.ROOT, "%s %s/%s (%s over %.0f)", name, ms(after.p50Seconds()),
					ms(after.p95Seconds()), (finals > 0) ? ms(seconds / finals) : "-", finals));
		});
		return out.toString();
	}

	private static String ms(double seconds) {
		return Double.isNaN(seconds) ? "-" : String.format(Locale.ROOT, "%.0f", seconds * 1000);
	}

}
