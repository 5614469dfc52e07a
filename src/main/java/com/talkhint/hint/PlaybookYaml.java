package com.talkhint.hint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * How the playbook's YAML files are read, by {@link Playbook}, {@link BuiltInExamples} and {@link PlaybookText}
 * alike: from the jar, safely, to plain maps and lists, walked with a {@link Node} that fails with the position.
 * On its own so that the built-in examples, which a playbook takes in, read their file without the playbook.
 */
final class PlaybookYaml {

	/**
	 * Largest playbook accepted, in characters: over SnakeYAML's default of 3 MiB, so a playbook that carries its
	 * own example sentences (a copy of a default from before they moved to {@link BuiltInExamples} was 1 MB) and
	 * learns from the agent's feedback for years still loads.
	 */
	public static final int MAX_CHARS = 8_000_000;

	private PlaybookYaml() {
	}

	/** A text resource shipped in the jar ({@code name} from the classpath root), or a clear error. */
	static String resourceText(String name) {
		try (InputStream in = PlaybookYaml.class.getClassLoader().getResourceAsStream(name)) {
			if (in == null) {
				throw new PlaybookException("classpath:" + name + " is missing from the build");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new PlaybookException("classpath:" + name + " could not be read: " + ex.getMessage(), ex);
		}
	}

	/** How every playbook reader reads YAML: safe types only, up to {@link #MAX_CHARS}. */
	static LoaderOptions loaderOptions() {
		LoaderOptions options = new LoaderOptions();
		options.setCodePointLimit(MAX_CHARS);
		return options;
	}

	/** Safe YAML to plain maps and lists; {@code what} names the text in the error ("playbook a.yml"). */
	static Object readYaml(String yaml, String what) {
		try {
			return new Yaml(new SafeConstructor(loaderOptions())).load(yaml);
		}
		catch (YAMLException ex) {
			throw new PlaybookException(what + " is not valid YAML: " + ex.getMessage().replaceAll("\\s*\\n\\s*", " "), ex);
		}
	}

	/** A position in the parsed YAML with helpers that fail with the position in the message. */
	record Node(String source, String path, Object value, List<Object> loc) {

		Node(String source, String path, Object value) {
			this(source, path, value, List.of());
		}

		boolean present() {
			return this.value != null;
		}

		Node named(String name) {
			return new Node(this.source, name, this.value, this.loc);
		}

		Node child(String key) {
			return new Node(this.source, this.path.isEmpty() ? key : this.path + "." + key, map().get(key), append(key));
		}

		private List<Object> append(Object step) {
			List<Object> out = new ArrayList<>(this.loc);
			out.add(step);
			return out;
		}

		@SuppressWarnings("unchecked")
		Map<String, Object> map() {
			if (this.value instanceof Map<?, ?> m) {
				for (Object key : m.keySet()) {
					if (!(key instanceof String)) {
						throw error("key " + key + " is not a string");
					}
				}
				return (Map<String, Object>) m;
			}
			throw error("expected a mapping (key: value), found " + describe());
		}

		List<Node> list() {
			if (this.value instanceof List<?> l) {
				List<Node> nodes = new ArrayList<>();
				for (int i = 0; i < l.size(); i++) {
					nodes.add(new Node(this.source, this.path + "[" + i + "]", l.get(i), append(i)));
				}
				return nodes;
			}
			throw error("expected a list, found " + describe());
		}

		void rejectUnknown(Set<String> allowed) {
			for (String key : map().keySet()) {
				if (!allowed.contains(key)) {
					throw error("unknown key '" + key + "' (allowed: " + new java.util.TreeSet<>(allowed) + ")");
				}
			}
		}

		String string() {
			if (this.value instanceof String s && !s.isBlank()) {
				return s.trim();
			}
			if (this.value instanceof Number || this.value instanceof Boolean) {
				return String.valueOf(this.value);
			}
			throw error((this.value == null) ? "is required" : "expected text, found " + describe());
		}

		List<String> strings() {
			if (this.value instanceof String) {
				return List.of(string()); // a single phrase written without brackets
			}
			List<String> out = new ArrayList<>();
			for (Node item : list()) {
				out.add(item.string());
			}
			return out;
		}

		double number() {
			if (this.value instanceof Number n) {
				return n.doubleValue();
			}
			throw error("expected a number, found " + describe());
		}

		double fraction() {
			double v = number();
			if (v < 0 || v > 1) {
				throw error("expected a number from 0 to 1, found " + describe());
			}
			return v;
		}

		int integer(int min) {
			if (this.value instanceof Integer n && n >= min) {
				return n;
			}
			throw error("expected a whole number" + ((min > Integer.MIN_VALUE) ? " >= " + min : "") + ", found "
					+ describe());
		}

		boolean bool() {
			if (this.value instanceof Boolean b) {
				return b;
			}
			throw error("expected true or false, found " + describe());
		}

		private String describe() {
			return (this.value == null) ? "nothing" : "'" + this.value + "'";
		}

		PlaybookException error(String problem) {
			return new PlaybookException(
					"playbook " + this.source + ": " + (this.path.isEmpty() ? "" : this.path + ": ") + problem, this.loc);
		}

	}

}
