package com.talkhint.structure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages' arrows as the code has them (imports and fully qualified names in {@code src/main/java}) against
 * the table in {@code docs/structure.md}: no arrow the table does not allow, and no loop between packages.
 */
class StructureTests {

	static final Path SOURCES = Path.of("src/main/java/com/talkhint");

	/** docs/structure.md's "may use" column. */
	static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
			Map.entry("system", Set.of("audio", "call", "event", "hint", "live", "security", "transcription", "twilio")),
			Map.entry("simulator", Set.of("audio", "call", "system", "twilio")), Map.entry("live", Set.of("event", "security")),
			Map.entry("twilio", Set.of("audio", "call", "event")),
			Map.entry("hint", Set.of("audio", "call", "event", "privacy", "transcription")),
			Map.entry("call", Set.of("audio", "event", "transcription")), Map.entry("transcription", Set.of("audio", "privacy")),
			Map.entry("audio", Set.of()), Map.entry("event", Set.of()), Map.entry("privacy", Set.of()),
			Map.entry("security", Set.of()));

	private static final Pattern REFERENCE = Pattern.compile("\\bcom\\.talkhint\\.([a-z]+)\\.[A-Z*]");

	@Test
	void everyArrowInTheCodeIsOneTheDrawingAllows() throws IOException {
		Map<String, Set<String>> arrows = arrows();
		assertThat(arrows.keySet()).as("packages (a new one needs a row in docs/structure.md)")
			.containsExactlyInAnyOrderElementsOf(ALLOWED.keySet());
		List<String> forbidden = new ArrayList<>();
		arrows.forEach((from, targets) -> targets.stream()
			.filter((to) -> !ALLOWED.get(from).contains(to))
			.forEach((to) -> forbidden.add(from + " -> " + to)));
		assertThat(forbidden).as("arrows docs/structure.md does not allow").isEmpty();
	}

	@Test
	void noTwoPackagesReachEachOther() throws IOException {
		Map<String, Set<String>> arrows = arrows();
		for (String start : arrows.keySet()) {
			assertThat(reachable(start, arrows)).as("packages reachable from %s", start).doesNotContain(start);
		}
	}

	@Test
	void theDrawingItselfHasNoLoop() {
		for (String start : ALLOWED.keySet()) {
			assertThat(reachable(start, ALLOWED)).as("allowed arrows from %s", start).doesNotContain(start);
		}
	}

	private static Set<String> reachable(String start, Map<String, Set<String>> arrows) {
		Set<String> seen = new TreeSet<>();
		List<String> todo = new ArrayList<>(arrows.getOrDefault(start, Set.of()));
		while (!todo.isEmpty()) {
			String next = todo.remove(todo.size() - 1);
			if (seen.add(next)) {
				todo.addAll(arrows.getOrDefault(next, Set.of()));
			}
		}
		return seen;
	}

	/** Package → the other packages its main sources name. */
	static Map<String, Set<String>> arrows() throws IOException {
		Map<String, Set<String>> arrows = new TreeMap<>();
		try (Stream<Path> files = Files.walk(SOURCES)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".java")).toList()) {
				Path relative = SOURCES.relativize(file);
				if (relative.getNameCount() < 2) {
					continue; // TalkHintApplication, the root
				}
				String from = relative.getName(0).toString();
				Set<String> targets = arrows.computeIfAbsent(from, (k) -> new TreeSet<>());
				Matcher m = REFERENCE.matcher(Files.readString(file, StandardCharsets.UTF_8));
				while (m.find()) {
					if (!m.group(1).equals(from)) {
						targets.add(m.group(1));
					}
				}
			}
		}
		return arrows;
	}

}
