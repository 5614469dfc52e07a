package com.talkhint.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What is said in a built-in scenario and when ({@code scenarios/<id>/timeline.tsv}), and which hint each
 * utterance must raise ({@code expected-hints.tsv}): the reference the load driver measures latency against.
 *
 * @param id scenario id
 * @param utterances every utterance in order; times in ms from the first media frame
 * @param expectedHints hint id and the utterance that must trigger it
 */
record ScenarioScript(String id, List<Utterance> utterances, List<ExpectedHint> expectedHints) {

	/** One utterance: {@code speaker} is {@code agent} or {@code customer}, as on {@code /ui/events}. */
	record Utterance(int index, String speaker, long startMs, long endMs, String text) {
	}

	/** Hint {@code hintId} must fire once utterance {@code utterance} has been said. */
	record ExpectedHint(String hintId, int utterance) {
	}

	/** Loads {@code scenarios/<id>/} from the classpath; a clear error when a file is missing or malformed. */
	static ScenarioScript load(String id) {
		List<Utterance> utterances = new ArrayList<>();
		List<String[]> timeline = rows(id, "timeline.tsv", 4);
		for (String[] row : timeline) {
			utterances.add(new Utterance(utterances.size(), row[0].trim(), parse(id, row[1]), parse(id, row[2]), row[3]));
		}
		List<ExpectedHint> hints = new ArrayList<>();
		for (String[] row : rows(id, "expected-hints.tsv", 2)) {
			int index = (int) parse(id, row[1]);
			if (index < 0 || index >= utterances.size()) {
				throw new IllegalStateException("scenarios/" + id + "/expected-hints.tsv: utterance " + index
						+ " does not exist (timeline has " + utterances.size() + ")");
			}
			hints.add(new ExpectedHint(row[0].trim(), index));
		}
		return new ScenarioScript(id, List.copyOf(utterances), List.copyOf(hints));
	}

	private static List<String[]> rows(String id, String file, int columns) {
		String resource = "scenarios/" + id + "/" + file;
		try (InputStream in = ScenarioScript.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Missing classpath resource " + resource);
			}
			List<String[]> rows = new ArrayList<>();
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] cells = line.split("\t", columns);
				if (cells.length < columns) {
					throw new IllegalStateException(resource + ": expected " + columns + " tab-separated columns: " + line);
				}
				rows.add(cells);
			}
			return rows;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long parse(String id, String value) {
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalStateException("scenarios/" + id + ": not a number: '" + value + "'", ex);
		}
	}

}
