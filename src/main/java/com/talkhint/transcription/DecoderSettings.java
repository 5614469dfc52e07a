package com.talkhint.transcription;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Vosk's search settings. Vosk reads them from the model's own {@code conf/model.conf} when the model loads (one
 * set per {@code Model}, shared by its recognisers; the Java API has no setter), so a setting is applied by
 * loading the model from a directory that links to the original's files and holds its own {@code conf/model.conf}.
 * The small English model ships {@code beam=10 max-active=3000 lattice-beam=2} and endpoint rules that want
 * 0.5, 0.75 and 1.0 s of trailing silence (the more sure the decoder is that the sentence may end there, the
 * shorter); its {@code frame-subsampling-factor=3} is part of the chain model and is never changed here.
 *
 * @param beam decoding beam: how far below the best path a hypothesis may score and survive (log-likelihood)
 * @param maxActive most hypotheses kept per frame
 * @param latticeBeam how much of the search is kept in the lattice (n-best alternatives, finals)
 * @param endpointSilence seconds of trailing silence after which a confident decoder ends the utterance (endpoint
 * rule 2); the two less confident rules get 1.5 and 2 times as much, as in the model's own 0.5 / 0.75 / 1.0. At 0.5
 * the model's own rules stay as its file has them, whatever they are (another model may differ). TalkHint's default
 * is 0.3 ({@link TranscriptionProperties}), chosen when a final at a pause waited for Vosk's endpoint on replayed
 * silence (docs/load.md, "2026-12-07 03:42–04:29"); since then at most 300 ms is replayed and the result taken
 */
public record DecoderSettings(double beam, int maxActive, double latticeBeam, double endpointSilence) {

	/** What the small English model itself ships in conf/model.conf. */
	public static final DecoderSettings MODEL_DEFAULTS = new DecoderSettings(10, 3000, 2, 0.5);

	/** The model.conf options of the search; every other line of the model's file is kept as it is. */
	private static final List<String> SEARCH = List.of("--beam=", "--max-active=", "--lattice-beam=");

	/** The endpoint rules' options, replaced only when the endpoint silence is not the model's own. */
	private static final List<String> ENDPOINT = List.of("--endpoint.rule2.min-trailing-silence=",
			"--endpoint.rule3.min-trailing-silence=", "--endpoint.rule4.min-trailing-silence=");

	public DecoderSettings {
		if (beam <= 0 || maxActive < 200 || latticeBeam <= 0 || endpointSilence < 0.1) {
			throw new IllegalArgumentException("decoder settings need beam > 0, max-active >= 200 (the model's "
					+ "min-active), lattice-beam > 0 and endpoint-silence >= 0.1 s, got beam=" + beam + " max-active="
					+ maxActive + " lattice-beam=" + latticeBeam + " endpoint-silence=" + endpointSilence);
		}
	}

	/** The directory name of a model with these settings, e.g. {@code beam8-active1500-lattice2-endpoint0.5}. */
	public String label() {
		return String.format(Locale.ROOT, "beam%s-active%d-lattice%s-endpoint%s", number(this.beam), this.maxActive,
				number(this.latticeBeam), number(this.endpointSilence));
	}

	/**
	 * A model directory for these settings next to {@code modelDir}'s parent folder under {@code workDir}: links to
	 * every file of the model but {@code conf/model.conf}, which is the original with the search's lines (and the
	 * endpoint rules', unless they are the model's own) replaced.
	 * Returns {@code modelDir} itself when the settings are the model's own.
	 */
	public Path apply(Path modelDir, Path workDir) throws IOException {
		Path conf = modelDir.resolve("conf/model.conf");
		List<String> original = Files.readAllLines(conf, StandardCharsets.UTF_8);
		List<String> tuned = new ArrayList<>();
		boolean ownEndpoint = this.endpointSilence == MODEL_DEFAULTS.endpointSilence;
		for (String line : original) {
			if (SEARCH.stream().noneMatch(line::startsWith)
					&& (ownEndpoint || ENDPOINT.stream().noneMatch(line::startsWith))) {
				tuned.add(line);
			}
		}
		tuned.add("--beam=" + number(this.beam));
		tuned.add("--max-active=" + this.maxActive);
		tuned.add("--lattice-beam=" + number(this.latticeBeam));
		if (!ownEndpoint) {
			tuned.add(ENDPOINT.get(0) + number(this.endpointSilence));
			tuned.add(ENDPOINT.get(1) + number(Math.round(this.endpointSilence * 1500) / 1000.0));
			tuned.add(ENDPOINT.get(2) + number(Math.round(this.endpointSilence * 2000) / 1000.0));
		}
		if (sameLines(original, tuned)) {
			return modelDir;
		}
		Path target = workDir.resolve(modelDir.getFileName() + "-" + label()).toAbsolutePath().normalize();
		Files.createDirectories(target.resolve("conf"));
		try (Stream<Path> entries = Files.list(modelDir)) {
			for (Path entry : entries.toList()) {
				if (entry.getFileName().toString().equals("conf")) {
					continue;
				}
				link(target.resolve(entry.getFileName().toString()), entry.toAbsolutePath());
			}
		}
		try (Stream<Path> entries = Files.list(modelDir.resolve("conf"))) {
			for (Path entry : entries.toList()) {
				if (!entry.getFileName().toString().equals("model.conf")) {
					link(target.resolve("conf").resolve(entry.getFileName().toString()), entry.toAbsolutePath());
				}
			}
		}
		Files.write(target.resolve("conf/model.conf"), tuned, StandardCharsets.UTF_8);
		return target;
	}

	/** The same options with the same values, in any order; {@code --beam=10.0} is {@code --beam=10}. */
	private static boolean sameLines(List<String> original, List<String> tuned) {
		return original.stream().map(DecoderSettings::canonical).sorted().toList()
			.equals(tuned.stream().map(DecoderSettings::canonical).sorted().toList());
	}

	private static String canonical(String line) {
		int eq = line.indexOf('=');
		try {
			return (eq < 0) ? line : line.substring(0, eq + 1) + number(Double.parseDouble(line.substring(eq + 1)));
		}
		catch (NumberFormatException ex) {
			return line; // e.g. --endpoint.silence-phones=1:2:3
		}
	}

	private static void link(Path link, Path to) throws IOException {
		if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(to)) {
			return;
		}
		Files.deleteIfExists(link);
		Files.createSymbolicLink(link, to);
	}

	private static String number(double value) {
		return (value == Math.rint(value)) ? Long.toString((long) value) : Double.toString(value);
	}

}
