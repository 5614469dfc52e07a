package com.talkhint.structure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
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
 * the drawing in {@code docs/structure.md}, read from the file itself so the drawing is what is checked: no arrow
 * its table does not allow, none of the arrows it says must never exist, no loop between packages, and no two
 * files that refer to each other in a loop.
 */
class StructureTests {

	static final Path SOURCES = Path.of("src/main/java/com/talkhint");

	static final Path MAIN = Path.of("src/main/java");

	static final Path DRAWING = Path.of("docs/structure.md");

	private static final Pattern REFERENCE = Pattern.compile("\\bcom\\.talkhint\\.([a-z]+)\\.[A-Z*]");

	private static final Pattern NAME = Pattern.compile("`([a-z]+)`");

	private static final Pattern ARROW = Pattern.compile("`([a-z]+) → ([a-z]+)`");

	/** A fully qualified name of one of ours: the package's segments, then the top-level type (its file). */
	private static final Pattern QUALIFIED = Pattern.compile("\\bcom\\s*\\.\\s*talkhint((?:\\s*\\.\\s*[a-z]\\w*)*)\\s*\\.\\s*([A-Z]\\w*)");

	/** A type's simple name not written after a dot (after a dot it is a member of what precedes it). */
	private static final Pattern SIMPLE = Pattern.compile("(?<![\\w$.])[A-Z][\\w$]*");

	private static final Pattern IMPORT = Pattern.compile("\\bimport\\s+(static\\s+)?([\\w.]+)(\\s*\\.\\s*\\*)?\\s*;");

