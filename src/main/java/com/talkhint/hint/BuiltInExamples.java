package com.talkhint.hint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sentences the meaning path of the six customer hints learned from, shipped in the jar
 * ({@code hints/meaning-examples.yml}): per hint id its {@code examples} and {@code look-alikes}, and the
 * {@code ordinary-talk} that fires nothing. They come from the blind-written labelled sets (docs/hints.md,
 * {@code scripts/merge-hint-lines.py}) and run to about a megabyte, so they live here rather than in the playbook a
 * user edits: a playbook takes them in with {@code meaning: built-in-examples: true}, as the default one does.
 *
 * @param entries per entry id, its example sentences and look-alikes, in file order
 * @param ordinaryTalk call talk that fires nothing
 */
record BuiltInExamples(Map<String, Sentences> entries, List<String> ordinaryTalk) {

	static final String RESOURCE = "hints/meaning-examples.yml";

	/** For a playbook that does not take the built-in sentences. */
	static final BuiltInExamples NONE = new BuiltInExamples(Map.of(), List.of());

	/** One entry's sentences. */
	record Sentences(List<String> examples, List<String> lookAlikes) {

		Sentences {
			examples = List.copyOf(examples);
			lookAlikes = List.copyOf(lookAlikes);
		}

	}

	BuiltInExamples {
		entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
		ordinaryTalk = List.copyOf(ordinaryTalk);
	}

	/** The built-in sentences, read from the jar once. */
	static BuiltInExamples get() {
		return Holder.LOADED;
	}

	private static final class Holder {

		static final BuiltInExamples LOADED = load();

	}

	List<String> examples(String entryId) {
		Sentences s = this.entries.get(entryId);
		return (s != null) ? s.examples() : List.of();
	}

	List<String> lookAlikes(String entryId) {
		Sentences s = this.entries.get(entryId);
		return (s != null) ? s.lookAlikes() : List.of();
	}

	/** The built-in sentences, then the playbook's own that are not among them. */
	static List<String> before(List<String> builtIn, List<String> own) {
		if (builtIn.isEmpty()) {
			return own;
		}
		List<String> all = new ArrayList<>(builtIn.size() + own.size());
		all.addAll(builtIn);
		Set<String> seen = new HashSet<>(builtIn);
		own.stream().filter(seen::add).forEach(all::add);
		return all;
	}

	private static BuiltInExamples load() {
		return parse(PlaybookYaml.resourceText(RESOURCE), "classpath:" + RESOURCE);
	}

	static BuiltInExamples parse(String yaml, String source) {
		PlaybookYaml.Node top = new PlaybookYaml.Node(source, "", PlaybookYaml.readYaml(yaml, source));
		top.rejectUnknown(Set.of("entries", "ordinary-talk"));
		Map<String, Sentences> entries = new LinkedHashMap<>();
		PlaybookYaml.Node list = top.child("entries");
		for (String id : list.map().keySet()) {
			PlaybookYaml.Node entry = list.child(id);
			entry.rejectUnknown(Set.of("examples", "look-alikes"));
			entries.put(id, new Sentences(entry.child("examples").present() ? entry.child("examples").strings() : List.of(),
					entry.child("look-alikes").present() ? entry.child("look-alikes").strings() : List.of()));
		}
		PlaybookYaml.Node ordinary = top.child("ordinary-talk");
		return new BuiltInExamples(entries, ordinary.present() ? ordinary.strings() : List.of());
	}

}
