package com.talkhint.hint;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meaning path's lifecycle: loads the sentence-embedding model and trains the head in the background
 * (hints come from the rules alone until then), and rebuilds the index when the playbook or the agent's
 * feedback changes, so a correction applies to the next utterance without a restart. Example sentences are
 * embedded once: the jar carries their vectors ({@code hints/meaning-cache-MODEL.bin.gz}, keyed by the
 * normalised text, in the order the built-in playbook's index takes them), read once per JVM into one table that
 * every index searches where it is; any sentence not in it (a user's own examples, feedback) is embedded on the
 * build thread.
 */
public final class HintMeaning {

	private static final Logger log = LoggerFactory.getLogger(HintMeaning.class);

	private final SentenceEncoder.Model model;

	private final MeaningClassifier.Kind head;

	private final Executor builds;

	private final boolean enabled;

	/** The bundled vectors of each model, read once: immutable, shared by every instance (tests build dozens). */
	private static final Map<SentenceEncoder.Model, Table> BUNDLED = new ConcurrentHashMap<>();

	private final Table bundled;

	/** Vectors of sentences not bundled, embedded here. */
	private final Map<String, MeaningClassifier.Row> vectors = new ConcurrentHashMap<>();

	private final AtomicBoolean building = new AtomicBoolean();

	/** Completes when the first index is in force, or the model failed to load (rules only from then on). */
	private final CompletableFuture<Void> firstIndex = new CompletableFuture<>();

	private volatile boolean again;

	private volatile SentenceEncoder encoder;

	private volatile MeaningIndex index;

	private volatile String failure;

	private Supplier<Playbook> playbook;

	private Supplier<List<FeedbackItem>> lessons;

	private Supplier<long[]> versions;

	/**
	 * @param builds where model loading and training run (one thread is enough; never the media or recognition
	 * threads)
	 */
	public HintMeaning(SentenceEncoder.Model model, MeaningClassifier.Kind head, Executor builds) {
		this(model, head, builds, true);
	}

	/** @param enabled false: never loads the model; hints come from the rules alone */
	public HintMeaning(SentenceEncoder.Model model, MeaningClassifier.Kind head, Executor builds, boolean enabled) {
		this.enabled = enabled;
		this.model = model;
		this.head = head;
		this.builds = builds;
		this.bundled = enabled ? BUNDLED.computeIfAbsent(model, HintMeaning::readBundled) : Table.EMPTY;
	}

	/**
	 * Where the index comes from: the playbook in force, the feedback lines, and their versions ({playbook,
	 * feedback}); {@link #refresh()} rebuilds when a version changed.
	 */
	void source(Supplier<Playbook> playbook, Supplier<List<FeedbackItem>> lessons, Supplier<long[]> versions) {
		this.playbook = playbook;
		this.lessons = lessons;
		this.versions = versions;
	}

	public SentenceEncoder.Model model() {
		return this.model;
	}

	/** The index in force, or {@code null} while the model loads. */
	MeaningIndex index() {
		return this.index;
	}

	/** Waits up to {@code timeoutMs} for the first index (the model loading at startup); the index or null. */
	MeaningIndex awaitIndex(long timeoutMs) {
		if (!this.enabled) {
			return null;
		}
		try {
			this.firstIndex.get(timeoutMs, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// not ready in time: the caller goes on without it
		}
		return this.index;
	}

	/**
	 * Completes when the model has loaded and the first index is in force (or it failed, or the meaning path is
	 * off): the node's startup work a call placed right after a start waits for.
	 */
	public CompletableFuture<Void> ready() {
		return this.enabled ? this.firstIndex : CompletableFuture.completedFuture(null);
	}

	/** "ready", "loading", "off" or "failed: ..." for the API. */
	String state() {
		if (!this.enabled) {
			return "off";
		}
		return (this.failure != null) ? "failed: " + this.failure : (this.index != null) ? "ready" : "loading";
	}

	/** The embedding of an utterance, or {@code null} while the model loads. Runs on the caller's thread. */
	float[] embed(String text) {
		SentenceEncoder e = this.encoder;
		return (e == null) ? null : e.embed(text);
	}

	/** Starts a rebuild in the background if the playbook or the feedback changed since the index was built. */
	void refresh() {
		if (this.playbook == null || !this.enabled) {
			return;
		}
		MeaningIndex current = this.index;
		long[] v = this.versions.get();
		if (current != null && current.playbookVersion() == v[0] && current.feedbackVersion() == v[1]) {
			return;
		}
		applyFeedback();
		if (!this.building.compareAndSet(false, true)) {
			this.again = true; // the build under way finishes, then looks again
			return;
		}
		this.builds.execute(this::build);
	}

	private void build() {
		try {
			do {
				this.again = false;
				long[] v = this.versions.get();
				MeaningIndex done = this.index;
				if (done != null && done.playbookVersion() == v[0] && done.feedbackVersion() == v[1]) {
					// asked again while building (the playbook poll, every few seconds) and nothing has changed since:
					// at startup that rebuilt the whole index a second time
					continue;
				}
				Playbook pb = this.playbook.get();
				List<FeedbackItem> fb = this.lessons.get();
				if (this.encoder == null) {
					long t0 = System.nanoTime();
					this.encoder = SentenceEncoder.load(this.model);
					log.info("[hints] meaning model {} loaded in {} ms", this.model.wireName(), (System.nanoTime() - t0) / 1_000_000);
				}
				long t0 = System.nanoTime();
				MeaningIndex built = build(pb, fb, v[0], v[1]);
				synchronized (this.swap) {
					this.index = built;
					applyFeedback(); // lines the agent gave while the head trained: at once, and the loop retrains
				}
				this.firstIndex.complete(null);
				log.info("[hints] meaning path ready: {} entries, {} sentences, {} feedback lines, built in {} ms ({})",
						built.entries().size(), built.examples().size(), fb.size(), (System.nanoTime() - t0) / 1_000_000,
						this.lastFromBundle ? "the head bundled for these sentences" : "head trained now");
			}
			while (this.again);
		}
		catch (RuntimeException ex) {
			this.failure = ex.getMessage();
			log.error("[hints] meaning path unavailable, rules only: {}", ex.toString());
			this.firstIndex.complete(null);
		}
		finally {
			this.building.set(false);
		}
	}

	/** Held while the index in force is replaced: by a finished build, or by {@link #applyFeedback}. */
	private final Object swap = new Object();

	/**
	 * The agent's feedback counts from the next utterance, not after the head is retrained (tens of seconds of a
	 * core with ~30,000 sentences, longer on a busy node, and a build under way finishes first): when only the
	 * feedback changed, the index in force takes the feedback lines as they are now (a line nearly identical to
	 * one decides it; the nearest-neighbour part searches them), keeping its head; the build that follows
	 * retrains the head on them. On the caller's thread: it embeds only the lines not embedded before.
	 */
	private void applyFeedback() {
		synchronized (this.swap) {
			MeaningIndex current = this.index;
			long[] v = this.versions.get();
			if (current == null || current.playbookVersion() != v[0] || current.feedbackVersion() == v[1]) {
				return;
			}
			Playbook pb = this.playbook.get();
			List<FeedbackItem> fb = this.lessons.get();
			this.index = current.withExamples(examples(pb, fb, entries(pb, fb)), v[1]);
		}
	}

	/**
	 * Embeds the playbook's examples, look-alikes and ordinary talk plus the feedback lines, and trains the head
	 * (or takes the one bundled for exactly these sentences).
	 */
	MeaningIndex build(Playbook pb, List<FeedbackItem> feedback, long playbookVersion, long feedbackVersion) {
		List<Playbook.Entry> entries = entries(pb, feedback);
		List<MeaningIndex.Example> examples = examples(pb, feedback, entries);
		String key = MeaningIndex.key(entries, examples, this.head, this.model.wireName());
		MeaningClassifier trained = bundledHead(key);
		this.lastFromBundle = trained != null;
		if (trained != null) {
			trained = MeaningIndex.restore(trained, entries, examples);
		}
		else {
			trained = MeaningIndex.head(entries, examples, this.head);
		}
		this.lastKey = key;
		return new MeaningIndex(entries, examples, trained, playbookVersion, feedbackVersion);
	}

	private volatile String lastKey;

	private volatile boolean lastFromBundle;

	/** Whether the head last built was the one bundled for exactly these sentences (no training at startup). */
	boolean lastFromBundle() {
		return this.lastFromBundle;
	}

	/** The key of the head last built (for the bundled cache). */
	String lastKey() {
		return this.lastKey;
	}

	private List<Playbook.Entry> entries(Playbook pb, List<FeedbackItem> feedback) {
		List<Playbook.Entry> entries = new ArrayList<>();
		if (!pb.meaning().enabled()) {
			return entries;
		}
		for (Playbook.Entry e : pb.entries()) {
			boolean taught = feedback.stream().anyMatch(f -> f.hintId().equals(e.id()) && f.verdict().equals(FeedbackItem.MISSED));
			if (e.rule() == Playbook.Rule.PHRASE && (e.hasExamples() || taught)) {
				entries.add(e);
			}
		}
		return entries;
	}

	private List<MeaningIndex.Example> examples(Playbook pb, List<FeedbackItem> feedback, List<Playbook.Entry> entries) {
		List<MeaningIndex.Example> examples = new ArrayList<>();
		if (entries.isEmpty()) {
			return examples;
		}
		for (Playbook.Entry e : entries) {
			e.examples().forEach(t -> examples.add(example(e.id(), true, t, "playbook")));
			e.lookAlikes().forEach(t -> examples.add(example(e.id(), false, t, "playbook")));
		}
		pb.ordinaryTalk().forEach(t -> examples.add(example(null, false, t, "playbook")));
		for (FeedbackItem f : feedback) {
			if (f.teaches() && entries.stream().anyMatch(e -> e.id().equals(f.hintId()))) {
				examples.add(example(f.hintId(), f.verdict().equals(FeedbackItem.MISSED), f.text(), FeedbackItem.SOURCE));
			}
		}
		return examples;
	}

	/** Resource name of the head trained for the built-in playbook. */
	static String headResource(SentenceEncoder.Model model) {
		return "hints/meaning-head-" + model.wireName() + ".bin.gz";
	}

	private MeaningClassifier bundledHead(String key) {
		try (InputStream raw = HintMeaning.class.getClassLoader().getResourceAsStream(headResource(this.model))) {
			if (raw == null) {
				return null;
			}
			try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(raw)))) {
				return in.readUTF().equals(key) ? MeaningClassifier.read(in) : null;
			}
		}
		catch (IOException ex) {
			log.warn("[hints] bundled meaning head unreadable, training: {}", ex.toString());
			return null;
		}
	}

	static void writeHead(String key, MeaningClassifier head, OutputStream raw) throws IOException {
		try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(new GZIPOutputStream(raw)))) {
			out.writeUTF(key);
			head.write(out);
		}
	}

	private MeaningIndex.Example example(String entryId, boolean positive, String text, String source) {
		return new MeaningIndex.Example(entryId, positive, text, row(text), source);
	}

	/** The vector of a sentence: a row of the bundled table, else computed (and kept). */
	MeaningClassifier.Row row(String text) {
		String key = SentenceEncoder.normalise(text);
		Integer r = this.bundled.rows.get(key);
		if (r != null) {
			int d = this.bundled.dimension;
			return new MeaningClassifier.Row(this.bundled.data, r * d, d, this.bundled.projection);
		}
		MeaningClassifier.Row v = this.vectors.get(key);
		if (v == null) {
			SentenceEncoder e = this.encoder;
			if (e == null) {
				e = SentenceEncoder.load(this.model);
				this.encoder = e;
			}
			v = MeaningClassifier.Row.of(e.embed(text));
			this.vectors.put(key, v);
		}
		return v;
	}

	/** {@link #row} as floats in an array of its own. */
	float[] vector(String text) {
		return row(text).copy();
	}

	/** Resource name of the bundled vectors for a model. */
	static String cacheResource(SentenceEncoder.Model model) {
		return "hints/meaning-cache-" + model.wireName() + ".bin.gz";
	}

	/**
	 * Sentence vectors row after row in one array ({@code dimension} values each, {@link Half}), each sentence's
	 * row by its normalised text, and the rows projected on their principal axes for the head's first pass
	 * ({@link MeaningClassifier#projection}; {@code null} for a small table).
	 */
	record Table(short[] data, int dimension, Map<String, Integer> rows, Subspace.Projection projection) {

		static final Table EMPTY = new Table(new short[0], 0, Map.of(), null);

	}

	private static Table readBundled(SentenceEncoder.Model model) {
		try (InputStream raw = HintMeaning.class.getClassLoader().getResourceAsStream(cacheResource(model))) {
			return (raw == null) ? Table.EMPTY : readVectors(raw);
		}
		catch (IOException ex) {
			log.warn("[hints] bundled example vectors unreadable, computing them: {}", ex.toString());
			return Table.EMPTY;
		}
	}

	static Table readVectors(InputStream raw) throws IOException {
		try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(raw)))) {
			int n = in.readInt();
			int d = in.readInt();
			short[] data = new short[n * d];
			Map<String, Integer> rows = new java.util.HashMap<>(n * 2);
			for (int i = 0; i < n; i++) {
				rows.put(in.readUTF(), i);
				for (int j = 0; j < d; j++) {
					data[i * d + j] = Half.of(in.readFloat());
				}
			}
			return new Table(data, d, java.util.Collections.unmodifiableMap(rows), MeaningClassifier.projection(data, d));
		}
	}

	/**
	 * Writes sentence vectors in the map's order: the order the index searches them in, so that the search streams
	 * through one run of rows (HintBench --cache).
	 */
	static void writeVectors(Map<String, float[]> vectors, OutputStream raw) throws IOException {
		try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(new GZIPOutputStream(raw)))) {
			out.writeInt(vectors.size());
			out.writeInt(vectors.isEmpty() ? 0 : vectors.values().iterator().next().length);
			for (Map.Entry<String, float[]> e : vectors.entrySet()) {
				out.writeUTF(e.getKey());
				for (float f : e.getValue()) {
					out.writeFloat(f);
				}
			}
		}
	}

}
