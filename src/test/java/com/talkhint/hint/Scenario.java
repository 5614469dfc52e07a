package com.talkhint.hint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.talkhint.audio.Speaker;
import com.talkhint.event.Hint;
import com.talkhint.transcription.TranscriptSegment;

/**
 * A two-party call scenario as text: utterances with stream times and the hints each must trigger, read from
 * a folder's {@code timeline.tsv} + {@code expected-hints.tsv} or from a make-scenario script plus its
 * expected-hints file (times then come from the script's gaps and a speaking rate, which is enough for text).
 */
record Scenario(String name, List<TranscriptSegment> utterances, List<Set<String>> expected) {

	/** Hints whose evidence is customer wording; the coaching rules are judged elsewhere. */
	static final Set<String> OBJECTION_FAMILY = Set.of("price-objection", "competitor-mention", "cancellation-risk",
			"escalation-request", "follow-up-request", "decision-timeline");

	static Path sharedDir() {
		return Path.of(System.getProperty("talkhint.shared.dir", "../shared"));
	}

	static Scenario fromFolder(Path folder) {
		List<TranscriptSegment> utterances = new ArrayList<>();
		for (String line : lines(folder.resolve("timeline.tsv"))) {
			String[] f = line.split("\t", 4);
			utterances.add(new TranscriptSegment(Speaker.valueOf(f[0].toUpperCase()), f[3], Long.parseLong(f[1]),
					Long.parseLong(f[2])));
		}
		return new Scenario(folder.getFileName().toString(), utterances,
				expected(folder.resolve("expected-hints.tsv"), utterances.size()));
	}

	/** A make-scenario script ({@code speaker|voice|gap_s|text}); about 150 words a minute. */
	static Scenario fromScript(Path script, Path expectedHints) {
		List<TranscriptSegment> utterances = new ArrayList<>();
		long t = 0;
		for (String line : lines(script)) {
			String[] f = line.split("\\|", 4);
			long start = t + (long) (Double.parseDouble(f[2]) * 1000);
			long end = start + 400L * f[3].split("\\s+").length;
			utterances.add(new TranscriptSegment(Speaker.valueOf(f[0].toUpperCase()), f[3], start, end));
			t = end;
		}
		String name = script.getFileName().toString().replace(".txt", "");
		return new Scenario(name, utterances, expected(expectedHints, utterances.size()));
	}

	private static List<Set<String>> expected(Path file, int size) {
		List<Set<String>> expected = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			expected.add(new LinkedHashSet<>());
		}
		for (String line : lines(file)) {
			String[] f = line.split("\t");
			expected.get(Integer.parseInt(f[1].trim())).add(f[0].trim());
		}
		return expected;
	}

	private static List<String> lines(Path file) {
		try {
			return Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Index of the utterance a hint belongs to: the one whose time span holds its atMs, else the last before it. */
	int utteranceAt(long atMs) {
		int best = -1;
		for (int i = 0; i < this.utterances.size(); i++) {
			TranscriptSegment s = this.utterances.get(i);
			if (s.startMs() <= atMs && atMs <= s.endMs()) {
				return i;
			}
			if (s.endMs() <= atMs) {
				best = i;
			}
		}
		return best;
	}

	/**
	 * Replays the text through a coach as the recogniser would deliver it: a growing partial every word
	 * (stream time spread evenly over the utterance), then the final.
	 */
	List<Hint> replay(CallCoach coach) {
		List<Hint> hints = new ArrayList<>();
		for (TranscriptSegment s : this.utterances) {
			String[] words = s.text().split("\\s+");
			for (int n = 1; n < words.length; n++) {
				long now = s.startMs() + (s.endMs() - s.startMs()) * n / words.length;
				hints.addAll(coach.partial(s.speaker(), String.join(" ", List.of(words).subList(0, n)), now).hints());
			}
			hints.addAll(coach.finalSegment(s).hints());
		}
		return hints;
	}

}
