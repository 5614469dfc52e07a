package com.talkhint.hint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labelled customer lines ({@code label<TAB>utterance}, {@code #} comments), the sets hint matching is trained
 * and cross-validated on: a..f and i..l in the test resources, g and h in the shared folder.
 */
record LabelledLines(String set, List<Line> lines) {

	/** The training sets, in the order the cross-validation folds go. */
	static final List<String> TRAINING_SETS = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "aa", "ab", "ac", "ad", "ae", "af", "ag", "aj", "al", "ah", "ai", "ak", "aq", "ar", "as", "at", "au", "av", "aw", "ax", "az", "ba", "bb", "bc", "bd", "be", "bf", "bg", "bh", "bi", "bj", "bk", "bl", "bm", "bn", "bo", "bp", "bq", "br", "bs", "bt", "bu", "bv", "bw", "bx", "by", "bz", "ca", "cb", "cc", "cd", "ce", "cj", "ck", "cl", "cm", "cn", "co", "cp", "cq", "cr", "cs", "ct", "cu", "cv", "cw", "cx", "cy", "cz", "da", "db", "dc", "dd", "de", "df", "dg", "dh", "di", "dj", "dk", "dl", "dm", "dn", "do", "dp", "dq", "dr", "ds", "dt", "du", "dv", "dw", "dx", "dy", "dz", "ea", "eb", "ec", "ed", "ee", "ef", "eg");

	/** One line; {@code label} is a hint id or "none"; {@code where} is file:line. */
	record Line(String label, String text, String where) {

		boolean none() {
			return this.label.equals("none");
		}

	}

	/** Every training set that is present (k and l arrive later than the others). */
	static Map<String, LabelledLines> training() {
		Map<String, LabelledLines> out = new LinkedHashMap<>();
		for (String set : TRAINING_SETS) {
			LabelledLines lines = trainingSet(set);
			if (lines != null) {
				out.put(set, lines);
			}
		}
		return out;
	}

	/** One training set by its letter, or {@code null} when absent. */
	static LabelledLines trainingSet(String set) {
		Path shared = Scenario.sharedDir().resolve("hints/customer-lines-" + set + ".tsv");
		if (Files.isRegularFile(shared)) {
			return read(set, shared);
		}
		try (InputStream in = LabelledLines.class.getResourceAsStream("/hints/customer-lines-" + set + ".tsv")) {
			if (in == null) {
				return null;
			}
			return parse(set, "customer-lines-" + set + ".tsv", new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Any TSV file, named by its file name. */
	static LabelledLines read(String name, Path file) {
		try {
			return parse(name, file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static LabelledLines parse(String name, String fileName, String tsv) {
		List<Line> lines = new ArrayList<>();
		int n = 0;
		for (String raw : tsv.split("\n")) {
			n++;
			String line = raw.replace("\r", "");
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			String[] cols = line.split("\t", 2);
			if (cols.length != 2 || cols[1].isBlank()) {
				throw new IllegalArgumentException(fileName + ":" + n + ": expected label<TAB>utterance");
			}
			String label = cols[0].trim();
			if (!label.equals("none") && !Evaluation.CUSTOMER_HINTS.contains(label)) {
				throw new IllegalArgumentException(fileName + ":" + n + ": unknown label '" + label + "'");
			}
			lines.add(new Line(label, cols[1].trim(), fileName + ":" + n));
		}
		return new LabelledLines(name, List.copyOf(lines));
	}

}
