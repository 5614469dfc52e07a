package com.talkhint.transcription;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.talkhint.audio.MuLaw;
import com.talkhint.audio.Speaker;

/**
 * The shared test audio ({@code talkhint.shared.dir}, default {@code ../shared}): dev clips with reference
 * transcripts, and two-party scenarios with a timeline of who says what when.
 */
final class SharedAudio {

	private SharedAudio() {
	}

	static Path root() {
		return Path.of(System.getProperty("talkhint.shared.dir", "../shared"), "audio");
	}

	/** One dev clip and its reference transcript. */
	record Clip(String file, String reference) {

		Path path() {
			return root().resolve("dev").resolve(this.file);
		}

	}

	static List<Clip> devClips() {
		List<Clip> clips = new ArrayList<>();
		for (String line : lines(root().resolve("dev/transcripts.tsv"))) {
			String[] columns = line.split("\t");
			if (columns.length >= 2 && !"file".equals(columns[0])) {
				clips.add(new Clip(columns[0], columns[1]));
			}
		}
		return clips;
	}

	static Clip devClip(String file) {
		return devClips().stream().filter((clip) -> clip.file().equals(file)).findFirst().orElseThrow();
	}

	/** One utterance of a scenario's timeline.tsv. */
	record Utterance(Speaker speaker, long startMs, long endMs, String text) {
	}

	/**
	 * A two-party call: the agent is the {@code inbound} track, the customer the {@code outbound} track of an
	 * outbound TalkHint call; both files are raw µ-law, 8 kHz, the same length.
	 */
	record Scenario(String name, short[] agent, short[] customer, List<Utterance> timeline) {

		String reference(Speaker speaker) {
			return String.join(" ",
					this.timeline.stream().filter((u) -> u.speaker() == speaker).map(Utterance::text).toList());
		}

		short[] track(Speaker speaker) {
			return (speaker == Speaker.AGENT) ? this.agent : this.customer;
		}

	}

	static List<String> scenarioNames() {
		return List.of("discovery", "support");
	}

	static Scenario scenario(String name) {
		Path dir = root().resolve("scenarios").resolve(name);
		List<Utterance> timeline = new ArrayList<>();
		for (String line : lines(dir.resolve("timeline.tsv"))) {
			String[] columns = line.split("\t");
			if (columns.length == 4) {
				timeline.add(new Utterance(Speaker.valueOf(columns[0].toUpperCase(Locale.ROOT)),
						Long.parseLong(columns[1]), Long.parseLong(columns[2]), columns[3]));
			}
		}
		try {
			return new Scenario(name, MuLaw.decode(Files.readAllBytes(dir.resolve("agent.ulaw"))),
					MuLaw.decode(Files.readAllBytes(dir.resolve("customer.ulaw"))), List.copyOf(timeline));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> lines(Path file) {
		try {
			return Files.readAllLines(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Shared audio missing (set -Dtalkhint.shared.dir): " + file, ex);
		}
	}

}
