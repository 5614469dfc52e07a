package com.talkhint.transcription;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import com.talkhint.audio.AudioSink;
import com.talkhint.audio.StreamContext;
import com.talkhint.audio.Track;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AudioSink} of one media stream: routes each frame to its track's transcriber and, when the
 * stream ends, tells the listeners once both tracks have flushed their last final.
 */
final class CallTranscription implements AudioSink {

	/** Where the stream is: frames are taken only while {@code OPEN}. */
	enum State {

		/** Frames are queued for recognition. */
		OPEN,
		/** {@link #close()} was called: queued audio is still being recognised and finals flushed. */
		FLUSHING,
		/** Every final delivered, every recogniser released, listeners told. */
		ENDED

	}

	private static final Logger log = LoggerFactory.getLogger(CallTranscription.class);

	private final StreamContext context;

	private final Map<Track, TrackTranscriber> tracks = new EnumMap<>(Track.class);

	private final List<TranscriptListener> listeners;

	private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);

	private final CompletableFuture<Void> finished = new CompletableFuture<>();

	/** The call's events to its listeners, in order, off the recognition workers. */
	private final CallDelivery delivery;

	CallTranscription(StreamContext context, BiFunction<Track, CallDelivery, TrackTranscriber> initTrack,
			List<TranscriptListener> listeners, CallDelivery delivery) {
		this.context = context;
		this.listeners = listeners;
		this.delivery = delivery;
		for (Track track : Track.values()) {
			// Cheap until the track's first frame: the native recogniser opens on the first voiced audio.
			this.tracks.put(track, initTrack.apply(track, delivery));
		}
		for (TranscriptListener listener : listeners) {
			try {
				listener.onStreamStart(context);
			}
			catch (RuntimeException ex) {
				log.warn("[transcription] listener {} failed on stream start of call {}: {}",
						listener.getClass().getSimpleName(), context.callSid(), ex.toString());
			}
		}
	}

	@Override
	public void onFrame(Track track, long timestampMs, short[] pcm8k) {
		if (track == null || pcm8k == null || pcm8k.length == 0 || this.state.get() != State.OPEN) {
			return;
		}
		this.tracks.get(track).offer(timestampMs, pcm8k);
	}

	@Override
	public void close() {
		if (!this.state.compareAndSet(State.OPEN, State.FLUSHING)) {
			return;
		}
		List<CompletableFuture<Void>> flushes = new ArrayList<>();
		for (TrackTranscriber transcriber : this.tracks.values()) {
			transcriber.close();
			flushes.add(transcriber.finished());
		}
		// Runs once the last track has finished (or here, if no track ever had audio): never blocks the caller. The
		// stream end is delivered after every final of the call, in the call's order.
		CompletableFuture.allOf(flushes.toArray(new CompletableFuture<?>[0])).whenComplete((done, failure) -> {
			boolean queued = this.delivery.put(() -> {
				try {
					for (TranscriptListener listener : this.listeners) {
						try {
							listener.onStreamEnd(this.context.callSid());
						}
						catch (RuntimeException ex) {
							log.warn("[transcription] listener {} failed on stream end of call {}: {}",
									listener.getClass().getSimpleName(), this.context.callSid(), ex.toString());
						}
					}
				}
				finally {
					this.state.set(State.ENDED);
					this.finished.complete(null);
				}
			}, "the stream end");
			if (!queued) {
				this.state.set(State.ENDED);
				this.finished.complete(null);
			}
		});
	}

	/** Completes after {@link #close()} once every final is delivered and every recogniser released. */
	@Override
	public CompletableFuture<Void> flushed() {
		return this.finished;
	}

	@Override
	public int tracksFlushing() {
		return (int) this.tracks.values().stream().filter((track) -> !track.finished().isDone()).count();
	}

	State state() {
		return this.state.get();
	}

	StreamContext context() {
		return this.context;
	}

	List<TrackStats> stats() {
		return this.tracks.values().stream().map(TrackTranscriber::stats).toList();
	}

	/** Events waiting for the listeners. */
	int pendingEvents() {
		return this.delivery.pending();
	}

	long droppedFrames() {
		return this.tracks.values().stream().mapToLong(TrackTranscriber::droppedFrames).sum();
	}

}
