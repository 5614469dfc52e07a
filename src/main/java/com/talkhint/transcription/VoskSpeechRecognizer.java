package com.talkhint.transcription;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import org.vosk.Model;
import org.vosk.Recognizer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link SpeechRecognizer} on Vosk: one shared {@link Model} (thread-safe, loaded once) and one native
 * {@link Recognizer} per session, with word times switched on so finals carry start and end.
 *
 * <p>Recognisers are pooled: a closed session's recogniser is finalised (which gives the next session a fresh
 * feature pipeline: no speaker adaptation carries over from one caller to the next) and kept for the next track, up to
 * {@link #MAX_IDLE} idle ones.
 *
 * <p>The built-in model's decoding graph is precomposed at build time (scripts/vosk-static-graph.sh): one read-only
 * graph all recognisers share. A model whose graph is in two halves (a lexicon and a language model, as the small
 * models are published, or the built-in one built without OpenFst's tools) is composed on the fly by each
 * {@code Recognizer}, which caches what it expanded for its whole life: a new one decodes at about twice the CPU of a
 * warm one, and its memory grows with every stretch of audio it has not heard before (about 60 MiB after its first
 * minute, 190 MiB after eight; docs/load.md, "Memory"). For those, the pool is what keeps calls cheap, a recogniser
 * is retired after {@link #DEFAULT_LIFETIME_SAMPLES} of audio, and {@link #releaseIdle} frees the ones a quiet node
 * no longer needs, keeping {@link #KEEP_WARM} for the next call.
 */
public final class VoskSpeechRecognizer implements SpeechRecognizer {

	/** The Vosk English models are trained on 16 kHz audio (fed 8 kHz they return nothing). */
	public static final int SAMPLE_RATE = 16000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * Bound on the clock map. Runs are dropped at every result; only gate openings on noise that never
	 * yield words pile up between results, and Vosk itself ends an utterance after 20 s at most.
	 */
	private static final int MAX_RUNS = 1024;

	private final Model model;

	/** Readings asked for per utterance unless configured otherwise ({@code talkhint.transcription.alternatives}). */
	public static final int DEFAULT_ALTERNATIVES = 5;

	/** Idle warm recognisers kept; more than the simultaneous tracks of a busy node is memory for nothing. */
	static final int MAX_IDLE = 32;

	/**
	 * Retire a recogniser after ten minutes of audio: its expanded graph, and so its memory, cannot grow past what
	 * ten minutes expand (≈ 200 MiB measured after eight), and the 0.7 CPU-s a fresh one costs is under 4 % of what
	 * ten minutes of decoding cost.
	 */
	static final long DEFAULT_LIFETIME_SAMPLES = 10L * 60 * SAMPLE_RATE;

	/** Idle recognisers {@link #releaseIdle} keeps however long they wait: one two-track call starts warm. */
	static final int KEEP_WARM = 2;

	private final AtomicInteger live = new AtomicInteger();

	private final AtomicInteger created = new AtomicInteger();

	private final ConcurrentLinkedDeque<Pooled> idle = new ConcurrentLinkedDeque<>();

	/** Recognisers closed at the end of their life since {@link #releaseIdle} last counted them. */
	private final AtomicInteger retired = new AtomicInteger();

	private final int alternatives;

	private final long lifetimeSamples;

	public VoskSpeechRecognizer(Model model) {
		this(model, DEFAULT_ALTERNATIVES);
	}

	public VoskSpeechRecognizer(Model model, int alternatives) {
		this(model, alternatives, DEFAULT_LIFETIME_SAMPLES);
	}

	/**
	 * @param alternatives n-best size: above 0 each final also carries the next-best readings (Vosk then takes
	 * the best reading from the n-best list instead of its MBR decode); 0 for the MBR reading alone
	 */
	VoskSpeechRecognizer(Model model, int alternatives, long lifetimeSamples) {
		if (alternatives < 0 || alternatives > 20) {
			throw new IllegalArgumentException(
					"talkhint.transcription.alternatives must be 0..20 (got " + alternatives + ")");
		}
		this.model = model;
		this.alternatives = alternatives;
		this.lifetimeSamples = lifetimeSamples;
	}

	@Override
	public int sampleRate() {
		return SAMPLE_RATE;
	}

	@Override
	public RecognitionSession open() throws IOException {
		Pooled pooled = this.idle.pollFirst();
		if (pooled == null) {
			Recognizer recognizer = new Recognizer(this.model, SAMPLE_RATE);
			recognizer.setWords(true);
			if (this.alternatives > 0) {
				recognizer.setMaxAlternatives(this.alternatives);
			}
			this.created.incrementAndGet();
			pooled = new Pooled(recognizer);
		}
		this.live.incrementAndGet();
		return new Session(pooled);
	}

	@Override
	public int liveSessions() {
		return this.live.get();
	}

	/** Native recognisers created so far (the pool reuses them). */
	public int created() {
		return this.created.get();
	}

	/** Warm recognisers waiting in the pool. */
	@Override
	public int idle() {
		return this.idle.size();
	}

	/**
	 * Frees the recognisers idle for at least {@code idleFor}, beyond the {@link #KEEP_WARM} used last.
	 * @return recognisers freed since the last call: idle too long now, or retired at the end of their life
	 */
	@Override
	public int releaseIdle(Duration idleFor) {
		int freed = this.retired.getAndSet(0);
		long now = System.nanoTime();
		while (this.idle.size() > KEEP_WARM) {
			Pooled oldest = this.idle.peekLast(); // used longest ago: the pool hands out and takes back at the front
			if (oldest == null || now - oldest.idleSince < idleFor.toNanos()) {
				break;
			}
			if (this.idle.removeLastOccurrence(oldest)) { // false: a track just took it
				oldest.recognizer.close();
				freed++;
			}
		}
		return freed;
	}

	/** Frees the idle recognisers (before the model is freed). */
	public void clear() {
		for (Pooled pooled = this.idle.pollFirst(); pooled != null; pooled = this.idle.pollFirst()) {
			pooled.recognizer.close();
		}
	}

	/** Returns a finished session's recogniser to the pool, finalised so the next caller starts afresh. */
	private void release(Pooled pooled) {
		// A recogniser at an endpoint keeps its feature pipeline (the last speaker's adaptation); a finalised one
		// rebuilds it on the next audio. Ten ms of silence make it running, so the final result finalises it.
		short[] silence = new short[SAMPLE_RATE / 100];
		pooled.recognizer.acceptWaveForm(silence, silence.length);
		pooled.recognizer.getFinalResult();
		pooled.samples += silence.length;
		if (pooled.samples > this.lifetimeSamples || this.idle.size() >= MAX_IDLE) {
			pooled.recognizer.close();
			this.retired.incrementAndGet();
			return;
		}
		pooled.idleSince = System.nanoTime();
		this.idle.addFirst(pooled); // most recently used first: its memory is the warmest
	}

	/** A native recogniser and how much audio it has been fed in its life (its clock). */
	private static final class Pooled {

		final Recognizer recognizer;

		long samples;

		/** {@link System#nanoTime()} when it last went back to the pool. */
		volatile long idleSince;

		Pooled(Recognizer recognizer) {
			this.recognizer = recognizer;
		}

	}

	/** One Recognizer plus the map from Vosk's clock (audio fed so far) to the media stream's clock. */
	private final class Session implements RecognitionSession {

		private final Pooled pooled;

		private final Recognizer recognizer;

		/**
		 * Where each stretch of contiguous audio sits on both clocks. Vosk's word times count only the audio
		 * it was fed (cumulatively, across results), so every gap the silence gate makes starts a new run.
		 */
		private final ArrayDeque<Run> runs = new ArrayDeque<>();

		private long fedSamples;

		private boolean closed;

		Session(Pooled pooled) {
			this.pooled = pooled;
			this.recognizer = pooled.recognizer;
			// Vosk's word times count every sample the recogniser was fed in its life, earlier sessions included.
			this.fedSamples = pooled.samples;
		}

		@Override
		public Optional<Recognition> accept(short[] pcm, double streamMs) {
			Run last = this.runs.peekLast();
			if (last == null || Math.abs(last.streamMsAt(this.fedSamples) - streamMs) > 0.5) {
				this.runs.addLast(new Run(this.fedSamples, streamMs));
				if (this.runs.size() > MAX_RUNS) {
					this.runs.removeFirst(); // noise bursts that never became words: nothing will ask for them
				}
			}
			this.fedSamples += pcm.length;
			if (this.recognizer.acceptWaveForm(pcm, pcm.length)) {
				return Optional.of(recognition(this.recognizer.getResult()));
			}
			return Optional.empty();
		}

		@Override
		public String partial() {
			return JSON.readTree(this.recognizer.getPartialResult()).path("partial").asString("");
		}

		@Override
		public Recognition endAtPause() {
			// Vosk's Result(): finalises the decoding so far without InputFinished(), the same call that reads the
			// result after an endpoint of its own; the next audio re-initialises the decoder, not the features.
			return recognition(this.recognizer.getResult());
		}

		@Override
		public Recognition finish() {
			return recognition(this.recognizer.getFinalResult());
		}

		@Override
		public void close() {
			if (!this.closed) {
				this.closed = true;
				this.pooled.samples = this.fedSamples;
				VoskSpeechRecognizer.this.live.decrementAndGet();
				try {
					release(this.pooled);
				}
				catch (RuntimeException ex) {
					this.recognizer.close(); // not fit for reuse
					throw ex;
				}
			}
		}

		private Recognition recognition(String result) {
			JsonNode root = JSON.readTree(result);
			List<String> others = new ArrayList<>();
			JsonNode readings = root.path("alternatives");
			if (readings.isArray() && !readings.isEmpty()) {
				// n-best: {"alternatives": [{"confidence", "result": [words], "text"}, ...]}, best first
				for (int i = 1; i < readings.size(); i++) {
					String other = readings.get(i).path("text").asString("").trim();
					if (!other.isEmpty() && !others.contains(other)) {
						others.add(other);
					}
				}
				root = readings.get(0);
			}
			String text = root.path("text").asString("").trim();
			others.remove(text);
			JsonNode words = root.path("result");
			if (text.isEmpty() || !words.isArray() || words.isEmpty()) {
				return Recognition.NOTHING;
			}
			long startMs = Math.round(streamMs(words.get(0).path("start").asDouble()));
			long endMs = Math.round(streamMs(words.get(words.size() - 1).path("end").asDouble()));
			forgetRunsBefore(Math.round(words.get(words.size() - 1).path("end").asDouble() * SAMPLE_RATE));
			List<Double> confidences = (readings.isArray() && !readings.isEmpty()) ? WordConfidence.fromNbest(readings)
					: WordConfidence.fromWords(words);
			return new Recognition(text, startMs, Math.max(startMs, endMs), others,
					(confidences.size() == text.split(" ").length) ? confidences : List.of());
		}

		/** Maps a Vosk time (seconds of audio fed) to media-stream milliseconds. */
		private double streamMs(double voskSeconds) {
			long sample = Math.round(voskSeconds * SAMPLE_RATE);
			Run match = this.runs.peekFirst();
			for (Run run : this.runs) {
				if (run.fedSample() <= sample) {
					match = run;
				}
			}
			return (match == null) ? voskSeconds * 1000 : match.streamMsAt(sample);
		}

		/** Runs that end before {@code sample} can no longer be asked about: keeps the deque short. */
		private void forgetRunsBefore(long sample) {
			while (this.runs.size() > 1) {
				Run first = this.runs.pollFirst();
				if (this.runs.peekFirst().fedSample() > sample) {
					this.runs.addFirst(first);
					return;
				}
			}
		}

	}

	private record Run(long fedSample, double streamMs) {

		double streamMsAt(long sample) {
			return this.streamMs + (sample - this.fedSample) * 1000.0 / SAMPLE_RATE;
		}

	}

}
