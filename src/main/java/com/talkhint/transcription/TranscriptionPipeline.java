package com.talkhint.transcription;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import com.talkhint.audio.AudioPipeline;
import com.talkhint.audio.AudioSink;
import com.talkhint.audio.Resampler;
import com.talkhint.audio.SilenceGate;
import com.talkhint.audio.Speaker;
import com.talkhint.audio.StreamContext;
import com.talkhint.audio.Track;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * Live transcription of every media stream, per speaker. What happens to a track's audio is wired in one
 * place, {@link #initTrack}:
 *
 * <pre>
 * socket thread:  Twilio JSON → base64 → µ-law → PCM16 8 kHz → {@link AudioSink#onFrame} → bounded queue (offer)
 * track thread:   → {@link Resampler} 8 → 16 kHz → {@link SilenceGate} → {@link RecognitionSession} (Vosk)
 *                 → {@link TranscriptDispatcher} → every {@link TranscriptListener} (partials, finals, progress)
 * </pre>
 *
 * One thread and one native recogniser per track, both created on the track's first frame and released
 * when the stream closes; {@link #stats()} tells the core how far behind each track is.
 */
public class TranscriptionPipeline implements AudioPipeline, MeterBinder, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(TranscriptionPipeline.class);

	/** How long shutdown waits for open streams to flush their finals before the model is freed. */
	private static final long SHUTDOWN_WAIT_MS = 10_000;

	private final SpeechRecognizer recognizer;

	private final Supplier<List<TranscriptListener>> listenerSource;

	private final Supplier<List<TranscriptionHealthListener>> healthSource;

	private final TranscriptionProperties settings;

	private final Set<CallTranscription> open = ConcurrentHashMap.newKeySet();

	private final AtomicLong droppedByClosedStreams = new AtomicLong();

	private volatile List<TranscriptListener> listeners;

	private volatile List<TranscriptionHealthListener> health;

	private volatile UnaryOperator<String> redaction = UnaryOperator.identity();

	private volatile UnaryOperator<String> partialRedaction = UnaryOperator.identity();

	/** For plain use (tests, benchmarks): fixed listener lists. */
	public TranscriptionPipeline(SpeechRecognizer recognizer, List<TranscriptListener> listeners,
			List<TranscriptionHealthListener> health, TranscriptionProperties settings) {
		this(recognizer, () -> listeners, () -> health, settings);
	}

	/**
	 * For Spring: listeners are looked up on the first stream, so a listener bean may itself depend on
	 * something that needs the {@link AudioPipeline} without a cycle at startup.
	 */
	public TranscriptionPipeline(SpeechRecognizer recognizer, Supplier<List<TranscriptListener>> listeners,
			Supplier<List<TranscriptionHealthListener>> health, TranscriptionProperties settings) {
		this.recognizer = recognizer;
		this.listenerSource = listeners;
		this.healthSource = health;
		this.settings = settings;
	}

	/** Every recognised text passes through these before any listener sees it (finals, partials). */
	public void redactWith(UnaryOperator<String> redaction, UnaryOperator<String> partialRedaction) {
		this.redaction = redaction;
		this.partialRedaction = partialRedaction;
	}

	@Override
	public AudioSink open(StreamContext context) {
		CallTranscription call = new CallTranscription(context, (track) -> initTrack(context, track), listeners());
		this.open.add(call);
		call.flushed().whenComplete((done, failure) -> {
			this.droppedByClosedStreams.addAndGet(call.droppedFrames());
			this.open.remove(call);
		});
		return call;
	}

	/** The audio path of one track, in order. */
	TrackTranscriber initTrack(StreamContext context, Track track) {
		Speaker speaker = context.speakerOf(track);
		return new TrackTranscriber(context.callSid(), speaker, this.settings,
				// Twilio sends 8 kHz; the model was trained on 16 kHz (fed 8 kHz it hears nothing).
				new Resampler(TrackTranscriber.INPUT_RATE, this.recognizer.sampleRate()),
				// Spares the recogniser the silences; closing after a short pause ends the utterance quickly.
				new SilenceGate<>(this.settings.gate()),
				// One Vosk Recognizer per track, opened on the first voiced audio.
				this.recognizer,
				// Partials only when they change; finals with the speaker; to every listener bean in order.
				new TranscriptDispatcher(context.callSid(), speaker, listeners(), this.redaction,
						this.partialRedaction), health());
	}

	/** What the core polls to turn overload into a diagnostic. */
	public TranscriptionStats stats() {
		List<TrackStats> tracks = new ArrayList<>();
		long dropped = this.droppedByClosedStreams.get();
		for (CallTranscription call : this.open) {
			tracks.addAll(call.stats());
			dropped += call.droppedFrames();
		}
		return new TranscriptionStats(this.open.size(), this.recognizer.liveSessions(), List.copyOf(tracks), dropped);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("talkhint.transcription.streams", this.open, Set::size)
			.description("Media streams being transcribed")
			.register(registry);
		Gauge.builder("talkhint.transcription.recognizers", this.recognizer, SpeechRecognizer::liveSessions)
			.description("Native speech recognisers allocated")
			.register(registry);
		Gauge.builder("talkhint.transcription.lag", this, (pipeline) -> pipeline.stats().maxLagMs())
			.description("Worst recognition lag behind real time over open tracks")
			.baseUnit("milliseconds")
			.register(registry);
		Gauge.builder("talkhint.transcription.queue.depth", this,
				(pipeline) -> pipeline.stats().tracks().stream().mapToInt(TrackStats::queuedFrames).sum())
			.description("Media frames waiting for recognition")
			.register(registry);
		Gauge.builder("talkhint.transcription.realtime.factor", this, TranscriptionPipeline::realTimeFactor)
			.description("CPU seconds per second of audio over open tracks")
			.register(registry);
		FunctionCounter.builder("talkhint.transcription.dropped.frames", this,
				(pipeline) -> pipeline.stats().droppedFramesTotal())
			.description("Media frames dropped because recognition fell behind")
			.register(registry);
	}

	private double realTimeFactor() {
		long cpu = 0;
		long audio = 0;
		for (TrackStats track : stats().tracks()) {
			cpu += track.cpuMs();
			audio += track.audioMs();
		}
		return (audio == 0) ? 0 : (double) cpu / audio;
	}

	/** Closes every open stream (flushing finals) before the shared model is freed. */
	@Override
	public void destroy() {
		List<CompletableFuture<Void>> pending = new ArrayList<>();
		for (CallTranscription call : this.open) {
			call.close();
			pending.add(call.flushed());
		}
		try {
			CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0]))
				.get(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			log.warn("[transcription] {} stream(s) still flushing after {} ms at shutdown", this.open.size(),
					SHUTDOWN_WAIT_MS);
		}
		catch (Exception ex) {
			log.warn("[transcription] shutdown: {}", ex.toString());
		}
	}

	private List<TranscriptListener> listeners() {
		List<TranscriptListener> resolved = this.listeners;
		if (resolved == null) {
			resolved = List.copyOf(this.listenerSource.get());
			this.listeners = resolved;
		}
		return resolved;
	}

	private List<TranscriptionHealthListener> health() {
		List<TranscriptionHealthListener> resolved = this.health;
		if (resolved == null) {
			resolved = List.copyOf(this.healthSource.get());
			this.health = resolved;
		}
		return resolved;
	}

}
