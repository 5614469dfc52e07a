package com.talkhint.transcription;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.talkhint.audio.Resampler;
import com.talkhint.audio.SilenceGate;
import com.talkhint.audio.Speaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transcribes one track of one call. The socket thread only {@link #offer offers} frames (never blocks); the
 * track then takes turns on the shared recognition workers, at most {@link #FRAMES_PER_TURN} frames a turn and
 * one turn at a time, so its frames stay in order while many tracks share a few cores fairly (a track whose speaker
 * just paused first: its final waits on it, {@link Turn}). Each frame goes
 * through the stages wired in {@link TranscriptionPipeline#initTrack}: resampler → silence gate → recognition
 * session → dispatcher.
 *
 * <p>Audio is never dropped to catch up: a track that falls behind stays behind until the workers catch up,
 * says so once per episode (log + {@link TranscriptionHealthListener#onLagging}) and says again when it is back
 * in real time. Meanwhile the {@link LoadGovernor} degrades the whole node (fewer partials, a cheaper decoder,
 * refusing new calls). Only past {@code max-backlog} (a node hopelessly starved of CPU) is the oldest audio
 * dropped, counted and reported.
 */
final class TrackTranscriber {

	/** Twilio media: audio/x-mulaw, 8000 Hz mono, decoded to PCM16 by the socket handler. */
	static final int INPUT_RATE = 8000;

	/** Frames one turn on a worker handles before the track goes to the back of the line: 200 ms of audio. */
	static final int FRAMES_PER_TURN = 10;

	/** {@link TranscriptListener#onAudioProgress} cadence: "about every 100 ms of audio". */
	private static final long PROGRESS_EVERY_MS = 100;

	/**
	 * Line silence replayed to Vosk at a pause before the final is taken: Vosk decodes some hundreds of ms behind the
	 * audio it was fed (its acoustic model needs right context), and this lets it catch up with the last words after
	 * the hangover. Measured 2026-12-07 (docs/benchmarks.md): on the eight test calls 300 ms gave the very finals of
	 * replaying until Vosk's own endpoint (which took 240–620 ms of it), 200 ms changed a few readings, none at all
	 * lost words to the next utterance.
	 */
	private static final long FLUSH_MS = 300;

	private static final Frame END = new Frame(-1, new short[0], 0, 0);

	private static final Logger log = LoggerFactory.getLogger(TrackTranscriber.class);

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	/** Numbers the turns in the order they are queued, over all tracks. */
	private static final AtomicLong TURNS = new AtomicLong();

	private final String callSid;

	private final Speaker speaker;

	private final Resampler resampler;

	private final SilenceGate<Chunk> gate;

	private final boolean gated;

	private final SpeechRecognizer recognizer;

	/** The cheaper decoder the governor switches new utterances to under overload; {@code null} when none. */
	private final SpeechRecognizer economy;

	private final TranscriptDispatcher dispatcher;

	private final List<TranscriptionHealthListener> health;

	private final Executor workers;

	private final LoadGovernor governor;

	private final FinalTimers timers;

	private final long laggingMs;

	private final long maxBacklogMs;

	private final long partialIntervalMs;

	private final long onsetMs;

	// Shared between the socket thread and the workers.

	private final ConcurrentLinkedQueue<Frame> queue = new ConcurrentLinkedQueue<>();

	private final AtomicLong queuedSamples = new AtomicLong();

	private final AtomicInteger queuedFrames = new AtomicInteger();

	private final AtomicLong droppedFrames = new AtomicLong();

	/** Whether a turn is queued or running: at most one at a time, so frames are handled in order. */
	private final AtomicBoolean scheduled = new AtomicBoolean();

	/**
	 * Set by each turn: the gate is open and the last frame was silence, so the next frames may close it and
	 * ask for the final. Such a track's next turn goes ahead of the others ({@link Turn}).
	 */
	private volatile boolean ending;

	private final AtomicBoolean started = new AtomicBoolean();

	private final CompletableFuture<Void> finished = new CompletableFuture<>();

	/** Set by the socket thread when it dropped audio past max-backlog: the utterance in progress has a hole. */
	private volatile boolean hole;

	private volatile boolean closing;

	private volatile long audioMs;

	private volatile long recognizedMs;

	private volatile long finals;

	private volatile long cpuNanos;

	// Owned by the turn in progress (one at a time; the executor's hand-off orders memory between turns).

	private RecognitionSession session;

	private boolean sessionEconomy;

	private final long[] frameInputStart = new long[16];

	private final long[] frameTimestamp = new long[16];

	private int framesSeen;

	private long inputSamples;

	private long outputSamples;

	private boolean pendingAudio;

	/** The line's most recent silence, at most {@link #FLUSH_MS} of it, kept for replaying at a pause. */
	private final ArrayDeque<Chunk> recentSilence = new ArrayDeque<>();

	private long recentSilenceMs;

	/** Media-stream time just after the last audio fed to the recogniser. */
	private double fedEndMs;

	private long utteranceStartMs = -1;

	private long recognizedSincePartialMs;

	private long progressMs;

	private boolean voicedSinceProgress;

	private long streamEndMs;

	/** Lagging since this stream time ({@code -1}: in real time), and the worst lag of the episode. */
	private long laggingSinceMs = -1;

	private long worstLagMs;

	private long droppedReported;

	private int lagEpisodes;

	/** Degradation steps already reported to this track's call (once each). */
	private final Set<Degradation> degradationsReported = EnumSet.noneOf(Degradation.class);

	private boolean failed;

	private boolean done;

	TrackTranscriber(String callSid, Speaker speaker, TranscriptionProperties settings, Resampler resampler,
			SilenceGate<Chunk> gate, SpeechRecognizer recognizer, SpeechRecognizer economy,
			TranscriptDispatcher dispatcher, List<TranscriptionHealthListener> health, Executor workers,
			LoadGovernor governor, FinalTimers timers) {
		this.callSid = callSid;
		this.speaker = speaker;
		this.resampler = resampler;
		this.gate = gate;
		this.gated = settings.silenceGate();
		this.recognizer = recognizer;
		this.economy = economy;
		this.dispatcher = dispatcher;
		this.health = health;
		this.workers = workers;
		this.governor = governor;
		this.timers = timers;
		this.laggingMs = settings.maxLag().toMillis();
		this.maxBacklogMs = Math.max(this.laggingMs, settings.maxBacklog().toMillis());
		this.partialIntervalMs = settings.partialInterval().toMillis();
		this.onsetMs = settings.gate().onset().toMillis();
	}

	/**
	 * Queues one frame; called on the socket thread, returns at once. The array is the track's from now on (the
	 * socket handler decodes every frame into a new one). Only past {@code max-backlog} is the oldest audio dropped.
	 */
	void offer(long timestampMs, short[] pcm8k) {
		if (this.closing) {
			return;
		}
		this.started.set(true);
		this.queuedSamples.addAndGet(pcm8k.length);
		this.queuedFrames.incrementAndGet();
		this.queue.add(new Frame(timestampMs, pcm8k, SilenceGate.meanSquare(pcm8k), System.nanoTime()));
		while (lagMs() > this.maxBacklogMs) {
			Frame oldest = this.queue.peek();
			if (oldest == null || oldest == END || !this.queue.remove(oldest)) {
				break;
			}
			this.queuedSamples.addAndGet(-oldest.pcm().length);
			this.queuedFrames.decrementAndGet();
			this.droppedFrames.incrementAndGet();
			this.hole = true;
		}
		schedule();
	}

	/** Ends the track: what is queued is still recognised, then the final is flushed and the session closed. */
	void close() {
		this.closing = true;
		if (this.started.get()) {
			this.queue.add(END);
			schedule();
		}
		else {
			this.finished.complete(null);
		}
	}

	/** Completes when the track has delivered its last final and released the recogniser. */
	CompletableFuture<Void> finished() {
		return this.finished;
	}

	TrackStats stats() {
		return new TrackStats(this.callSid, this.speaker, lagMs(), this.queuedFrames.get(), this.droppedFrames.get(),
				this.audioMs, this.recognizedMs, this.cpuNanos / 1_000_000, this.finals);
	}

	long droppedFrames() {
		return this.droppedFrames.get();
	}

	private long lagMs() {
		return Math.max(0, this.queuedSamples.get()) * 1000 / INPUT_RATE;
	}

	private void schedule() {
		if (this.scheduled.compareAndSet(false, true)) {
			this.workers.execute(new Turn(this::turn, this.ending, TURNS.incrementAndGet()));
		}
	}

	/** One turn on a recognition worker: a few frames, then back to the end of the line if more are waiting. */
	private void turn() {
		long cpuBefore = THREADS.getCurrentThreadCpuTime();
		try {
			for (int n = 0; n < FRAMES_PER_TURN && !this.done; n++) {
				Frame frame = this.queue.poll();
				if (frame == null) {
					break;
				}
				if (frame == END) {
					end();
					break;
				}
				this.queuedSamples.addAndGet(-frame.pcm().length);
				this.queuedFrames.decrementAndGet();
				if (!this.failed) {
					try {
						if (this.hole) {
							this.hole = false;
							endUtterance(); // a hole in speech: do not glue the words on both sides together
							this.gate.reset();
						}
						process(frame);
					}
					catch (RuntimeException ex) {
						fail(ex); // keeps draining (and discarding) until the stream ends
					}
				}
			}
			if (!this.done && !this.failed) {
				checkLag();
			}
			this.ending = this.gated && this.gate.isOpen() && !this.gate.lastFrameVoiced();
		}
		catch (RuntimeException ex) {
			log.warn("[transcription] call {} {}: turn failed: {}", this.callSid, this.speaker.wireName(), ex.toString());
		}
		finally {
			this.cpuNanos += Math.max(0, THREADS.getCurrentThreadCpuTime() - cpuBefore);
			this.scheduled.set(false);
			if (this.done) {
				this.finished.complete(null);
			}
			else if (!this.queue.isEmpty()) {
				schedule();
			}
		}
	}

	private void end() {
		try {
			if (!this.failed) {
				endUtterance(); // the stream ended mid-sentence: flush what was said
				if (this.laggingSinceMs >= 0) {
					caughtUp(lagMs());
				}
			}
		}
		catch (RuntimeException ex) {
			fail(ex);
		}
		finally {
			closeSession();
			this.done = true;
		}
	}

	private void process(Frame frame) {
		long durationMs = frame.pcm().length * 1000L / INPUT_RATE; // 160 samples = 20 ms
		rememberInput(frame);
		short[] pcm16k = this.resampler.process(frame.pcm());
		// The resampler's output is time-aligned with its input: output sample n is input time n·8000/16000.
		double chunkMs = streamMsOfInput(this.outputSamples * (double) INPUT_RATE / this.resampler.toRate());
		this.outputSamples += pcm16k.length;
		Chunk chunk = new Chunk(pcm16k, chunkMs);
		this.streamEndMs = frame.timestampMs() + durationMs;
		if (this.gated) {
			SilenceGate.Transition transition = this.gate.offer(chunk, frame.meanSquare(), durationMs, this::recognize);
			if (transition == SilenceGate.Transition.OPENED) {
				// The voiced run that opened the gate began `onset` before the end of this frame.
				this.utteranceStartMs = Math.max(0, this.streamEndMs - this.onsetMs);
			}
			else if (transition == SilenceGate.Transition.CLOSED) {
				long taken = System.nanoTime();
				long finalsBefore = this.finals;
				endUtteranceAtPause();
				if (this.finals > finalsBefore) {
					this.timers.queued().record(taken - frame.queuedNanos(), TimeUnit.NANOSECONDS);
					this.timers.recognised().record(System.nanoTime() - taken, TimeUnit.NANOSECONDS);
				}
			}
		}
		else {
			this.gate.offer(chunk, frame.meanSquare(), durationMs, (ignored) -> {
			}); // still classifies frames, for progress
			recognize(chunk);
		}
		if (!this.gate.lastFrameVoiced()) {
			this.recentSilence.addLast(chunk);
			this.recentSilenceMs += durationOf(chunk);
			while (this.recentSilenceMs - durationOf(this.recentSilence.peekFirst()) >= FLUSH_MS) {
				this.recentSilenceMs -= durationOf(this.recentSilence.removeFirst());
			}
		}
		this.audioMs += durationMs;
		reportProgress(durationMs);
		maybePartial();
	}

	private void recognize(Chunk chunk) {
		if (this.session == null) {
			openSession();
		}
		if (this.utteranceStartMs < 0) {
			this.utteranceStartMs = Math.round(chunk.streamMs());
		}
		this.pendingAudio = true;
		long chunkMs = chunk.pcm().length * 1000L / this.resampler.toRate();
		this.recognizedMs += chunkMs;
		this.recognizedSincePartialMs += chunkMs;
		this.fedEndMs = chunk.streamMs() + chunk.pcm().length * 1000.0 / this.resampler.toRate();
		this.session.accept(chunk.pcm(), chunk.streamMs()).ifPresent(this::deliverFinal);
	}

	/** Opens a recogniser for the next utterance: the economy one while the node is degraded that far. */
	private void openSession() {
		boolean cheap = economyWanted();
		try {
			this.session = (cheap ? this.economy : this.recognizer).open();
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not create a recogniser: " + ex.getMessage(), ex);
		}
		this.sessionEconomy = cheap;
		if (cheap) {
			reportDegradation(Degradation.ECONOMY_DECODER);
		}
	}

	/**
	 * The speaker paused (the gate closed after its hangover): the final now. Vosk's endpoint rules want more decoded
	 * trailing silence than the hangover leaves, and its getFinalResult() restarts the feature pipeline, losing the
	 * speaker adaptation; so the line's own recent silence is replayed for {@link #FLUSH_MS}, enough for the decoder
	 * to catch up with the last words, and the result is taken then ({@link RecognitionSession#endAtPause}), unless
	 * Vosk endpointed on its own first. Noise without words is left alone (nothing to finalise).
	 */
	private void endUtteranceAtPause() {
		if (!this.pendingAudio || this.session == null || this.session.partial().isEmpty()) {
			return;
		}
		double at = this.fedEndMs; // replayed audio continues the stream clock; no word will land in it
		for (Chunk silence : this.recentSilence) { // deliverFinal returns at once, the ring is not changed under the loop
			long ms = durationOf(silence);
			Optional<Recognition> result = this.session.accept(silence.pcm(), at);
			at += ms;
			this.recognizedMs += ms;
			if (result.isPresent()) {
				deliverFinal(result.get());
				return;
			}
		}
		deliverFinal(this.session.endAtPause());
	}

	/** Forces the final of the utterance in progress (the stream ended, or audio was dropped). */
	private void endUtterance() {
		if (this.pendingAudio && this.session != null) {
			deliverFinal(this.session.finish());
		}
		this.pendingAudio = false;
		this.utteranceStartMs = -1;
	}

	private void deliverFinal(Recognition recognition) {
		this.pendingAudio = false;
		this.utteranceStartMs = -1;
		this.recognizedSincePartialMs = 0;
		if (!recognition.isEmpty()) {
			this.finals++;
			this.dispatcher.finalResult(recognition);
		}
		else {
			this.dispatcher.utteranceEnded();
		}
		// Between utterances is where a track changes decoder: the next one opens on the one the load asks for.
		if (this.session != null && economyWanted() != this.sessionEconomy) {
			closeSession();
		}
	}

	/**
	 * Whether the next utterance should be decoded by the economy decoder: the node is degraded that far and the
	 * decoder's model is loaded. Any overload step gets the model loading (StandbyRecognizer), so it is usually
	 * ready by the time the lag reaches the economy step.
	 */
	private boolean economyWanted() {
		if (this.economy == null) {
			return false;
		}
		Degradation level = this.governor.level();
		if (level == Degradation.NORMAL) {
			return false;
		}
		this.economy.prepare();
		return level.compareTo(Degradation.ECONOMY_DECODER) >= 0 && this.economy.ready();
	}

	private void maybePartial() {
		long interval = this.partialIntervalMs;
		if (this.governor.level().compareTo(Degradation.FEWER_PARTIALS) >= 0) {
			interval *= LoadGovernor.PARTIAL_SLOWDOWN;
		}
		// Partials are a courtesy: skip them while this track is behind, the CPU is needed for catching up.
		if (!this.pendingAudio || this.recognizedSincePartialMs < interval || lagMs() > interval) {
			return;
		}
		if (interval > this.partialIntervalMs) {
			reportDegradation(Degradation.FEWER_PARTIALS);
		}
		this.recognizedSincePartialMs = 0;
		this.dispatcher.partial(this.session.partial(), this.utteranceStartMs, this.streamEndMs);
	}

	private void reportProgress(long durationMs) {
		this.progressMs += durationMs;
		this.voicedSinceProgress |= this.gate.lastFrameVoiced();
		if (this.progressMs >= PROGRESS_EVERY_MS) {
			this.dispatcher.progress(this.streamEndMs, this.voicedSinceProgress);
			this.progressMs = 0;
			this.voicedSinceProgress = false;
		}
	}

	/** Says once when the track falls behind real time, and once more when it is back (with what was measured). */
	private void checkLag() {
		long lag = lagMs();
		long dropped = this.droppedFrames.get();
		if (this.laggingSinceMs < 0) {
			if (lag > this.laggingMs || dropped > this.droppedReported) {
				this.laggingSinceMs = this.streamEndMs;
				this.worstLagMs = lag;
				this.droppedReported = dropped;
				this.lagEpisodes++;
				LagReport report = new LagReport(lag, lag, 0, dropped, this.governor.snapshot(), this.lagEpisodes);
				log.warn("[transcription] call {} {}: recognition {} ms behind real time ({})", this.callSid,
						this.speaker.wireName(), lag, report.node().describe());
				each((listener) -> listener.onLagging(this.callSid, this.speaker, report));
			}
			return;
		}
		this.worstLagMs = Math.max(this.worstLagMs, lag);
		if (lag < TrackStats.CAUGHT_UP_MS) {
			caughtUp(lag);
		}
	}

	private void caughtUp(long lag) {
		long dropped = this.droppedFrames.get();
		LagReport report = new LagReport(lag, this.worstLagMs, Math.max(0, this.streamEndMs - this.laggingSinceMs),
				dropped, this.governor.snapshot(), this.lagEpisodes);
		this.laggingSinceMs = -1;
		this.droppedReported = dropped;
		log.info("[transcription] call {} {}: back in real time after {} ms behind (worst {} ms, {} frames dropped)",
				this.callSid, this.speaker.wireName(), report.behindForMs(), report.worstLagMs(), dropped);
		each((listener) -> listener.onCaughtUp(this.callSid, this.speaker, report));
	}

	private void reportDegradation(Degradation step) {
		if (this.degradationsReported.add(step)) {
			NodeLoad node = this.governor.snapshot();
			each((listener) -> listener.onDegraded(this.callSid, this.speaker, step, node));
		}
	}

	private void fail(Exception ex) {
		this.failed = true;
		log.warn("[transcription] call {} {}: recognition failed, this track is no longer transcribed: {}",
				this.callSid, this.speaker.wireName(), ex.toString());
		each((listener) -> listener.onRecognizerFailed(this.callSid, this.speaker, ex));
		closeSession();
	}

	private void each(java.util.function.Consumer<TranscriptionHealthListener> call) {
		for (TranscriptionHealthListener listener : this.health) {
			try {
				call.accept(listener);
			}
			catch (RuntimeException ex) {
				log.warn("[transcription] health listener failed: {}", ex.toString());
			}
		}
	}

	private void closeSession() {
		if (this.session != null) {
			try {
				this.session.close();
			}
			finally {
				this.session = null;
			}
		}
	}

	private void rememberInput(Frame frame) {
		int slot = this.framesSeen++ % this.frameInputStart.length;
		this.frameInputStart[slot] = this.inputSamples;
		this.frameTimestamp[slot] = frame.timestampMs();
		this.inputSamples += frame.pcm().length;
	}

	/** Media-stream time of an input sample position (Twilio timestamps can jump; each frame has its own). */
	private double streamMsOfInput(double inputPosition) {
		int known = Math.min(this.framesSeen, this.frameInputStart.length);
		int oldest = -1;
		for (int i = 0; i < known; i++) {
			int slot = (this.framesSeen - 1 - i) % this.frameInputStart.length;
			oldest = slot;
			if (this.frameInputStart[slot] <= inputPosition) {
				return this.frameTimestamp[slot] + (inputPosition - this.frameInputStart[slot]) * 1000 / INPUT_RATE;
			}
		}
		return (oldest < 0) ? 0
				: this.frameTimestamp[oldest] + (inputPosition - this.frameInputStart[oldest]) * 1000 / INPUT_RATE;
	}

	/**
	 * One turn of a track, as queued for the recognition workers ({@link #ORDER}): the turns of tracks whose speaker
	 * has just paused first, then the others in the order they were queued. A final waits for the frame that ends
	 * its pause; under load that frame would otherwise wait behind every other track's speech (measured with
	 * {@link FinalTimers}: at 6 and 8 calls on 2 cores the 95th percentile of that wait was 24–34 ms). Each track has
	 * at most one turn queued and a pause lasts a few frames, so no track waits for long behind them.
	 */
	record Turn(Runnable work, boolean ending, long sequence) implements Runnable {

		static final Comparator<Runnable> ORDER = Comparator
			.comparing((Runnable r) -> !(r instanceof Turn turn && turn.ending()))
			.thenComparingLong((r) -> (r instanceof Turn turn) ? turn.sequence() : Long.MAX_VALUE);

		@Override
		public void run() {
			this.work.run();
		}

	}

	/**
	 * One media frame as queued: Twilio's timestamp, 8 kHz PCM, its energy (computed once, cheaply) and when the
	 * socket thread queued it ({@link System#nanoTime()}).
	 */
	record Frame(long timestampMs, short[] pcm, double meanSquare, long queuedNanos) {
	}

	private long durationOf(Chunk chunk) {
		return chunk.pcm().length * 1000L / this.resampler.toRate();
	}

	/** Resampled audio on its way to the recogniser, with the media-stream time of its first sample. */
	record Chunk(short[] pcm, double streamMs) {
	}

}
