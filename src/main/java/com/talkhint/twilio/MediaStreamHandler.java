package com.talkhint.twilio;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.talkhint.audio.AudioPipeline;
import com.talkhint.audio.AudioSink;
import com.talkhint.audio.CallDirection;
import com.talkhint.audio.MuLaw;
import com.talkhint.audio.StreamContext;
import com.talkhint.audio.Track;
import com.talkhint.call.CallService;
import com.talkhint.call.Diagnostics;
import com.talkhint.call.LiveCall;
import com.talkhint.event.CallEvent.StreamEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * {@code WS /twilio/stream}: Twilio Media Streams. Parses every message into a {@link MediaStreamMessage},
 * keeps per-stream state, decodes each track's µ-law to PCM16 and hands it to the {@link AudioPipeline}.
 * Never sends anything back (a unidirectional stream; writing is Twilio error 31924). Malformed input is
 * counted and logged, never fatal; abuse (oversized frames, floods, binary) closes the socket with a policy code.
 */
public class MediaStreamHandler extends TextWebSocketHandler implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(MediaStreamHandler.class);

	/** Twilio's messages are ~400 bytes (160 µ-law bytes → 216 base64 chars + JSON); 64 KiB is abuse. */
	public static final int MAX_MESSAGE_CHARS = 64 * 1024;

	/**
	 * Twilio sends 50 messages/s per track (100/s with both tracks); allow 10× that, so bursts after a
	 * network stall and the simulator's accelerated playback pass, but not a flood.
	 */
	static final int MAX_MESSAGES_PER_SECOND = 1000;

	static final int BURST_MESSAGES = 5000;

	/** Mean |sample| above which a frame counts as audio for the silent-track diagnostic (≈ −60 dBFS). */
	static final int AUDIBLE_MEAN_ABS = 32;

	static final String STATE = "talkhint.stream";

	/** Default of {@code talkhint.shutdown.flush-timeout}. */
	public static final Duration DEFAULT_FLUSH_TIMEOUT = Duration.ofSeconds(10);

	/** What the flush leaves of Spring's {@code timeout-per-shutdown-phase} for the rest of our phase. */
	private static final Duration PHASE_MARGIN = Duration.ofSeconds(2);

	/** Reads Twilio's messages: the application's mapper, set for the wire once ({@link MediaStreamMessage#reader}). */
	private final ObjectReader messages;

	private final CallService calls;

	private final List<AudioPipeline> pipelines;

	private final Clock clock;

	private final Duration flushTimeout;

	private final AtomicInteger openStreams = new AtomicInteger();

	/** Sockets currently open, for graceful shutdown. */
	private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

	/** Streams that ended ('stop', dropped socket, shutdown) whose transcript is still being flushed. */
	private final Set<Flush> flushing = ConcurrentHashMap.newKeySet();

	private final Counter[] frameCounters = new Counter[Track.values().length];

	private final Counter malformedCounter;

	private volatile boolean running;

	public MediaStreamHandler(JsonMapper json, CallService calls, List<AudioPipeline> pipelines, Clock clock,
			MeterRegistry meters) {
		this(json, calls, pipelines, clock, meters, DEFAULT_FLUSH_TIMEOUT);
	}

	/**
	 * @param flushTimeout how long {@link #stop()} waits for the transcripts of the streams it ends (see
	 * {@link #flushTimeout(Duration, Duration)} for keeping it inside Spring's shutdown phase timeout)
	 */
	public MediaStreamHandler(JsonMapper json, CallService calls, List<AudioPipeline> pipelines, Clock clock,
			MeterRegistry meters, Duration flushTimeout) {
		this.messages = MediaStreamMessage.reader(json);
		this.calls = calls;
		this.pipelines = pipelines;
		this.clock = clock;
		this.flushTimeout = flushTimeout;
		for (Track track : Track.values()) {
			this.frameCounters[track.ordinal()] = Counter.builder("talkhint.media.frames")
				.description("Media Streams frames received (20 ms each)")
				.tag("track", track.wireName())
				.register(meters);
		}
		this.malformedCounter = Counter.builder("talkhint.media.malformed")
			.description("Malformed Media Streams messages")
			.register(meters);
		Gauge.builder("talkhint.streams.active", this.openStreams, AtomicInteger::get)
			.description("Open Twilio media stream sockets")
			.register(meters);
	}

	/** Per-socket state; {@code enum State} STARTING → STREAMING → ENDED. */
	static final class Stream {

		enum State {

			STARTING, STREAMING, ENDED

		}

		volatile State state = State.STARTING;

		String callSid;

		String streamSid;

		LiveCall live;

		volatile List<AudioSink> sinks = List.of();

		final long[] frames = new long[Track.values().length];

		long malformed;

		String firstMalformed;

		String connectedProtocol;

		// token bucket for the flood limit
		double tokens = BURST_MESSAGES;

		long lastRefillNanos = System.nanoTime();

	}

	/** One ended stream's flush: done once every sink has delivered what it flushed. */
	record Flush(String callSid, List<AudioSink> sinks, CompletableFuture<Void> done) {

		int tracksFlushing() {
			int pending = 0;
			for (AudioSink sink : this.sinks) {
				pending += sink.tracksFlushing();
			}
			return pending;
		}

	}

	/** A {@code start} this deployment must not accept (see {@link CallService#streamRefusal}). */
	static final class StreamRefused extends RuntimeException {

		StreamRefused(String reason) {
			super(reason);
		}

	}

	public int openStreams() {
		return this.openStreams.get();
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		session.getAttributes().put(STATE, new Stream());
		this.sessions.add(session);
		this.openStreams.incrementAndGet();
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
		Stream stream = (Stream) session.getAttributes().get(STATE);
		if (stream.state == Stream.State.ENDED && !this.running) {
			return;
		}
		if (!allow(stream)) {
			log.warn("[twilio] Media stream flood (> {} msg/s) callSid={}: closing", MAX_MESSAGES_PER_SECOND, stream.callSid);
			session.close(CloseStatus.POLICY_VIOLATION.withReason("message rate limit exceeded"));
			return;
		}
		String payload = message.getPayload();
		if (payload.length() > MAX_MESSAGE_CHARS) {
			log.warn("[twilio] Media stream message of {} chars (> {}) callSid={}: closing", payload.length(),
					MAX_MESSAGE_CHARS, stream.callSid);
			session.close(CloseStatus.POLICY_VIOLATION.withReason("message too large"));
			return;
		}
		MediaStreamMessage parsed;
		try {
			parsed = MediaStreamMessage.parse(this.messages, payload);
		}
		catch (MediaStreamMessage.MalformedMessageException ex) {
			malformed(stream, ex.getMessage());
			return;
		}
		try {
			dispatch(stream, parsed);
		}
		catch (StreamRefused ex) {
			session.close(CloseStatus.POLICY_VIOLATION.withReason(ex.getMessage()));
		}
		catch (MediaStreamMessage.MalformedMessageException | IllegalArgumentException ex) {
			malformed(stream, ex.getMessage());
		}
	}

	private void dispatch(Stream stream, MediaStreamMessage message) {
		// Java 17: no pattern switch; the sealed type keeps this list complete.
		if (message instanceof MediaStreamMessage.Media m) {
			media(stream, m);
		}
		else if (message instanceof MediaStreamMessage.Start s) {
			start(stream, s);
		}
		else if (message instanceof MediaStreamMessage.Stop s) {
			stop(stream, s);
		}
		else if (message instanceof MediaStreamMessage.Connected c) {
			stream.connectedProtocol = (c.protocol() != null) ? c.protocol() : "";
			log.info("[twilio] Twilio event: connected protocol={} version={}", c.protocol(), c.version());
		}
		else if (message instanceof MediaStreamMessage.Other o) {
			log.info("[twilio] Twilio event: {} callSid={} (ignored on a unidirectional stream)", o.event(),
					stream.callSid);
		}
	}

	private void start(Stream stream, MediaStreamMessage.Start start) {
		if (stream.state != Stream.State.STARTING) {
			throw new MediaStreamMessage.MalformedMessageException("second 'start' on one stream");
		}
		if (!start.callSid().matches("CA[0-9a-fA-F]{32}")) {
			throw new MediaStreamMessage.MalformedMessageException("start.callSid is not a Call sid");
		}
		String refusal = this.calls.streamRefusal(start.callSid());
		if (refusal != null) {
			log.warn("[twilio] Media stream refused callSid={}: {}", start.callSid(), refusal);
			this.calls.diagnostic(null, Diagnostics.streamRefused(this.clock.instant(), start.callSid(), refusal),
					Diagnostics.STREAM_REFUSED);
			throw new StreamRefused(refusal);
		}
		stream.callSid = start.callSid();
		stream.streamSid = start.streamSid();
		stream.state = Stream.State.STREAMING;
		CallDirection direction = CallDirection.fromWire(start.customParameters().get("direction"));
		Set<Track> tracks = EnumSet.noneOf(Track.class);
		for (String t : start.tracks()) {
			Track track = Track.fromWire(t);
			if (track != null) {
				tracks.add(track);
			}
		}
		log.info("[twilio] Twilio event: start callSid={} streamSid={} tracks={} direction={}", stream.callSid,
				stream.streamSid, start.tracks(), direction.wireName());
		if (stream.connectedProtocol != null) {
			// 'connected' carries no callSid: it is published now that 'start' says which call it was.
			this.calls.twilioEvent(stream.callSid, StreamEvent.connected(stream.connectedProtocol));
		}
		this.calls.streamStarted(stream.callSid, stream.streamSid, tracks, direction,
				StreamEvent.start(stream.streamSid, List.copyOf(start.tracks()), direction.wireName()));
		stream.live = this.calls.live(stream.callSid).orElse(null);
		StreamContext context = new StreamContext(stream.callSid, stream.streamSid, direction,
				Map.copyOf(start.customParameters()));
		List<AudioSink> sinks = new java.util.ArrayList<>();
		for (AudioPipeline pipeline : this.pipelines) {
			sinks.add(pipeline.open(context));
		}
		stream.sinks = List.copyOf(sinks);
	}

	private void media(Stream stream, MediaStreamMessage.Media media) {
		if (stream.state != Stream.State.STREAMING) {
			throw new MediaStreamMessage.MalformedMessageException("'media' before 'start' or after 'stop'");
		}
		byte[] ulaw;
		try {
			ulaw = Base64.getDecoder().decode(media.payload());
		}
		catch (IllegalArgumentException ex) {
			throw new MediaStreamMessage.MalformedMessageException("media.payload is not base64");
		}
		short[] pcm = MuLaw.decode(ulaw);
		int index = media.track().ordinal();
		this.frameCounters[index].increment();
		if (stream.frames[index]++ == 0) {
			log.info("[twilio] Twilio event: media (first {} frame) callSid={} bytes={}", media.track().wireName(),
					stream.callSid, ulaw.length);
			String speaker = (stream.live != null)
					? com.talkhint.audio.Speaker.of(media.track(), stream.live.direction()).wireName() : null;
			this.calls.twilioEvent(stream.callSid,
					StreamEvent.firstMedia(media.track().wireName(), speaker, media.timestampMs()));
		}
		if (stream.live != null && audible(pcm)) {
			stream.live.voiced(media.track(), this.clock.millis());
		}
		for (AudioSink sink : stream.sinks) {
			sink.onFrame(media.track(), media.timestampMs(), pcm);
		}
	}

	private void stop(Stream stream, MediaStreamMessage.Stop stop) {
		if (stream.state != Stream.State.STREAMING) {
			throw new MediaStreamMessage.MalformedMessageException("'stop' without a running stream");
		}
		log.info("[twilio] Twilio event: stop callSid={} streamSid={} frames inbound={} outbound={}", stream.callSid,
				stream.streamSid, stream.frames[0], stream.frames[1]);
		if (end(stream) == null) {
			return;
		}
		this.calls.twilioEvent(stream.callSid, StreamEvent.stop(stream.streamSid, stream.frames[0], stream.frames[1]));
	}

	@Override
	protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
		Stream stream = (Stream) session.getAttributes().get(STATE);
		log.warn("[twilio] Binary frame on the media stream callSid={}: Twilio only sends text; closing", stream.callSid);
		try {
			session.close(CloseStatus.NOT_ACCEPTABLE.withReason("binary frames are not Media Streams messages"));
		}
		catch (java.io.IOException ex) {
			log.debug("close failed", ex);
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		Stream stream = (Stream) session.getAttributes().get(STATE);
		log.warn("[twilio] Media stream transport error callSid={}: {}", (stream != null) ? stream.callSid : null,
				exception.toString());
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		this.sessions.remove(session);
		this.openStreams.decrementAndGet();
		Stream stream = (Stream) session.getAttributes().get(STATE);
		if (stream == null) {
			return;
		}
		if (stream.malformed > 0) {
			log.warn("[twilio] Media stream closed with {} malformed message(s) callSid={}", stream.malformed, stream.callSid);
		}
		if (stream.state == Stream.State.STREAMING && !this.running) {
			// Shutting down: stop() already flushed and marked the call interrupted.
			return;
		}
		if (stream.state == Stream.State.STREAMING) {
			log.warn("[twilio] Media stream closed without 'stop' callSid={} code={}", stream.callSid, status.getCode());
			if (end(stream) != null) {
				this.calls.diagnostic(stream.callSid, Diagnostics.streamDropped(this.clock.instant(), status.getCode()),
					Diagnostics.STREAM_DROPPED);
			}
		}
		if (stream.callSid != null) {
			this.calls.twilioEvent(stream.callSid, StreamEvent.closed(status.getCode()));
		}
	}

	/**
	 * Ends the stream once (socket thread or shutdown thread): closes every sink, which starts flushing it
	 * without waiting. Returns that flush (tracked until done, so shutdown can wait for it), or null if the
	 * stream had already ended.
	 */
	private Flush end(Stream stream) {
		List<AudioSink> sinks;
		synchronized (stream) {
			if (stream.state == Stream.State.ENDED) {
				return null;
			}
			stream.state = Stream.State.ENDED;
			sinks = stream.sinks;
			stream.sinks = List.of();
		}
		if (stream.malformed > 0) {
			// One diagnostic per stream with the count, not one per bad message.
			this.calls.diagnostic(stream.callSid,
					Diagnostics.malformedMedia(this.clock.instant(), stream.malformed, stream.firstMalformed),
					Diagnostics.MALFORMED_MEDIA);
		}
		List<CompletableFuture<Void>> flushes = new ArrayList<>();
		for (AudioSink sink : sinks) {
			try {
				sink.close();
				flushes.add(sink.flushed());
			}
			catch (RuntimeException ex) {
				log.warn("[twilio] audio sink failed to close callSid={}: {}", stream.callSid, ex.toString());
			}
		}
		Flush flush = new Flush(stream.callSid, sinks,
				CompletableFuture.allOf(flushes.toArray(new CompletableFuture<?>[0])));
		this.flushing.add(flush);
		flush.done().whenComplete((done, failure) -> this.flushing.remove(flush));
		return flush;
	}

	private void malformed(Stream stream, String reason) {
		stream.malformed++;
		this.malformedCounter.increment();
		if (stream.malformed == 1) {
			stream.firstMalformed = reason;
			log.warn("[twilio] Malformed media stream message callSid={}: {}", stream.callSid, reason);
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stopped early, while everything a flushed final needs is still up: Spring stops lifecycle beans from
	 * the highest phase down and this one blocks until its flush is done (bounded), so it runs before the web
	 * server's graceful shutdown ({@code DEFAULT_PHASE - 1024}) and Lettuce's connection factory (phase 0)
	 * stop, and long before the DataSource is closed (bean destruction, after every phase).
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 10;
	}

	/**
	 * Ends every live stream (its audio is flushed into transcription), closes its socket with 1001, then
	 * waits up to {@code talkhint.shutdown.flush-timeout} for every stream still flushing, including ones
	 * that ended on their own just before, so their last finals are stored and published. Calls cut off by
	 * the shutdown are then marked {@code interrupted}. One log line per call.
	 */
	@Override
	public void stop() {
		this.running = false;
		long began = System.nanoTime();
		List<Flush> cutOff = new ArrayList<>();
		for (WebSocketSession session : this.sessions) {
			Stream stream = (Stream) session.getAttributes().get(STATE);
			if (stream != null && stream.state == Stream.State.STREAMING) {
				Flush flush = end(stream);
				if (flush != null) {
					cutOff.add(flush);
				}
			}
			try {
				session.close(CloseStatus.GOING_AWAY.withReason("TalkHint is shutting down"));
			}
			catch (java.io.IOException | RuntimeException ex) {
				log.debug("close on shutdown failed", ex);
			}
		}
		Set<Flush> pending = new LinkedHashSet<>(cutOff);
		pending.addAll(this.flushing);
		if (pending.isEmpty()) {
			return;
		}
		log.info("[twilio] Shutting down: waiting up to {} ms for {} stream(s) to flush their transcripts ({} cut off "
				+ "mid-call)", this.flushTimeout.toMillis(), pending.size(), cutOff.size());
		long deadline = began + this.flushTimeout.toNanos();
		for (Flush flush : pending) {
			boolean flushed = await(flush.done(), deadline);
			long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
			String call = cutOff.contains(flush) ? markInterrupted(flush.callSid()) : "its stream had already ended";
			if (flushed) {
				log.info("[twilio] Shutdown callSid={}: transcript flushed in {} ms, {}", flush.callSid(),
						tookMs, call);
			}
			else {
				log.warn("[twilio] Shutdown callSid={}: transcript flush timed out after {} ms with {} "
						+ "track(s) still pending (their last words are lost), {}", flush.callSid(), tookMs,
						flush.tracksFlushing(), call);
			}
		}
	}

	private String markInterrupted(String callSid) {
		try {
			this.calls.interrupted(callSid);
			return "call marked interrupted";
		}
		catch (RuntimeException ex) {
			return "call NOT marked interrupted: " + ex;
		}
	}

	/** Waits for {@code done} until {@code deadlineNanos}; false on timeout. A failed flush is still over. */
	private static boolean await(CompletableFuture<Void> done, long deadlineNanos) {
		try {
			done.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			log.warn("[twilio] transcript flush failed at shutdown: {}", ex.getCause().toString());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The flush timeout actually used: {@code wanted}, but kept {@link #PHASE_MARGIN} inside Spring's
	 * {@code spring.lifecycle.timeout-per-shutdown-phase}, so the flush never outlives our shutdown phase.
	 */
	public static Duration flushTimeout(Duration wanted, Duration phaseTimeout) {
		Duration limit = phaseTimeout.minus(PHASE_MARGIN);
		if (limit.isNegative() || limit.isZero()) {
			limit = phaseTimeout.dividedBy(2);
		}
		if (wanted.compareTo(limit) <= 0) {
			return wanted;
		}
		log.warn("[twilio] talkhint.shutdown.flush-timeout={} ms is not below spring.lifecycle.timeout-per-shutdown-phase"
				+ "={} ms: using {} ms", wanted.toMillis(), phaseTimeout.toMillis(), limit.toMillis());
		return limit;
	}

	private static boolean allow(Stream stream) {
		long now = System.nanoTime();
		double refill = (now - stream.lastRefillNanos) / 1e9 * MAX_MESSAGES_PER_SECOND;
		stream.tokens = Math.min(BURST_MESSAGES, stream.tokens + refill);
		stream.lastRefillNanos = now;
		if (stream.tokens < 1) {
			return false;
		}
		stream.tokens -= 1;
		return true;
	}

	static boolean audible(short[] pcm) {
		if (pcm.length == 0) {
			return false;
		}
		long sum = 0;
		for (short s : pcm) {
			sum += Math.abs(s);
		}
		return sum / pcm.length > AUDIBLE_MEAN_ABS;
	}

}
