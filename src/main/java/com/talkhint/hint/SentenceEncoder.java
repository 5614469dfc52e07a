package com.talkhint.hint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

/**
 * A sentence-embedding model run in-process with ONNX Runtime, from a jar on the classpath (Maven Central;
 * nothing is downloaded). One inference uses one thread, so its CPU cost is its wall time and it never takes
 * both cores from the recognisers. Text is put in recogniser form first (lower case, no punctuation,
 * contractions expanded, numbers spelled out) so that typed examples and recognised speech look alike to the
 * model, then given the model's input prefix (e5 wants "query: ").
 */
public final class SentenceEncoder implements AutoCloseable {

	/** The models compared in docs/hints.md; each jar holds its .onnx file and tokenizer at its root. */
	public enum Model {

		BGE_SMALL_Q("bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json", PoolingMode.CLS, ""),
		MINILM_Q("all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json", PoolingMode.MEAN, ""),
		E5_SMALL_Q("e5-small-v2-q.onnx", "e5-small-v2-q-tokenizer.json", PoolingMode.MEAN, "query: ");

		final String onnx;

		final String tokenizer;

		final PoolingMode pooling;

		final String prefix;

		Model(String onnx, String tokenizer, PoolingMode pooling, String prefix) {
			this.onnx = onnx;
			this.tokenizer = tokenizer;
			this.pooling = pooling;
			this.prefix = prefix;
		}

		public String wireName() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

		public static Model parse(String name) {
			for (Model m : values()) {
				if (m.wireName().equals(name) || m.name().equalsIgnoreCase(name)) {
					return m;
				}
			}
			throw new IllegalArgumentException("unknown embedding model '" + name + "' (bge-small-q, minilm-q, e5-small-q)");
		}

	}

	private final Model model;

	private final OrtSession session;

	private final Encoder encoder;

	private SentenceEncoder(Model model, OrtSession session, Encoder encoder) {
		this.model = model;
		this.session = session;
		this.encoder = encoder;
	}

	/**
	 * Loads the model from the classpath; takes about a second. ONNX Runtime reads it from a file (copied once
	 * out of the jar into the temp folder): handing it the bytes instead held a second copy on the Java heap
	 * (+70 MB resident). No arena allocator: 16 MB less, and one short sentence at a time does not need it.
	 */
	public static SentenceEncoder load(Model model) {
		try (InputStream tokenizer = resource(model.tokenizer)) {
			OrtEnvironment env = OrtEnvironment.getEnvironment();
			OrtSession.SessionOptions options = new OrtSession.SessionOptions();
			options.setIntraOpNumThreads(1);
			options.setInterOpNumThreads(1);
			options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
			options.setCPUArenaAllocator(false);
			options.setMemoryPatternOptimization(false);
			OrtSession session = env.createSession(unpacked(model).toString(), options);
			OnnxBertBiEncoder bert = new OnnxBertBiEncoder(env, session, tokenizer, model.pooling);
			return new SentenceEncoder(model, session, new Encoder(bert));
		}
		catch (IOException | OrtException ex) {
			throw new IllegalStateException("embedding model " + model.wireName() + " could not be loaded: " + ex, ex);
		}
	}

	/** The model's .onnx file outside the jar: {@code java.io.tmpdir/talkhint-models/NAME-SIZE.onnx}. */
	private static Path unpacked(Model model) throws IOException {
		java.net.URL url = SentenceEncoder.class.getClassLoader().getResource(model.onnx);
		if (url == null) {
			throw new IOException(model.onnx + " is not on the classpath (its langchain4j-embeddings jar is missing)");
		}
		long size = url.openConnection().getContentLengthLong();
		Path dir = Path.of(System.getProperty("java.io.tmpdir"), "talkhint-models");
		Path file = dir.resolve(model.onnx.replace(".onnx", "") + "-" + size + ".onnx");
		if (Files.isRegularFile(file) && Files.size(file) == size) {
			return file;
		}
		Files.createDirectories(dir);
		Path tmp = Files.createTempFile(dir, ".model", ".part");
		try (InputStream in = url.openStream()) {
			Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
		}
		Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		return file;
	}

	private static InputStream resource(String name) throws IOException {
		InputStream in = SentenceEncoder.class.getClassLoader().getResourceAsStream(name);
		if (in == null) {
			throw new IOException(name + " is not on the classpath (its langchain4j-embeddings jar is missing)");
		}
		return in;
	}

	public Model model() {
		return this.model;
	}

	/** The text as the model sees it, before the prefix: recogniser form. */
	public static String normalise(String text) {
		return String.join(" ", TextNormalizer.words(text));
	}

	/** The unit-length embedding of {@code text} (normalised first); the empty text gets the empty sentence's. */
	public float[] embed(String text) {
		String input = this.model.prefix + normalise(text);
		return this.encoder.embedAll(List.of(TextSegment.from(input.isBlank() ? "." : input))).content().get(0).vector();
	}

	@Override
	public void close() {
		try {
			this.session.close();
		}
		catch (OrtException ex) {
			// closing a session only frees native memory; nothing to do if that fails
		}
	}

	/** langchain4j's in-process model around our own session (one thread per inference). */
	private static final class Encoder extends AbstractInProcessEmbeddingModel {

		private final OnnxBertBiEncoder bert;

		Encoder(OnnxBertBiEncoder bert) {
			super(Runnable::run);
			this.bert = bert;
		}

		@Override
		protected OnnxBertBiEncoder model() {
			return this.bert;
		}

	}

}
