package com.talkhint.transcription;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.talkhint.audio.Resampler;
import com.talkhint.audio.SilenceGate;
import com.talkhint.audio.Speaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transcribes one track of one call. The socket thread only {@link #offer offers} frames to a bounded
 * queue (never blocks); the track's own thread drains it in order through the stages wired in
 * {@link TranscriptionPipeline#initTrack}: resampler → silence gate → recognition session → dispatcher.
 *
 * <p>When recognition falls more than {@code maxLag} behind real time the thread drops queued audio to
 * catch up, silent frames first, and says so once per episode (log + {@link TranscriptionHealthListener}).
 */
final class TrackTranscriber {

	/** Twilio media: audio/x-mulaw, 8000 Hz mono, decoded to PCM16 by the socket handler. */
	static final int INPUT_RATE = 8000;

	/** {@link TranscriptListener#onAudioProgress} cadence: "about every 100 ms of audio". */
	private static final long PROGRESS_EVERY_MS = 100;

	/**
	 * Most line silence replayed to Vosk to make it endpoint (it needs 0.5–1 s of trailing silence, per the
	 * model's conf/model.conf); past this the final is forced (see {@link #endUtteranceAtPause}).
	 */
	private static final long MAX_REPLAY_MS = 1200;

	/** Recent line silence kept for replaying: the hangover just before a pause is the most typical. */
	private static final int SILENCE_CHUNKS = 15;

	/** How long the thread waits for audio before it checks whether the stream was closed. */
	private static final long IDLE_POLL_MS = 100;

	private static final Frame END = new Frame(-1, new short[0], 0);

	private static final Logger log = LoggerFactory.getLogger(TrackTranscriber.class);

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private final String callSid;

	private final Speaker speaker;

	private final Resampler resampler;

	private final SilenceGate<Chunk> gate;

	private final boolean gated;

	private final SpeechRecognizer recognizer;

	private final TranscriptDispatcher dispatcher;

	private final List<TranscriptionHealthListener> health;

	private final long maxLagMs;

	private final long partialIntervalMs;

	private final long onsetMs;

	// Shared between the socket thread and the track's thread.

	/** Bounded to twice the allowed lag (200 frames ≈ 64 KB for 2 s), so memory stays bounded. */
	private final LinkedBlockingDeque<Frame> queue;

	private final AtomicLong queuedSamples = new AtomicLong();

	private final AtomicLong droppedFrames = new AtomicLong();

	private final AtomicBoolean started = new AtomicBoolean();

	private final CompletableFuture<Void> finished = new CompletableFuture<>();

	private volatile boolean closing;

	private volatile Thread thread;

	private volatile long audioMs;

	private volatile long recognizedMs;

	private volatile long finals;

	private volatile long cpuNanosAtEnd = -1;

	// Owned by the track's thread.

	private RecognitionSession session;

	private final long[] frameInputStart = new long[16];

	private final long[] frameTimestamp = new long[16];

	private int framesSeen;

	private long inputSamples;

	private long outputSamples;

	private boolean pendingAudio;

	private final ArrayDeque<Chunk> recentSilence = new ArrayDeque<>();

	/** Media-stream time just after the last audio fed to the recogniser. */
	private double fedEndMs;

	private long utteranceStartMs = -1;

	private long recognizedSincePartialMs;

	private long progressMs;

	private boolean voicedSinceProgress;

	private long streamEndMs;

	private boolean behind;

	private boolean failed;

	TrackTranscriber(String callSid, Speaker speaker, TranscriptionProperties settings, Resampler resampler,
			SilenceGate<Chunk> gate, SpeechRecognizer recognizer, TranscriptDispatcher dispatcher,
			List<TranscriptionHealthListener> health) {
		this.callSid = callSid;
		this.speaker = speaker;
		this.resampler = resampler;
		this.gate = gate;
		this.gated = settings.silenceGate();
		this.recognizer = recognizer;
		this.dispatcher = dispatcher;
		this.health = health;
		this.maxLagMs = settings.maxLag().toMillis();
		this.partialIntervalMs = settings.partialInterval().toMillis();
		this.onsetMs = settings.gate().onset().toMillis();
		// 8000 Hz × 20 ms = 160 samples per frame → 2 × maxLag / 20 ms frames.
		this.queue = new LinkedBlockingDeque<>((int) Math.max(10, 2 * this.maxLagMs / 20));
	}

	/**
	 * Queues one frame; called on the socket thread, returns at once. When the queue is full (the track's
	 * thread is stuck) the oldest frame is dropped and counted.
	 */
	void offer(long timestampMs, short[] pcm8k) {
		if (this.closing) {
			return;
		}
		startThreadOnce();
		Frame frame = new Frame(timestampMs, pcm8k.clone(), SilenceGate.meanSquare(pcm8k));
		this.queuedSamples.addAndGet(pcm8k.length);
		while (!this.queue.offerLast(frame)) {
			Frame oldest = this.queue.pollFirst();
			if (oldest != null && oldest != END) {
				this.queuedSamples.addAndGet(-oldest.pcm().length);
				this.droppedFrames.incrementAndGet();
			}
		}
	}

	/** Ends the track: what is queued is still recognised, then the final is flushed and the session closed. */
	void close() {
		this.closing = true;
		if (this.started.get()) {
			this.queue.offerLast(END); // if the queue is full the idle poll notices `closing` once it drains
		}
		else {
			this.finished.complete(null);
		}
	}

	/** Completes when the track's thread has delivered its last final and released the recogniser. */
	CompletableFuture<Void> finished() {
		return this.finished;
	}

	TrackStats stats() {
		return new TrackStats(this.callSid, this.speaker, lagMs(), this.queue.size(), this.droppedFrames.get(),
				this.audioMs, this.recognizedMs, cpuNanos() / 1_000_000, this.finals);
	}

	long droppedFrames() {
		return this.droppedFrames.get();
	}

	private long lagMs() {
		return Math.max(0, this.queuedSamples.get()) * 1000 / INPUT_RATE;
	}

	private long cpuNanos() {
		long atEnd = this.cpuNanosAtEnd;
		if (atEnd >= 0) {
			return atEnd;
		}
		Thread current = this.thread;
		long nanos = (current != null) ? THREADS.getThreadCpuTime(current.getId()) : 0;
		return Math.max(0, nanos);
	}

	private void startThreadOnce() {
		if (this.started.compareAndSet(false, true)) {
			String suffix = this.callSid.substring(Math.max(0, this.callSid.length() - 6));
			Thread worker = new Thread(this::run, "stt-" + suffix + "-" + this.speaker.wireName());
			worker.setDaemon(true);
			this.thread = worker;
			worker.start();
		}
	}

	private void run() {
		try {
			while (true) {
				Frame frame = this.queue.pollFirst(IDLE_POLL_MS, TimeUnit.MILLISECONDS);
				if (frame == null) {
					if (this.closing) {
						break;
					}
					continue;
				}
				if (frame == END) {
					break;
				}
				this.queuedSamples.addAndGet(-frame.pcm().length);
				if (!this.failed) {
					try {
						shedIfBehind();
						process(frame);
					}
					catch (RuntimeException ex) {
						fail(ex); // keeps draining (and discarding) until the stream ends
					}
				}
			}
			if (!this.failed) {
				endUtterance(); // the stream ended mid-sentence: flush what was said
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			fail(ex);
		}
		finally {
			closeSession();
			this.cpuNanosAtEnd = Math.max(0, THREADS.getCurrentThreadCpuTime());
			this.finished.complete(null);
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
				endUtteranceAtPause();
			}
		}
		else {
			this.gate.offer(chunk, frame.meanSquare(), durationMs, (ignored) -> {
			}); // still classifies frames, for progress and shedding
			recognize(chunk);
		}
		if (!this.gate.lastFrameVoiced()) {
			this.recentSilence.addLast(chunk);
			if (this.recentSilence.size() > SILENCE_CHUNKS) {
				this.recentSilence.removeFirst();
			}
		}
		this.audioMs += durationMs;
		reportProgress(durationMs);
		maybePartial();
	}

	private void recognize(Chunk chunk) {
		if (this.session == null) {
			try {
				this.session = this.recognizer.open();
			}
			catch (IOException ex) {
				throw new IllegalStateException("could not create a recogniser: " + ex.getMessage(), ex);
			}
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

	/**
	 * The speaker paused (the gate closed): get the final now rather than after Vosk's own 0.5–1 s of
	 * trailing silence in real time. Vosk 0.3.45 cannot be told to endpoint sooner, and forcing it with
	 * getFinalResult() restarts its feature pipeline, losing the speaker adaptation (≈ 3 WER points on the
	 * dev set). So the line's own recent silence is replayed to it at once until its endpointer fires the
	 * normal way: a few tens of ms of CPU instead of up to a second of waiting. Noise without words is left
	 * alone (nothing to finalise, nothing to restart).
	 */
	private void endUtteranceAtPause() {
		if (!this.pendingAudio || this.session == null || this.session.partial().isEmpty()) {
			return;
		}
		Chunk[] silence = this.recentSilence.toArray(new Chunk[0]);
		double at = this.fedEndMs; // replayed audio continues the stream clock; no word will land in it
		long replayed = 0;
		for (int i = 0; silence.length > 0 && replayed < MAX_REPLAY_MS; i++) {
			short[] pcm = silence[i % silence.length].pcm();
			long ms = pcm.length * 1000L / this.resampler.toRate();
			Optional<Recognition> result = this.session.accept(pcm, at);
			at += ms;
			replayed += ms;
			this.recognizedMs += ms;
			if (result.isPresent()) {
				deliverFinal(result.get());
				return;
			}
		}
		endUtterance();
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
		if (recognition.isEmpty()) {
			this.dispatcher.utteranceEnded();
			return;
		}
		this.finals++;
		this.dispatcher.finalResult(recognition);
	}

	private void maybePartial() {
		// Partials are a courtesy: skip them while behind, the CPU is needed for catching up.
		if (!this.pendingAudio || this.recognizedSincePartialMs < this.partialIntervalMs
				|| lagMs() > this.partialIntervalMs) {
			return;
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

	/**
	 * Catches up when behind: drops queued silence first (it costs little to skip and loses nothing), then
	 * the oldest audio. A hole in speech ends the utterance, so words on both sides are not glued together.
	 */
	private void shedIfBehind() {
		long lag = lagMs();
		if (lag <= this.maxLagMs) {
			if (this.behind && lag < this.maxLagMs / 4) {
				this.behind = false;
				log.info("[transcription] call {} {}: caught up with real time ({} frames dropped in all)", this.callSid,
						this.speaker.wireName(), this.droppedFrames.get());
			}
			return;
		}
		long target = this.maxLagMs / 2;
		double silence = this.gate.threshold();
		for (Frame queued : this.queue.toArray(new Frame[0])) {
			if (lagMs() <= target) {
				break;
			}
			if (queued != END && queued.meanSquare() <= silence && this.queue.removeFirstOccurrence(queued)) {
				this.queuedSamples.addAndGet(-queued.pcm().length);
				this.droppedFrames.incrementAndGet();
			}
		}
		boolean droppedSpeech = false;
		while (lagMs() > target) {
			Frame oldest = this.queue.pollFirst();
			if (oldest == null) {
				break;
			}
			if (oldest == END) {
				this.queue.offerFirst(END);
				break;
			}
			this.queuedSamples.addAndGet(-oldest.pcm().length);
			this.droppedFrames.incrementAndGet();
			droppedSpeech = true;
		}
		if (droppedSpeech) {
			endUtterance();
			this.gate.reset();
		}
		if (!this.behind) {
			this.behind = true;
			long dropped = this.droppedFrames.get();
			log.warn("[transcription] call {} {}: recognition {} ms behind real time, dropping audio to catch up "
					+ "({} frames so far)", this.callSid, this.speaker.wireName(), lag, dropped);
			for (TranscriptionHealthListener listener : this.health) {
				try {
					listener.onFallingBehind(this.callSid, this.speaker, lag, dropped);
				}
				catch (RuntimeException ex) {
					log.warn("[transcription] health listener failed: {}", ex.toString());
				}
			}
		}
	}

	private void fail(Exception ex) {
		this.failed = true;
		log.warn("[transcription] call {} {}: recognition failed, this track is no longer transcribed: {}",
				this.callSid, this.speaker.wireName(), ex.toString());
		for (TranscriptionHealthListener listener : this.health) {
			try {
				listener.onRecognizerFailed(this.callSid, this.speaker, ex);
			}
			catch (RuntimeException listenerFailure) {
				log.warn("[transcription] health listener failed: {}", listenerFailure.toString());
			}
		}
		closeSession();
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

	/** One media frame as queued: Twilio's timestamp, 8 kHz PCM, and its energy (computed once, cheaply). */
	record Frame(long timestampMs, short[] pcm, double meanSquare) {
	}

	/** Resampled audio on its way to the recogniser, with the media-stream time of its first sample. */
	record Chunk(short[] pcm, double streamMs) {
	}

}
