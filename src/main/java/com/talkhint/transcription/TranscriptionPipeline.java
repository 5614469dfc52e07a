package com.talkhint.transcription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
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
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Live transcription of every media stream, per speaker. What happens to a track's audio is wired in one
 * place, {@link #initTrack}:
 *
 * <pre>
 * socket thread:       Twilio JSON → base64 → µ-law → PCM16 8 kHz → {@link AudioSink#onFrame} → track queue (offer)
 * recognition worker:  → {@link Resampler} 8 → 16 kHz → {@link SilenceGate} → {@link RecognitionSession} (Vosk)
 *                      → {@link TranscriptDispatcher} → the call's {@link CallDelivery}
 * delivery thread:     → redaction → every {@link TranscriptListener} in order (partials, finals, progress)
 * </pre>
 *
 * Tracks take turns on a few shared recognition workers (one per processor: as many decodes at once as there
 * are cores, no more), so a track's frames stay in order and a node full of calls shares its cores fairly. What
 * the listeners do (store, publish, match hints) runs on the delivery threads, never on a recognition worker.
 * A native recogniser per track comes from the recogniser's warm pool on the first voiced audio and goes back
 * when the stream closes; {@link #stats()} tells the core how far behind each track is, and the
 * {@link LoadGovernor} degrades the node under overload.
 */
public class TranscriptionPipeline implements AudioPipeline, MeterBinder, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(TranscriptionPipeline.class);

	/** How long shutdown waits for open streams to flush their finals before the model is freed. */
	private static final long SHUTDOWN_WAIT_MS = 10_000;

	private final SpeechRecognizer recognizer;

	private final List<TranscriptListener> listeners;

	private final List<TranscriptionHealthListener> health;

	private final TranscriptionProperties settings;

	/** The cheaper decoder for overload; {@code null} when there is none (tests, benchmarks). */
	private final SpeechRecognizer economy;

	/** Recognisers freed since the C heap was last trimmed (it is trimmed only when no stream is open). */
	private final AtomicInteger untrimmed = new AtomicInteger();

	private final Set<CallTranscription> open = ConcurrentHashMap.newKeySet();

	private final AtomicLong droppedByClosedStreams = new AtomicLong();

	private final AtomicLong cpuMsOfClosedStreams = new AtomicLong();

	private final AtomicLong audioMsOfClosedStreams = new AtomicLong();

	private final LongAdder eventsDropped = new LongAdder();

	private final ThreadPoolTaskExecutor workers;

	private final ThreadPoolTaskExecutor delivery;

	private final LoadGovernor governor;

	/** Made before the registry is known; {@link #bindTo} adds it to the composite they live on. */
	private final CompositeMeterRegistry meters = new CompositeMeterRegistry();

	private final FinalTimers finalTimers = FinalTimers.on(this.meters);

	private volatile UnaryOperator<String> redaction = UnaryOperator.identity();

	private volatile UnaryOperator<String> partialRedaction = UnaryOperator.identity();

	/** For plain use (tests, benchmarks): no economy decoder. */
	public TranscriptionPipeline(SpeechRecognizer recognizer, List<TranscriptListener> listeners,
			List<TranscriptionHealthListener> health, TranscriptionProperties settings) {
		this(recognizer, null, listeners, health, settings);
	}

	/**
	 * @param listeners called in this order on a call's delivery thread
	 * @param health told when a track lags, catches up, degrades or its recogniser fails
	 */
	public TranscriptionPipeline(SpeechRecognizer recognizer, SpeechRecognizer economy,
			List<TranscriptListener> listeners, List<TranscriptionHealthListener> health,
			TranscriptionProperties settings) {
		this.recognizer = recognizer;
		this.economy = economy;
		this.listeners = List.copyOf(listeners);
		this.health = List.copyOf(health);
		this.settings = settings;
		// Turns of tracks whose speaker just paused go first (TrackTranscriber.Turn): their final waits on them.
		this.workers = executor("stt-", settings.workerThreads(), TrackTranscriber.Turn.ORDER);
		// Listeners mostly wait on the database and Redis: two threads keep them flowing for every call.
		this.delivery = executor("transcript-", 2, null);
		this.governor = new LoadGovernor(this::liveStats, () -> cpuMsTotal() * 1_000_000, this::audioMsTotal,
				LoadGovernor::processCpuNanos, settings.workerThreads(), settings.maxLag().toMillis(), System::currentTimeMillis);
	}

	/** Threads this pipeline holds now (recognition workers and listener delivery); idle ones go after 5 s. */
	int threads() {
		return this.workers.getPoolSize() + this.delivery.getPoolSize();
	}

	/** {@code order}: the order queued tasks are taken in; {@code null}: the order they came. */
	private static ThreadPoolTaskExecutor executor(String prefix, int threads, Comparator<Runnable> order) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor() {

			@Override
			protected BlockingQueue<Runnable> createQueue(int queueCapacity) {
				return (order != null) ? new PriorityBlockingQueue<>(64, order) : super.createQueue(queueCapacity);
			}

		};
		executor.setThreadNamePrefix(prefix);
		executor.setCorePoolSize(threads);
		executor.setMaxPoolSize(threads);
		executor.setDaemon(true);
		// Idle threads go after a few seconds: an idle node holds none, a busy one keeps them.
		executor.setKeepAliveSeconds(5);
		executor.setAllowCoreThreadTimeOut(true);
		executor.setWaitForTasksToCompleteOnShutdown(false);
		executor.initialize();
		return executor;
	}

	private volatile CompletableFuture<Long> warmedUp = CompletableFuture.completedFuture(0L);

	/**
	 * Starts the warm-up ({@link TranscriptionWarmUp}) off the calling thread; {@link #warmedUp()} completes with
	 * its wall time in ms (-1 if it failed).
	 */
	public CompletableFuture<Long> warmUp() {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("transcription-warm-up-");
		executor.setDaemon(true);
		this.warmedUp = CompletableFuture.supplyAsync(() -> warmUpRecognizer(this.recognizer, this.settings), executor);
		return this.warmedUp;
	}

	/**
	 * Runs the warm-up ({@link TranscriptionWarmUp}) for {@code recognizer} on a pipeline of its own, with no
	 * listeners (nothing is stored or published) and limits no warm-up reaches; returns its wall time in ms (-1 if
	 * it failed). The warm-up is handed the pipeline rather than making one, so it needs nothing of this class.
	 */
	static long warmUpRecognizer(SpeechRecognizer recognizer, TranscriptionProperties settings) {
		TranscriptionPipeline pipeline = new TranscriptionPipeline(recognizer, List.of(), List.of(),
				settings.withMaxLag(java.time.Duration.ofMinutes(10)).withMaxBacklog(java.time.Duration.ofMinutes(10)));
		try {
			return TranscriptionWarmUp.run(pipeline, recognizer);
		}
		finally {
			pipeline.destroy();
		}
	}

	/** Completes when the startup warm-up is over (at once when there was none). */
	public CompletableFuture<Long> warmedUp() {
		return this.warmedUp;
	}

	/** The node's overload control: degradation level, measured load and capacity, call admission. */
	public LoadGovernor governor() {
		return this.governor;
	}

	/** Every recognised text passes through these before any listener sees it (finals, partials). */
	public void redactWith(UnaryOperator<String> redaction, UnaryOperator<String> partialRedaction) {
		this.redaction = redaction;
		this.partialRedaction = partialRedaction;
	}

	@Override
	public AudioSink open(StreamContext context) {
		CallDelivery calls = new CallDelivery(context.callSid(), this.delivery, this.eventsDropped);
		CallTranscription call = new CallTranscription(context, (track, delivery) -> initTrack(context, track, delivery),
				this.listeners, calls);
		this.open.add(call);
		call.flushed().whenComplete((done, failure) -> {
			this.droppedByClosedStreams.addAndGet(call.droppedFrames());
			for (TrackStats track : call.stats()) {
				this.cpuMsOfClosedStreams.addAndGet(track.cpuMs());
				this.audioMsOfClosedStreams.addAndGet(track.audioMs());
			}
			this.open.remove(call);
		});
		return call;
	}

	/** The audio path of one track, in order. */
	TrackTranscriber initTrack(StreamContext context, Track track, CallDelivery delivery) {
		Speaker speaker = context.speakerOf(track);
		return new TrackTranscriber(context.callSid(), speaker, this.settings,
				// Twilio sends 8 kHz; the model was trained on 16 kHz (fed 8 kHz it hears nothing).
				new Resampler(TrackTranscriber.INPUT_RATE, this.recognizer.sampleRate()),
				// Spares the recogniser the silences; closing after a short pause ends the utterance quickly.
				new SilenceGate<>(this.settings.gate()),
				// One Vosk Recognizer per track from the warm pool, on the first voiced audio; the economy one
				// for utterances that start while the node is overloaded.
				this.recognizer, this.economy,
				// Partials only when they change; finals with the speaker; to the listeners in the order given,
				// on the call's delivery thread.
				new TranscriptDispatcher(context.callSid(), speaker, this.listeners, this.redaction,
						this.partialRedaction, delivery, this.finalTimers), this.health, this.workers, this.governor,
				this.finalTimers);
	}

	private long cpuMsTotal() {
		long cpu = this.cpuMsOfClosedStreams.get();
		for (CallTranscription call : this.open) {
			for (TrackStats track : call.stats()) {
				cpu += track.cpuMs();
			}
		}
		return cpu;
	}

	private long audioMsTotal() {
		long audio = this.audioMsOfClosedStreams.get();
		for (CallTranscription call : this.open) {
			for (TrackStats track : call.stats()) {
				audio += track.audioMs();
			}
		}
		return audio;
	}

	/**
	 * The streams still receiving audio: what the overload control decides on. A stream that ended is only
	 * draining what it has (its backlog cannot grow), and must not turn away the next call.
	 */
	TranscriptionStats liveStats() {
		List<TrackStats> tracks = new ArrayList<>();
		int streams = 0;
		for (CallTranscription call : this.open) {
			if (call.state() == CallTranscription.State.OPEN) {
				streams++;
				tracks.addAll(call.stats());
			}
		}
		return new TranscriptionStats(streams, this.recognizer.liveSessions(), List.copyOf(tracks), 0);
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
		this.meters.add(registry);
		Gauge.builder("talkhint.transcription.streams", this.open, Set::size)
			.description("Media streams being transcribed")
			.register(registry);
		Gauge.builder("talkhint.transcription.recognizers", this.recognizer, SpeechRecognizer::liveSessions)
			.description("Native speech recognisers allocated")
			.register(registry);
		Gauge.builder("talkhint.transcription.recognizers.idle", this.recognizer, SpeechRecognizer::idle)
			.description("Warm native speech recognisers waiting for a track")
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
			.description("Media frames dropped because recognition fell more than max-backlog behind")
			.register(registry);
		FunctionCounter.builder("talkhint.transcription.cpu", this, (pipeline) -> pipeline.cpuMsTotal() / 1000.0)
			.description("CPU seconds the recognition workers used")
			.baseUnit("seconds")
			.register(registry);
		FunctionCounter.builder("talkhint.transcription.audio", this, (pipeline) -> pipeline.audioMsTotal() / 1000.0)
			.description("Seconds of track audio transcribed (a two-track call counts twice)")
			.baseUnit("seconds")
			.register(registry);
		FunctionCounter.builder("talkhint.transcription.events.dropped", this.eventsDropped, LongAdder::sum)
			.description("Partials and progress ticks not delivered because a call's listeners fell behind")
			.register(registry);
		Gauge.builder("talkhint.transcription.events.pending", this,
				(pipeline) -> pipeline.open.stream().mapToInt(CallTranscription::pendingEvents).sum())
			.description("Transcript events waiting for the listeners (store, publish, hints)")
			.register(registry);
		Gauge.builder("talkhint.transcription.degradation", this.governor, (governor) -> governor.level().ordinal())
			.description("Overload step in force: 0 normal, 1 fewer partials, 2 economy decoder, 3 refusing calls")
			.register(registry);
		for (Degradation step : Degradation.values()) {
			if (step != Degradation.NORMAL) {
				FunctionCounter.builder("talkhint.transcription.degradation.entered", this.governor,
						(governor) -> governor.entered(step))
					.description("Times the node entered this overload step")
					.tag("step", step.wireName())
					.register(registry);
			}
		}
		Gauge.builder("talkhint.transcription.capacity", this.governor, (governor) -> governor.snapshot().capacity())
			.description("Calls this node can transcribe in real time, by the CPU a call-second measured (-1 before any)")
			.register(registry);
		Gauge.builder("talkhint.transcription.cpu.per.call.second", this.governor,
				(governor) -> governor.snapshot().cpuPerCallSecond())
			.description("TalkHint CPU seconds per second of a two-track call while in real time, recent average")
			.register(registry);
	}

	/**
	 * Frees the recognisers (both decoders) that waited at least {@code idleFor} for a track or reached the end of
	 * their life, and once no stream is open hands the memory they held back to the system: without the trim glibc
	 * keeps it, and a node stays at its busiest hour's resident memory. Never while a stream is open: the trim
	 * holds each malloc arena's lock while it walks it (0.3-0.7 s measured with 2 GiB resident), and the
	 * recognition workers allocate as they decode. Until then the freed memory is reused by the next recognisers.
	 * @return recognisers freed
	 */
	public int releaseIdleRecognizers(Duration idleFor) {
		int freed = this.recognizer.releaseIdle(idleFor) + ((this.economy != null) ? this.economy.releaseIdle(idleFor) : 0);
		int untrimmed = this.untrimmed.addAndGet(freed);
		if (untrimmed > 0 && this.open.isEmpty()) {
			this.untrimmed.addAndGet(-untrimmed);
			long before = NativeHeap.residentMiB();
			long started = System.nanoTime();
			boolean trimmed = NativeHeap.trim();
			log.info("[transcription] freed {} idle or retired recogniser(s); resident memory {} -> {} MiB ({} in {} ms)",
					untrimmed, before, NativeHeap.residentMiB(), trimmed ? "heap trimmed" : "nothing to trim",
					(System.nanoTime() - started) / 1_000_000);
		}
		return freed;
	}

	/** Recognisers freed and not yet trimmed away (waiting for a moment with no stream open). */
	int untrimmed() {
		return this.untrimmed.get();
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
		this.workers.shutdown();
		this.delivery.shutdown();
	}

}
