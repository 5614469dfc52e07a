package com.talkhint.hint;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The playbook as text, for the playbook page: validation with line numbers, and the agent's feedback merged
 * into the entries' {@code examples} and {@code look-alikes} as YAML lines (comments and layout kept).
 */
final class PlaybookText {

	/** A problem and the 1-based line it is on (0 when unknown). */
	record Problem(int line, String message) {
	}

	private PlaybookText() {
	}

	/** Parses and compiles the YAML as the server would; empty when it can be saved. */
	static List<Problem> validate(String yaml) {
		try {
			new HintMatcher(Playbook.parse(yaml, "(edited)"));
			return List.of();
		}
		catch (PlaybookException ex) {
			int line = 0;
			if (ex.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
				line = marked.getProblemMark().getLine() + 1;
			}
			else if (!ex.location().isEmpty()) {
				line = lineOf(yaml, ex.location());
			}
			return List.of(new Problem(line, ex.getMessage()));
		}
	}

	/** The line of the node at {@code location}, or of the deepest ancestor that exists; 0 if none. */
	static int lineOf(String yaml, List<Object> location) {
		Node node;
		try {
			node = new Yaml(PlaybookYaml.loaderOptions()).compose(new StringReader(yaml));
		}
		catch (YAMLException ex) {
			return 0;
		}
		int line = (node != null) ? node.getStartMark().getLine() + 1 : 0;
		for (Object step : location) {
			Node next = step(node, step);
			if (next == null) {
				break;
			}
			node = next;
			line = node.getStartMark().getLine() + 1;
		}
		return line;
	}

	private static Node step(Node node, Object step) {
		if (node instanceof MappingNode map && step instanceof String key) {
			for (NodeTuple t : map.getValue()) {
				if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
					return t.getValueNode();
				}
			}
			return null;
		}
		if (node instanceof SequenceNode seq) {
			if (step instanceof Integer i) {
				return (i < seq.getValue().size()) ? seq.getValue().get(i) : null;
			}
			if (step instanceof String s && s.startsWith("#id:")) {
				for (Node item : seq.getValue()) {
					Node id = step(item, "id");
					if (id instanceof ScalarNode v && v.getValue().equals(s.substring(4))) {
						return item;
					}
				}
			}
		}
		return null;
	}

	/**
	 * The playbook text with each teaching feedback line added to its entry: "missed" lines under
	 * {@code examples}, "wrong" lines under {@code look-alikes} (the key is created at the end of the entry if
	 * missing). Lines already there are not repeated.
	 */
	static String withFeedback(String yaml, List<FeedbackItem> feedback) {
		Playbook playbook = Playbook.parse(yaml, "(export)");
		List<String> lines = new ArrayList<>(Arrays.asList(yaml.split("\n", -1)));
		Node root = new Yaml(PlaybookYaml.loaderOptions()).compose(new StringReader(yaml));
		// per entry and key, the new lines; inserted bottom-up so earlier line numbers stay valid
		Map<String, List<String>> additions = new LinkedHashMap<>();
		for (FeedbackItem f : feedback) {
			Playbook.Entry e = playbook.entry(f.hintId());
			if (!f.teaches() || e == null) {
				continue;
			}
			boolean example = f.verdict().equals(FeedbackItem.MISSED);
			List<String> existing = example ? e.examples() : e.lookAlikes();
			String key = f.hintId() + "\n" + (example ? "examples" : "look-alikes");
			List<String> add = additions.computeIfAbsent(key, k -> new ArrayList<>());
			if (!existing.contains(f.text()) && !add.contains(f.text())) {
				add.add(f.text());
			}
		}
		record Insert(int afterLine, List<String> text) {
		}
		List<Insert> inserts = new ArrayList<>();
		for (Map.Entry<String, List<String>> a : additions.entrySet()) {
			if (a.getValue().isEmpty()) {
				continue;
			}
			String[] k = a.getKey().split("\n");
			Node entry = step(step(root, "entries"), "#id:" + k[0]);
			if (entry == null) {
				continue;
			}
			Node list = step(entry, k[1]);
			List<String> text = new ArrayList<>();
			if (list instanceof SequenceNode seq && !seq.getValue().isEmpty() && seq.getFlowStyle() == org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK) {
				Node last = seq.getValue().get(seq.getValue().size() - 1);
				String indent = " ".repeat(seq.getValue().get(0).getStartMark().getColumn() - 2);
				a.getValue().forEach(t -> text.add(indent + "- " + quote(t) + " # from the agent's feedback"));
				inserts.add(new Insert(last.getEndMark().getLine() + ((last.getEndMark().getColumn() == 0) ? 0 : 1), text));
			}
			else if (list == null) {
				int column = entry.getStartMark().getColumn();
				String indent = " ".repeat(column);
				text.add(indent + k[1] + ":");
				a.getValue().forEach(t -> text.add(indent + "  - " + quote(t) + " # from the agent's feedback"));
				// after the line of the entry's last value: a block mapping's own end mark is where the next entry
				// starts, so inserting there would put the key into the next entry
				inserts.add(new Insert(lastLeaf(entry).getEndMark().getLine() + 1, text));
			}
		}
		inserts.sort((x, y) -> Integer.compare(y.afterLine(), x.afterLine()));
		for (Insert i : inserts) {
			lines.addAll(Math.min(i.afterLine(), lines.size()), i.text());
		}
		return String.join("\n", lines);
	}

	/**
	 * The last scalar or flow collection ({@code [a, b]}, {@code {k: v}}) written inside a node: their end marks are
	 * exact, unlike a block collection's.
	 */
	private static Node lastLeaf(Node node) {
		if (node instanceof org.yaml.snakeyaml.nodes.CollectionNode<?> c
				&& c.getFlowStyle() == org.yaml.snakeyaml.DumperOptions.FlowStyle.FLOW) {
			return node;
		}
		if (node instanceof MappingNode map && !map.getValue().isEmpty()) {
			return lastLeaf(map.getValue().get(map.getValue().size() - 1).getValueNode());
		}
		if (node instanceof SequenceNode seq && !seq.getValue().isEmpty()) {
			return lastLeaf(seq.getValue().get(seq.getValue().size() - 1));
		}
		return node;
	}

	static String quote(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}
