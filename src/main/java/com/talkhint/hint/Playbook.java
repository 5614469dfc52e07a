package com.talkhint.hint;

import com.talkhint.event.Hint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.talkhint.audio.Speaker;
import com.talkhint.hint.PlaybookYaml.Node;

/**
 * The hint playbook: what to listen for, what to show, and the coaching rules' thresholds, read from YAML
 * (the default in {@code src/main/resources/playbook.yml}, or a user's file). Parsing validates everything up
 * front and reports the first problem with its place in the file, so a typo never silently disables a hint.
 *
 * @param source where it came from (a path or {@code classpath:playbook.yml}), for log lines
 * @param entries hints in priority order, highest first
 * @param synonyms synonym groups: a trigger word matches every word of each group it belongs to; a trigger
 * token {@code @name} matches exactly group {@code name}
 * @param checklist items ticked live when the agent says them
 */
public record Playbook(String source, List<Entry> entries, Map<String, List<String>> synonyms,
		List<ChecklistItem> checklist, List<Competitor> competitors, List<String> ordinaryTalk, Meaning meaning) {

	/** Hint kinds the UI knows how to show. */
	public static final Set<String> KINDS = Set.of("objection", "compliance", "escalation", "info", "coaching");

	private static final Set<String> ENTRY_KEYS = Set.of("id", "kind", "title", "text", "speaker", "triggers",
			"do-not-trigger", "cooldown-seconds", "once-per-call", "max-per-call", "priority", "window", "in-order",
			"question", "rule", "params", "examples", "look-alikes", "meaning-threshold", "rule-gate", "match-competitors",
			"example-facts", "meaning-ignores");

	/** What {@code meaning-ignores} may list: the rule blocks a confident meaning score may override. */
	static final Map<String, Block> OVERRIDABLE = Map.of("negation", Block.NEGATION,
			"do-not-trigger", Block.VETO);

	private static final Set<String> TOP_KEYS = Set.of("version", "synonyms", "checklist", "entries", "competitors",
			"ordinary-talk", "meaning");

	public Playbook {
		entries = entries.stream()
			.sorted((a, b) -> Integer.compare(b.priority(), a.priority()))
			.toList();
		synonyms = Map.copyOf(synonyms);
		checklist = List.copyOf(checklist);
		competitors = List.copyOf(competitors);
		ordinaryTalk = List.copyOf(ordinaryTalk);
	}

	public Playbook(String source, List<Entry> entries, Map<String, List<String>> synonyms,
			List<ChecklistItem> checklist) {
		this(source, entries, synonyms, checklist, List.of(), List.of(), Meaning.DEFAULT);
	}

	/** The entry with this id, or {@code null}. */
	public Entry entry(String id) {
		return this.entries.stream().filter(e -> e.id().equals(id)).findFirst().orElse(null);
	}

	/** The entry implementing a coaching rule, or {@code null} when the playbook leaves the rule out. */
	public Entry rule(Rule rule) {
		return this.entries.stream().filter(e -> e.rule() == rule).findFirst().orElse(null);
	}

	/** The built-in playbook shipped in the jar. */
	public static Playbook defaults() {
		return parse(PlaybookYaml.resourceText("playbook.yml"), "classpath:playbook.yml");
	}

	/** Reads and validates a user's playbook file. */
	public static Playbook load(Path file) {
		String yaml;
		try {
			yaml = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new PlaybookException("playbook " + file + " could not be read: " + ex, ex);
		}
		return parse(yaml, file.toString());
	}

	/** Parses and validates playbook YAML; {@code source} names it in error messages. */
	public static Playbook parse(String yaml, String source) {
		Node top = new Node(source, "", PlaybookYaml.readYaml(yaml, "playbook " + source));
		top.rejectUnknown(TOP_KEYS);
		Map<String, List<String>> synonyms = new LinkedHashMap<>();
		Node syn = top.child("synonyms");
		if (syn.present()) {
			for (Map.Entry<String, Object> group : syn.map().entrySet()) {
				Node words = new Node(source, "synonyms." + group.getKey(), group.getValue());
				for (String word : words.strings()) {
					if (word.contains(" ") || word.contains("|")) {
						throw words.error("'" + word + "' is not a single word: put phrases in an entry's triggers");
					}
				}
				synonyms.put(group.getKey().toLowerCase(Locale.ROOT), words.strings());
			}
		}
		List<ChecklistItem> checklist = new ArrayList<>();
		Set<String> checklistIds = new LinkedHashSet<>();
		Node items = top.child("checklist");
		if (items.present()) {
			for (Node item : items.list()) {
				item.rejectUnknown(Set.of("id", "label", "triggers"));
				String id = item.child("id").string();
				if (!checklistIds.add(id)) {
					throw item.error("checklist id '" + id + "' appears twice");
				}
				checklist.add(new ChecklistItem(id, item.child("label").string(), item.child("triggers").strings()));
			}
		}
		List<Competitor> competitors = new ArrayList<>();
		Node names = top.child("competitors");
		if (names.present()) {
			for (Node item : names.list()) {
				if (item.value() instanceof String) {
					competitors.add(new Competitor(item.string(), List.of()));
					continue;
				}
				item.rejectUnknown(Set.of("name", "say"));
				competitors.add(new Competitor(item.child("name").string(),
						item.child("say").present() ? item.child("say").strings() : List.of()));
			}
		}
		List<String> ordinary = top.child("ordinary-talk").present() ? top.child("ordinary-talk").strings() : List.of();
		Meaning meaning = Meaning.DEFAULT;
		Node m = top.child("meaning");
		if (m.present()) {
			m.rejectUnknown(Set.of("enabled", "threshold", "rule-gate", "built-in-examples"));
			double threshold = m.child("threshold").present() ? m.child("threshold").fraction() : Meaning.DEFAULT.threshold();
			double gate = m.child("rule-gate").present() ? m.child("rule-gate").fraction() : Meaning.DEFAULT.ruleGate();
			meaning = new Meaning(!m.child("enabled").present() || m.child("enabled").bool(), threshold, gate,
					m.child("built-in-examples").present() && m.child("built-in-examples").bool());
		}
		BuiltInExamples builtIn = meaning.builtInExamples() ? BuiltInExamples.get() : BuiltInExamples.NONE;
		ordinary = BuiltInExamples.before(builtIn.ordinaryTalk(), ordinary);
		List<Entry> entries = new ArrayList<>();
		Set<String> ids = new LinkedHashSet<>();
		Node list = top.child("entries");
		if (!list.present() || list.list().isEmpty()) {
			throw top.error("'entries' is missing or empty: a playbook needs at least one entry");
		}
		for (Node node : list.list()) {
			Entry entry = entry(node, builtIn);
			if (!ids.add(entry.id())) {
				throw node.error("id '" + entry.id() + "' appears twice");
			}
			entries.add(entry);
		}
		return new Playbook(source, entries, synonyms, checklist, competitors, ordinary, meaning);
	}

	private static Entry entry(Node node, BuiltInExamples builtIn) {
		node.rejectUnknown(ENTRY_KEYS);
		String id = node.child("id").string();
		Node named = node.named("entry '" + id + "'");
		String kind = named.child("kind").string().toLowerCase(Locale.ROOT);
		if (!KINDS.contains(kind)) {
			throw named.error("kind must be one of " + new java.util.TreeSet<>(KINDS) + ", was '" + kind + "'");
		}
		Rule rule = named.child("rule").present() ? Rule.parse(named.child("rule")) : Rule.PHRASE;
		Scope scope = named.child("speaker").present() ? Scope.parse(named.child("speaker")) : Scope.CUSTOMER;
		List<String> triggers = named.child("triggers").present() ? named.child("triggers").strings() : List.of();
		List<String> examples = named.child("examples").present() ? named.child("examples").strings() : List.of();
		List<String> lookAlikes = named.child("look-alikes").present() ? named.child("look-alikes").strings()
				: List.of();
		if (rule == Rule.PHRASE) {
			examples = BuiltInExamples.before(builtIn.examples(id), examples);
			lookAlikes = BuiltInExamples.before(builtIn.lookAlikes(id), lookAlikes);
		}
		boolean competitorNames = named.child("match-competitors").present() && named.child("match-competitors").bool();
		if (rule == Rule.PHRASE && triggers.isEmpty() && examples.isEmpty() && !competitorNames) {
			throw named.error("a phrase entry needs trigger phrases under 'triggers' or example sentences under 'examples'");
		}
		if (rule != Rule.PHRASE && !examples.isEmpty()) {
			throw named.error("'examples' are for phrase entries; the " + rule.wireName() + " rule fires on timing");
		}
		Double threshold = named.child("meaning-threshold").present() ? named.child("meaning-threshold").fraction()
				: null;
		Double gate = named.child("rule-gate").present() ? named.child("rule-gate").fraction() : null;
		EnumSet<Block> ignores = EnumSet.noneOf(Block.class);
		if (named.child("meaning-ignores").present()) {
			for (String name : named.child("meaning-ignores").strings()) {
				Block block = OVERRIDABLE.get(name);
				if (block == null) {
					throw named.error("'meaning-ignores' may list " + new java.util.TreeSet<>(OVERRIDABLE.keySet())
							+ ", not '" + name + "'");
				}
				ignores.add(block);
			}
		}
		if (rule == Rule.RECORDING_DISCLOSURE && triggers.isEmpty()) {
			throw named.error("the recording-disclosure rule needs the disclosure phrases under 'triggers'");
		}
		boolean once = named.child("once-per-call").present() && named.child("once-per-call").bool();
		int maxPerCall = named.child("max-per-call").present() ? named.child("max-per-call").integer(0) : 0;
		if (once) {
			maxPerCall = 1;
		}
		Map<String, Double> params = new LinkedHashMap<>();
		Node p = named.child("params");
		if (p.present()) {
			for (Map.Entry<String, Object> param : p.map().entrySet()) {
				params.put(param.getKey(), new Node(node.source(), "params." + param.getKey(), param.getValue()).number());
			}
		}
		return new Entry(id, kind, named.child("title").string(), named.child("text").string(), scope, triggers,
				named.child("do-not-trigger").present() ? named.child("do-not-trigger").strings() : List.of(),
				named.child("cooldown-seconds").present() ? (long) (named.child("cooldown-seconds").number() * 1000)
						: 0,
				maxPerCall, named.child("priority").present() ? named.child("priority").integer(Integer.MIN_VALUE) : 50,
				named.child("window").present() ? named.child("window").integer(1) : 0,
				named.child("in-order").present() && named.child("in-order").bool(),
				named.child("question").present() && named.child("question").bool(), rule, params, examples, lookAlikes,
				threshold, gate, competitorNames,
				named.child("example-facts").present() && named.child("example-facts").bool(), ignores);
	}

	/**
	 * One hint the playbook can give.
	 *
	 * @param id stable id (SPEC's default ids are a contract)
	 * @param kind one of {@link #KINDS}
	 * @param title card headline
	 * @param text card body: what the agent could say or do
	 * @param scope whose speech can trigger it
	 * @param triggers phrases; each word may list alternatives with {@code |} ("speak|talk manager")
	 * @param doNotTrigger phrases that veto the entry for an utterance they occur in
	 * @param cooldownMs stream time before the entry may fire again
	 * @param maxPerCall 0 for no limit
	 * @param priority higher goes first
	 * @param window max span in words of a trigger's match, 0 for the default
	 * @param inOrder whether trigger words must occur in the phrase's order
	 * @param question whether the utterance must be a question (knowledge answers)
	 * @param rule {@link Rule#PHRASE} for phrase hints, otherwise the coaching rule it configures
	 * @param params the rule's thresholds, in the units their names say
	 * @param meaningIgnores the rule blocks ({@link Block#NEGATION}, {@link Block#VETO})
	 * that do not stop a confident meaning score ({@link HintJudge#OVERRIDE} and the entry's threshold); chosen
	 * per entry by leave-one-set-out
	 * (docs/hints.md): the head learned negated lines and look-alikes, and for some hints it judges them better
	 * than a hand-written veto
	 */
	public record Entry(String id, String kind, String title, String text, Scope scope, List<String> triggers,
			List<String> doNotTrigger, long cooldownMs, int maxPerCall, int priority, int window, boolean inOrder,
			boolean question, Rule rule, Map<String, Double> params, List<String> examples, List<String> lookAlikes,
			Double meaningThreshold, Double ruleGate, boolean matchCompetitors, boolean exampleFacts,
			Set<Block> meaningIgnores) {

		public Entry {
			meaningIgnores = meaningIgnores.isEmpty() ? Set.of()
					: Collections.unmodifiableSet(EnumSet.copyOf(meaningIgnores));
			triggers = List.copyOf(triggers);
			doNotTrigger = List.copyOf(doNotTrigger);
			params = Map.copyOf(params);
			examples = List.copyOf(examples);
			lookAlikes = List.copyOf(lookAlikes);
		}

		/** {@link #meaningIgnores} as the playbook spells it ({@code meaning-ignores: [negation, do-not-trigger]}). */
		public List<String> meaningIgnoresNames() {
			return OVERRIDABLE.entrySet().stream().filter(o -> this.meaningIgnores.contains(o.getValue()))
				.map(Map.Entry::getKey).sorted().toList();
		}

		public Entry(String id, String kind, String title, String text, Scope scope, List<String> triggers,
				List<String> doNotTrigger, long cooldownMs, int maxPerCall, int priority, int window, boolean inOrder,
				boolean question, Rule rule, Map<String, Double> params) {
			this(id, kind, title, text, scope, triggers, doNotTrigger, cooldownMs, maxPerCall, priority, window,
					inOrder, question, rule, params, List.of(), List.of(), null, null, false, false, Set.of());
		}

		/** A rule parameter, or {@code fallback} when the playbook leaves it out. */
		public double param(String name, double fallback) {
			return this.params.getOrDefault(name, fallback);
		}

		Hint hint(long atMs, String trigger) {
			return new Hint(this.id, this.kind, shownTitle(), shownText(), atMs, trigger);
		}

		/** A hint from a trigger phrase: evidence the phrase, on the given (redacted) words. */
		Hint ruleHint(long atMs, String words, String phrase, String utterance) {
			return new Hint(this.id, this.kind, shownTitle(), shownText(), atMs, words, Hint.RULE, null, phrase,
					utterance);
		}

		/** A hint from the meaning path: its score and the example it was closest to. */
		Hint meaningHint(long atMs, double score, String example, String utterance) {
			return new Hint(this.id, this.kind, shownTitle(), shownText(), atMs, "meaning: " + example, Hint.MEANING,
					Math.round(score * 1000) / 1000.0, example, utterance);
		}

		/** Example answer cards say so until the user replaces their facts (and removes example-facts). */
		String shownTitle() {
			return this.exampleFacts ? this.title + " (example facts)" : this.title;
		}

		String shownText() {
			return this.exampleFacts ? EXAMPLE_FACTS_NOTE + this.text : this.text;
		}

		/** Whether the meaning path scores this entry: a phrase entry with example sentences. */
		public boolean hasExamples() {
			return this.rule == Rule.PHRASE && !this.examples.isEmpty();
		}

	}

	/** Prefix of an example answer card's text until the user sets up their own facts. */
	public static final String EXAMPLE_FACTS_NOTE = "EXAMPLE FACTS, NOT YOURS: do not read them to a customer; set up your answers on the Playbook page. ";

	/**
	 * A competitor the competitor hint listens for.
	 *
	 * @param name as written ("Zendesk")
	 * @param say how people say it or the recogniser writes it ("zen desk"), besides the name itself
	 */
	public record Competitor(String name, List<String> say) {

		public Competitor {
			say = List.copyOf(say);
		}

		/** The name and its spoken forms. */
		public List<String> forms() {
			List<String> out = new ArrayList<>();
			out.add(this.name);
			out.addAll(this.say);
			return out;
		}

	}

	/**
	 * Settings of the meaning path.
	 *
	 * @param enabled whether entries with examples are also matched by meaning
	 * @param threshold the score an entry needs when it sets no {@code meaning-threshold} of its own
	 * @param ruleGate the meaning score a trigger match of an entry with examples needs on a final, when the
	 * entry sets no {@code rule-gate} of its own (0: triggers always fire)
	 * @param builtInExamples whether the sentences TalkHint ships for the six customer hints ({@link BuiltInExamples})
	 * are added to the entries of the same id, ahead of the entry's own {@code examples} and {@code look-alikes}
	 */
	public record Meaning(boolean enabled, double threshold, double ruleGate, boolean builtInExamples) {

		public static final Meaning DEFAULT = new Meaning(true, 0.5, 0.0, false);

	}

	/**
	 * A checklist item ticked when the agent says one of its phrases.
	 *
	 * @param id stable id, e.g. {@code greeting}
	 * @param label what the UI shows
	 * @param triggers phrases, matched like entry triggers
	 */
	public record ChecklistItem(String id, String label, List<String> triggers) {

		public ChecklistItem {
			triggers = List.copyOf(triggers);
		}

	}

	/** Whose words an entry listens to. */
	public enum Scope {

		CUSTOMER, AGENT, ANY;

		public boolean includes(Speaker speaker) {
			return this == ANY || name().equals(speaker.name());
		}

		static Scope parse(Node node) {
			String value = node.string().toUpperCase(Locale.ROOT);
			try {
				return valueOf(value);
			}
			catch (IllegalArgumentException ex) {
				throw node.error("must be customer, agent or any, was '" + node.string() + "'");
			}
		}

	}

	/** How an entry fires: on phrases, or by one of the timing rules of live coaching. */
	public enum Rule {

		PHRASE, MONOLOGUE, TALK_RATIO, LONG_SILENCE, UNANSWERED_QUESTION, RECORDING_DISCLOSURE;

		public String wireName() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

		static Rule parse(Node node) {
			for (Rule rule : values()) {
				if (rule.wireName().equals(node.string())) {
					return rule;
				}
			}
			throw node.error("rule must be one of phrase, monologue, talk-ratio, long-silence, unanswered-question, "
					+ "recording-disclosure, was '" + node.string() + "'");
		}

	}

}
