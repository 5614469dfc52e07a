package com.talkhint.transcription;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vosk.Model;

/**
 * A Vosk recogniser whose model is loaded only once the node first asks for it: the economy decoder, a second copy of
 * the model's graph (≈ 220 MB resident with the precomposed graph) with cheaper search settings, which a node that
 * never falls behind never uses. The node's first overload step (fewer partials, at a fifth of max-lag) calls
 * {@link #prepare()}; a thread of its own loads the model (0.4–1.5 s on two cores, at startup and under load); until
 * it is {@link #ready()} tracks stay on the shipped decoder, so nothing waits for the load and nothing is lost if it
 * fails.
 */
final class StandbyRecognizer implements SpeechRecognizer {

	private static final Logger log = LoggerFactory.getLogger(StandbyRecognizer.class);

	private final Callable<Model> load;

	private final int alternatives;

	private final AtomicBoolean asked = new AtomicBoolean();

	private Model model; // guarded by this

	private boolean closed; // guarded by this

	private volatile VoskSpeechRecognizer recognizer;

	/**
	 * @param load loads the model (called at most once, on a thread of its own); the model is closed with this
	 * @param alternatives readings per utterance, as for {@link VoskSpeechRecognizer}
	 */
	StandbyRecognizer(Callable<Model> load, int alternatives) {
		this.load = load;
		this.alternatives = alternatives;
	}

	/** Starts loading the model unless that was asked before; returns at once. */
	@Override
	public void prepare() {
		if (this.asked.compareAndSet(false, true)) {
			Thread loader = new Thread(this::loadModel, "standby-model");
			loader.setDaemon(true);
			loader.start();
		}
	}

	private void loadModel() {
		Model loaded;
		try {
			loaded = this.load.call();
		}
		catch (Exception | LinkageError ex) {
			log.warn("[transcription] the economy decoder could not be loaded, overloaded calls stay on the shipped "
					+ "decoder: {}", ex.getMessage());
			return;
		}
		synchronized (this) {
			if (this.closed) {
				loaded.close();
				return;
			}
			this.model = loaded;
			this.recognizer = new VoskSpeechRecognizer(loaded, this.alternatives);
		}
	}

	/** Whether the model is loaded: sessions can be opened. */
	@Override
	public boolean ready() {
		return this.recognizer != null;
	}

	@Override
	public int sampleRate() {
		return VoskSpeechRecognizer.SAMPLE_RATE;
	}

	/** @throws IllegalStateException before the model is {@link #ready()} */
	@Override
	public RecognitionSession open() throws IOException {
		VoskSpeechRecognizer loaded = this.recognizer;
		if (loaded == null) {
			throw new IllegalStateException("the standby model is not loaded: prepare() it and open once ready()");
		}
		return loaded.open();
	}

	@Override
	public int liveSessions() {
		return ifLoaded(VoskSpeechRecognizer::liveSessions);
	}

	/** Recognisers created since the model loaded (0 before). */
	int created() {
		return ifLoaded(VoskSpeechRecognizer::created);
	}

	@Override
	public int idle() {
		return ifLoaded(VoskSpeechRecognizer::idle);
	}

	@Override
	public int releaseIdle(Duration idleFor) {
		return ifLoaded((loaded) -> loaded.releaseIdle(idleFor));
	}

	/** The loaded recogniser's figure, 0 before the model is loaded. */
	private int ifLoaded(ToIntFunction<VoskSpeechRecognizer> figure) {
		VoskSpeechRecognizer loaded = this.recognizer;
		return (loaded != null) ? figure.applyAsInt(loaded) : 0;
	}

	/** Frees the idle recognisers and the model, if it was loaded; a load still running closes what it loads. */
	synchronized void close() {
		this.closed = true;
		if (this.model != null) {
			this.recognizer.clear();
			this.recognizer = null;
			this.model.close();
			this.model = null;
		}
	}

}
