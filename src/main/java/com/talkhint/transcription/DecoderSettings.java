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
 * The small English model ships {@code beam=10 max-active=3000 lattice-beam=2}; its
 * {@code frame-subsampling-factor=3} is part of the chain model and is never changed here.
 *
 * @param beam decoding beam: how far below the best path a hypothesis may score and survive (log-likelihood)
 * @param maxActive most hypotheses kept per frame
 * @param latticeBeam how much of the search is kept in the lattice (n-best alternatives, finals)
 */
public record DecoderSettings(double beam, int maxActive, double latticeBeam) {

	/** What the small English model itself ships in conf/model.conf. */
	public static final DecoderSettings MODEL_DEFAULTS = new DecoderSettings(10, 3000, 2);

	public DecoderSettings {
		if (beam <= 0 || maxActive < 200 || latticeBeam <= 0) {
			throw new IllegalArgumentException("decoder settings need beam > 0, max-active >= 200 (the model's "
					+ "min-active) and lattice-beam > 0, got beam=" + beam + " max-active=" + maxActive
					+ " lattice-beam=" + latticeBeam);
		}
	}

	/** The directory name of a model with these settings, e.g. {@code beam8-active1500-lattice2}. */
	public String label() {
		return String.format(Locale.ROOT, "beam%s-active%d-lattice%s", number(this.beam), this.maxActive,
				number(this.latticeBeam));
	}

	/**
	 * A model directory for these settings next to {@code modelDir}'s parent folder under {@code workDir}: links to
	 * every file of the model but {@code conf/model.conf}, which is the original with these three lines replaced.
	 * Returns {@code modelDir} itself when the settings are the model's own.
	 */
	public Path apply(Path modelDir, Path workDir) throws IOException {
		Path conf = modelDir.resolve("conf/model.conf");
		List<String> original = Files.readAllLines(conf, StandardCharsets.UTF_8);
		List<String> tuned = new ArrayList<>();
		for (String line : original) {
			if (!line.startsWith("--beam=") && !line.startsWith("--max-active=") && !line.startsWith("--lattice-beam=")) {
				tuned.add(line);
			}
		}
		tuned.add("--beam=" + number(this.beam));
		tuned.add("--max-active=" + this.maxActive);
		tuned.add("--lattice-beam=" + number(this.latticeBeam));
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

	private static boolean sameLines(List<String> original, List<String> tuned) {
		return original.stream().sorted().toList().equals(tuned.stream().sorted().toList());
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
