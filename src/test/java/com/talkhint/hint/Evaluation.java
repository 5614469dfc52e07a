package com.talkhint.hint;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Recall/precision bookkeeping per hint id over scenario utterances, and the table the report quotes. */
final class Evaluation {

	/** The ids judged: customer-wording hints (objection family) and knowledge answers. */
	static final Set<String> IDS = new TreeSet<>(List.of("price-objection", "competitor-mention", "cancellation-risk",
			"escalation-request", "follow-up-request", "decision-timeline", "info-integrations", "info-security",
			"info-pricing"));

	/** The six customer hints the customer-line sets are labelled with. */
	static final List<String> CUSTOMER_HINTS = List.of("price-objection", "competitor-mention", "cancellation-risk",
			"escalation-request", "follow-up-request", "decision-timeline");

	/** The calls the app ships (the simulator's menu), voiced with festival and flite voices. */
	static final Set<String> BUILT_IN = Set.of("discovery", "support", "renewal", "onboarding");

	private final Map<String, int[]> counts = new TreeMap<>(); // id → {tp, fp, fn}

	final List<String> errors = new ArrayList<>();

	static List<Scenario> scenarios() {
		List<Scenario> all = new ArrayList<>();
		for (String name : List.of("discovery", "support", "sales-paraphrases", "support-paraphrases",
				"precision-traps", "heldout-voices", "renewal", "onboarding")) {
			all.add(Scenario.fromFolder(folder(name)));
		}
		return all;
	}

	/**
	 * Where a scenario's audio and timeline are: the shared discovery and support calls beside the checkout, the
	 * other built-in calls (renewal, onboarding) in the main resources, the test-only ones in the test resources.
	 */
	static Path folder(String name) {
		if (name.equals("discovery") || name.equals("support")) {
			return Scenario.sharedDir().resolve("audio/scenarios").resolve(name);
		}
		try {
			java.net.URL timeline = Evaluation.class.getResource("/scenarios/" + name + "/timeline.tsv");
			if (timeline == null) {
				throw new IllegalStateException("no scenario '" + name + "' on the classpath");
			}
			return Path.of(timeline.toURI()).getParent();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	void score(Scenario scenario, int utterance, Set<String> fired) {
		score(scenario.name() + "#" + utterance, scenario.utterances().get(utterance).text(),
				scenario.expected().get(utterance), fired);
	}

	/** Scores one line: {@code where} names it in the error list. */
	void score(String where, String text, Set<String> expectedIds, Set<String> fired) {
		Set<String> expected = new TreeSet<>(expectedIds);
		expected.retainAll(IDS);
		Set<String> got = new TreeSet<>(fired);
		got.retainAll(IDS);
		for (String id : IDS) {
			int[] c = this.counts.computeIfAbsent(id, k -> new int[3]);
			boolean e = expected.contains(id);
			boolean g = got.contains(id);
			if (e && g) {
				c[0]++;
			}
			else if (g) {
				c[1]++;
				this.errors.add("FP " + id + " " + where + " \"" + text + "\"");
			}
			else if (e) {
				c[2]++;
				this.errors.add("FN " + id + " " + where + " \"" + text + "\"");
			}
		}
	}

	int falsePositives() {
		return this.counts.values().stream().mapToInt(c -> c[1]).sum();
	}

	double precision() {
		int tp = this.counts.values().stream().mapToInt(c -> c[0]).sum();
		return ratio(tp, tp + falsePositives());
	}

	double recall() {
		int tp = this.counts.values().stream().mapToInt(c -> c[0]).sum();
		int fn = this.counts.values().stream().mapToInt(c -> c[2]).sum();
		return ratio(tp, tp + fn);
	}

	String table(String title) {
		StringBuilder sb = new StringBuilder("\n" + title + "\n");
		sb.append(String.format("| %-20s | %3s | %3s | %3s | %9s | %6s |%n", "hint id", "TP", "FP", "FN", "precision",
				"recall"));
		sb.append("|----------------------|-----|-----|-----|-----------|--------|\n");
		int[] total = new int[3];
		for (Map.Entry<String, int[]> e : this.counts.entrySet()) {
			int[] c = e.getValue();
			sb.append(row(e.getKey(), c));
			for (int i = 0; i < 3; i++) {
				total[i] += c[i];
			}
		}
		sb.append(row("all", total));
		this.errors.forEach(err -> sb.append("  ").append(err).append('\n'));
		return sb.toString();
	}

	private static String row(String id, int[] c) {
		return String.format("| %-20s | %3d | %3d | %3d | %9s | %6s |%n", id, c[0], c[1], c[2],
				fmt(ratio(c[0], c[0] + c[1])), fmt(ratio(c[0], c[0] + c[2])));
	}

	private static double ratio(int a, int b) {
		return (b == 0) ? Double.NaN : (double) a / b;
	}

	private static String fmt(double v) {
		return Double.isNaN(v) ? "-" : String.format("%.2f", v);
	}

}