	private static final Pattern DECLARED = Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Z]\\w*)");

	/** docs/structure.md's "may use" column, read from its table. */
	static final Map<String, Set<String>> ALLOWED = allowed();

	/** docs/structure.md's arrows that must never exist, {@code from → to}, either side possibly "anything". */
	static final List<String[]> NEVER = never();

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
	void noArrowTheDrawingSaysMustNeverExistIsInTheCode() throws IOException {
		assertThat(NEVER).as("docs/structure.md's arrows that must never exist").isNotEmpty();
		assertThat(neverArrowsIn(arrows())).as("arrows docs/structure.md says must never exist").isEmpty();
	}

	@Test
	void theTableAllowsNoneOfTheArrowsThatMustNeverExist() {
		assertThat(neverArrowsIn(ALLOWED)).as("arrows docs/structure.md's table allows and its list forbids").isEmpty();
	}

	@Test
	void noTwoFilesReferToEachOtherInALoop() throws IOException {
		Map<String, Set<String>> references = fileReferences();
		List<String> loops = new ArrayList<>();
		for (Set<String> loop : loops(references)) {
			loops.add(loop.size() + " files: " + String.join(", ", loop) + "; for one, "
					+ String.join(" -> ", cycle(loop.iterator().next(), loop, references)));
		}
		assertThat(loops).as("files in src/main/java/com/talkhint that refer to each other in a loop").isEmpty();
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

	/** The arrows among {@code arrows} (package → the packages it uses) that the list says must never exist. */
	private static List<String> neverArrowsIn(Map<String, Set<String>> arrows) {
		List<String> found = new ArrayList<>();
		arrows.forEach((from, targets) -> targets.stream()
			.filter((to) -> never(from, to))
			.forEach((to) -> found.add(from + " -> " + to)));
		return found;
	}

	private static boolean never(String from, String to) {
		return NEVER.stream()
			.anyMatch((n) -> (n[0].equals("anything") || n[0].equals(from)) && (n[1].equals("anything") || n[1].equals(to)));
	}

	/** The rows of the table whose header has a "may use" column: package → the packages it names there. */
	static Map<String, Set<String>> allowed() {
		Map<String, Set<String>> allowed = new TreeMap<>();
		int column = -1;
		for (String line : drawing()) {
			if (!line.startsWith("|")) {
				if (column >= 0 && !allowed.isEmpty()) {
					break;
				}
				continue;
			}
			List<String> cells = List.of(line.substring(1).split("\\|", -1)).stream().map(String::trim).toList();
			if (column < 0) {
				column = cells.indexOf("may use");
			}
			else if (!cells.get(0).startsWith("---")) {
				Matcher name = NAME.matcher(cells.get(0));
				assertThat(name.find()).as("a package in the first cell of %s", line).isTrue();
				Set<String> uses = new TreeSet<>();
				Matcher m = NAME.matcher(cells.get(column));
				while (m.find()) {
					uses.add(m.group(1));
				}
				allowed.put(name.group(1), uses);
			}
		}
		assertThat(allowed).as("the \"may use\" table of %s", DRAWING).isNotEmpty();
		return allowed;
	}

	/** The arrows listed under "## Arrows that must never exist", as {from, to}. */
	static List<String[]> never() {
		List<String[]> never = new ArrayList<>();
		boolean inside = false;
		for (String line : drawing()) {
			if (line.startsWith("## ")) {
				inside = line.equals("## Arrows that must never exist");
			}
			else if (inside) {
				Matcher m = ARROW.matcher(line);
				while (m.find()) {
					never.add(new String[] { m.group(1), m.group(2) });
				}
			}
		}
		return never;
	}

	private static List<String> drawing() {
		try {
			return Files.readAllLines(DRAWING, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * File → the other files of ours it refers to (paths under {@link #SOURCES}): by import (static or not, of a
	 * type or of something nested in it), by fully qualified name, and by a type's simple name when the type is a
	 * top-level type of the file's own package or of a package it imports with {@code *}. Comments and string
	 * literals are left out; the file's own types (itself and what it nests) do not count.
	 */
	static Map<String, Set<String>> fileReferences() throws IOException {
		Map<String, String> sources = new TreeMap<>();
		try (Stream<Path> files = Files.walk(SOURCES)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".java")).toList()) {
				sources.put(MAIN.relativize(file).toString().replace('\\', '/'),
						code(Files.readString(file, StandardCharsets.UTF_8)));
			}
		}
		Map<String, Set<String>> references = new TreeMap<>();
		sources.forEach((file, code) -> {
			String dir = file.substring(0, file.lastIndexOf('/') + 1);
			Set<String> visible = new TreeSet<>(Set.of(dir));
			Set<String> targets = new TreeSet<>();
			Matcher i = IMPORT.matcher(code);
			while (i.find()) {
				String[] parts = i.group(2).split("\\.");
				int type = 0;
				while (type < parts.length && !Character.isUpperCase(parts[type].charAt(0))) {
					type++;
				}
				String path = String.join("/", List.of(parts).subList(0, Math.min(type + 1, parts.length)));
				if (type < parts.length) {
					targets.add(path + ".java");
				}
				else if (i.group(3) != null) {
					visible.add(path + "/");
				}
			}
			String body = IMPORT.matcher(code).replaceAll(" ");
			Matcher q = QUALIFIED.matcher(body);
			while (q.find()) {
				targets.add("com/talkhint" + q.group(1).replaceAll("\\s", "").replace('.', '/') + "/" + q.group(2) + ".java");
			}
			Set<String> own = new TreeSet<>();
			Matcher d = DECLARED.matcher(body);
			while (d.find()) {
				own.add(d.group(1));
			}
			Matcher n = SIMPLE.matcher(body);
			while (n.find()) {
				if (!own.contains(n.group())) {
					visible.forEach((v) -> targets.add(v + n.group() + ".java"));
				}
			}
			targets.retainAll(sources.keySet());
			targets.remove(file);
			references.put(file.substring("com/talkhint/".length()),
					targets.stream().map((t) -> t.substring("com/talkhint/".length())).collect(TreeSet::new, Set::add, Set::addAll));
		});
		return references;
	}

	/** Java source without its comments and the contents of its string, text-block and char literals. */
	static String code(String source) {
		StringBuilder out = new StringBuilder(source.length());
		int i = 0;
		int n = source.length();
		while (i < n) {
			char c = source.charAt(i);
			if (source.startsWith("//", i)) {
				while (i < n && source.charAt(i) != '\n') {
					i++;
				}
			}
			else if (source.startsWith("/*", i)) {
				int end = source.indexOf("*/", i + 2);
				i = (end < 0) ? n : end + 2;
				out.append(' ');
			}
			else if (source.startsWith("\"\"\"", i)) {
				int end = source.indexOf("\"\"\"", i + 3);
				while (end > 0 && source.charAt(end - 1) == '\\') {
					end = source.indexOf("\"\"\"", end + 1);
				}
				i = (end < 0) ? n : end + 3;
				out.append("\"\"");
			}
			else if (c == '"' || c == '\'') {
				i++;
				while (i < n && source.charAt(i) != c && source.charAt(i) != '\n') {
					i += (source.charAt(i) == '\\') ? 2 : 1;
				}
				i++;
				out.append(c).append(c);
			}
			else {
				out.append(c);
				i++;
			}
		}
		return out.toString();
	}

	/** The strongly connected groups of more than one file (Tarjan's algorithm), each sorted. */
	static List<Set<String>> loops(Map<String, Set<String>> graph) {
		List<Set<String>> loops = new ArrayList<>();
		Map<String, Integer> index = new HashMap<>();
		Map<String, Integer> low = new HashMap<>();
		Deque<String> stack = new ArrayDeque<>();
		Set<String> onStack = new HashSet<>();
		for (String start : graph.keySet()) {
			if (!index.containsKey(start)) {
				connect(start, graph, index, low, stack, onStack, loops);
			}
		}
		return loops;
	}

	private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
			Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> loops) {
		index.put(v, index.size());
		low.put(v, index.get(v));
		stack.push(v);
		onStack.add(v);
		for (String w : graph.getOrDefault(v, Set.of())) {
			if (!index.containsKey(w)) {
				connect(w, graph, index, low, stack, onStack, loops);
				low.put(v, Math.min(low.get(v), low.get(w)));
			}
			else if (onStack.contains(w)) {
				low.put(v, Math.min(low.get(v), index.get(w)));
			}
		}
		if (low.get(v).equals(index.get(v))) {
			Set<String> group = new TreeSet<>();
			String w;
			do {
				w = stack.pop();
				onStack.remove(w);
				group.add(w);
			}
			while (!w.equals(v));
			if (group.size() > 1) {
				loops.add(group);
			}
		}
	}

	/** A shortest way from {@code start} back to itself inside {@code group}, for the failure message. */
	private static List<String> cycle(String start, Set<String> group, Map<String, Set<String>> graph) {
		Map<String, String> previous = new HashMap<>();
		Deque<String> todo = new ArrayDeque<>(List.of(start));
		while (!todo.isEmpty()) {
			String at = todo.poll();
			for (String next : graph.get(at)) {
				if (next.equals(start)) {
					List<String> way = new ArrayList<>(List.of(start));
					for (String back = at; back != null; back = previous.get(back)) {
						way.add(0, back);
					}
					return way;
				}
				if (group.contains(next) && !next.equals(start) && previous.putIfAbsent(next, at) == null) {
					todo.add(next);
				}
			}
		}
		return List.of(start);
	}

}
