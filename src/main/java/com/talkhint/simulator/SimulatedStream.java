package com.talkhint.simulator;

import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.talkhint.audio.Track;

/**
 * One {@code <Start><Stream>} of a simulated call: opens the app's WebSocket with a signed handshake and sends
 * Twilio's messages ({@code connected}, {@code start}, {@code media} per track every 20 ms against absolute
 * deadlines, {@code stop}), reporting {@code stream-started}/{@code stream-stopped}/{@code stream-error} to the
 * stream's {@code statusCallback}. Twilio's refusals (bad track 31941, query string 31920, scheme 31922) happen
 * here, after the TwiML was accepted, as they do on Twilio.
 */
final class SimulatedStream {

	private static final Logger logger = LoggerFactory.getLogger(SimulatedStream.class);

	/** Twilio gives up on a WebSocket connect after 10 s (error 31901). */
	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	/** After our close frame, how long the app gets to answer before the socket is dropped. */
	private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

	/** 20 ms of media per message per track. */
	private static final long FRAME_MS = 20;

	/**
	 * The three things a stream asks of the call it belongs to, so that it need not name the call that names it:
	 * its callbacks join the call's queue (Twilio delivers a call's webhooks in order), its errors are the call's
	 * notifications, and its webhooks are sent, and their refusals reported, as the call's are.
	 */
	interface Call {

		/** Queues a webhook behind those already queued for the call. */
		void enqueueCallback(Supplier<CompletableFuture<?>> send);

		/** Records a Twilio debugger notification for the call about a request to {@code url}. */
		void notification(int code, String message, String url);

		/** Sends one callback webhook now; a refusal becomes a notification of the call. */
		CompletableFuture<?> webhook(String method, String url, Map<String, String> params, String what);

	}

	private enum State {

		NEW, CONNECTING, STREAMING, STOPPED, FAILED

	}

	private final SimulatorParts parts;

	private final String callSid;

	/** Where the call's webhooks go, so the handshake goes there too. */
	private final Route route;

	private final Call call;

	private final TwimlVerb.StreamSpec spec;

	private final String url;

	private final String statusCallback;

	private final CallAudio audio;

	private final String sid = Sids.stream();

	private final String name;

	/** Completes with the milliseconds of conversation not streamed (0 when all was sent). */
	private final CompletableFuture<Long> audioFinished = new CompletableFuture<>();

	private State state = State.NEW;

	private List<Track> tracks = List.of();

	private WebSocket socket;

	private CompletableFuture<WebSocket> sendChain;

	private long sequenceNumber;

	private int framesSent;

	private long startNanos;

	private Instant started;

	private long lateTicks;

	private long maxLateNanos;

	private ScheduledFuture<?> nextTick;

	SimulatedStream(SimulatorParts parts, String callSid, Route route, Call call, TwimlVerb.StreamSpec spec,
			String url, String statusCallback, CallAudio audio) {
		this.parts = parts;
		this.callSid = callSid;
		this.route = route;
		this.call = call;
		this.spec = spec;
		this.url = url;
		this.statusCallback = statusCallback;
		this.audio = audio;
		this.name = (spec.name() != null && !spec.name().isBlank()) ? spec.name() : this.sid;
	}

	String sid() {
		return this.sid;
	}

	String name() {
		return this.name;
	}

	/** Pacing so far; media messages count every track. */
	synchronized StreamPacing pacing() {
		return new StreamPacing(this.callSid, this.sid, this.started, (long) this.framesSent * this.tracks.size(),
				this.lateTicks, this.maxLateNanos / 1_000_000L);
	}

	CompletableFuture<Long> audioFinished() {
		return this.audioFinished;
	}

	/** Validates the {@code <Stream>} as Twilio does, then connects; never blocks. */
	synchronized void open() {
		this.state = State.CONNECTING;
		String track = (this.spec.track() != null) ? this.spec.track() : "inbound_track";
		switch (track) {
			case "inbound_track" -> this.tracks = List.of(Track.INBOUND);
			case "outbound_track" -> this.tracks = List.of(Track.OUTBOUND);
			case "both_tracks" -> this.tracks = List.of(Track.INBOUND, Track.OUTBOUND);
			default -> {
				fail(31941, "Invalid Track configuration: track=\"" + track
						+ "\" is not one of inbound_track, outbound_track, both_tracks");
				return;
			}
		}
		URI target;
		try {
			target = new URI(this.url);
		}
		catch (URISyntaxException | NullPointerException ex) {
			fail(31923, "WebSocket - Malformed URL: \"" + this.url + "\"");
			return;
		}
		String scheme = (target.getScheme() != null) ? target.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("wss") && !scheme.equals("ws")) {
			fail(31922, "WebSocket - URL Schema Not Supported: \"" + this.url + "\" (Twilio streams only to wss://)");
			return;
		}
		if (target.getHost() == null) {
			fail(31923, "WebSocket - Malformed URL: \"" + this.url + "\"");
			return;
		}
		if (target.getRawQuery() != null) {
			fail(31920, "WebSocket - Handshake Error: the <Stream> url \"" + this.url
					+ "\" has a query string, which Twilio does not support; pass values as <Parameter>");
			return;
		}
		String signature = this.parts.signature().sign(this.url, Map.of());
		WebSocket.Builder builder = this.parts.http()
			.newWebSocketBuilder()
			.header("X-Twilio-Signature", signature)
			.connectTimeout(CONNECT_TIMEOUT);
		this.route.forwardedHeaders(this.url).forEach(builder::header);
		builder.buildAsync(this.route.connect(this.url), new Listener())
			.whenComplete((webSocket, error) -> {
				if (error != null) {
					connectFailed(error);
				}
				else {
					connected(webSocket);
				}
			});
	}

	/** Ends the stream (call ended or {@code <Stop><Stream>}): {@code stop}, close, {@code stream-stopped}. */
	synchronized CompletableFuture<Void> stop() {
		if (this.state == State.STOPPED || this.state == State.FAILED) {
			return CompletableFuture.completedFuture(null);
		}
		boolean wasStreaming = this.state == State.STREAMING;
		this.state = State.STOPPED;
		this.audioFinished.complete(remainingMs());
		if (!wasStreaming) {
			// Still connecting: connected() sees STOPPED and closes the socket without streaming.
			return CompletableFuture.completedFuture(null);
		}
		cancelTick();
		Map<String, Object> stop = new LinkedHashMap<>();
		stop.put("accountSid", this.parts.accountSid());
		stop.put("callSid", this.callSid);
		send(message("stop", "stop", stop));
		WebSocket webSocket = this.socket;
		CompletableFuture<Void> closed = this.sendChain
			.thenCompose((ws) -> ws.sendClose(WebSocket.NORMAL_CLOSURE, ""))
			.handle((ws, error) -> {
				this.parts.scheduler().schedule(webSocket::abort, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
				return null;
			});
		logger.info("[simulator] Stream stopped callSid={} streamSid={} frames={}", this.callSid, this.sid,
				this.framesSent);
		this.call.enqueueCallback(() -> streamCallback("stream-stopped", null));
		return closed;
	}

	private synchronized void connected(WebSocket webSocket) {
		this.socket = webSocket;
		this.sendChain = CompletableFuture.completedFuture(webSocket);
		if (this.state != State.CONNECTING) {
			webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "");
			return;
		}
		this.state = State.STREAMING;
		logger.info("[simulator] Stream connected callSid={} streamSid={} url={} tracks={} audio={}", this.callSid,
				this.sid, this.url, this.tracks.stream().map(Track::wireName).toList(), this.audio.label());
		this.call.enqueueCallback(() -> streamCallback("stream-started", null));
		Map<String, Object> connected = new LinkedHashMap<>();
		connected.put("event", "connected");
		connected.put("protocol", "Call");
		connected.put("version", "1.0.0");
		send(connected);
		Map<String, Object> start = new LinkedHashMap<>();
		start.put("accountSid", this.parts.accountSid());
		start.put("streamSid", this.sid);
		start.put("callSid", this.callSid);
		start.put("tracks", this.tracks.stream().map(Track::wireName).toList());
		start.put("customParameters", this.spec.parameters());
		// Twilio sends these two as JSON numbers, unlike every counter in media messages.
		start.put("mediaFormat", Map.of("encoding", "audio/x-mulaw", "sampleRate", 8000, "channels", 1));
		send(message("start", "start", start));
		this.startNanos = System.nanoTime();
		this.started = this.parts.clock().instant();
		tick(0);
	}

	/** Sends frame {@code index} of every track, then schedules the next at its absolute deadline. */
	private synchronized void tick(int index) {
		if (this.state != State.STREAMING) {
			return;
		}
		if (this.sendChain.isCompletedExceptionally()) {
			fail(31903, "WebSocket - Connection Broken Pipe: sending a media message failed");
			return;
		}
		long late = System.nanoTime() - (this.startNanos + this.parts.scaledNanos(index * FRAME_MS * 1_000_000L));
		this.maxLateNanos = Math.max(this.maxLateNanos, late);
		if (late > FRAME_MS * 1_000_000L) {
			this.lateTicks++;
		}
		String timestamp = Long.toString(index * FRAME_MS);
		String chunk = Integer.toString(index + 1);
		for (Track track : this.tracks) {
			// Outbound call: the agent answered Twilio's call (inbound), the customer is bridged in (outbound).
			byte[] frame = (track == Track.INBOUND) ? this.audio.agentFrame(index) : this.audio.customerFrame(index);
			Map<String, Object> media = new LinkedHashMap<>();
			media.put("track", track.wireName());
			media.put("chunk", chunk);
			media.put("timestamp", timestamp);
			media.put("payload", Base64.getEncoder().encodeToString(frame));
			send(message("media", "media", media));
		}
		this.framesSent = index + 1;
		if (this.framesSent >= this.audio.frameCount()) {
			// The conversation is over; the line keeps carrying silence until the call ends.
			this.audioFinished.complete(0L);
		}
		long deadline = this.startNanos + this.parts.scaledNanos((index + 1) * FRAME_MS * 1_000_000L);
		long delay = Math.max(0, deadline - System.nanoTime());
		this.nextTick = this.parts.scheduler().schedule(() -> tick(index + 1), delay, TimeUnit.NANOSECONDS);
	}

	private void connectFailed(Throwable error) {
		Throwable cause = (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
		if (cause instanceof WebSocketHandshakeException handshake) {
			fail(31920, "WebSocket - Handshake Error: " + this.url + " answered HTTP "
					+ handshake.getResponse().statusCode() + " instead of 101 Switching Protocols");
		}
		else if (cause instanceof HttpConnectTimeoutException || cause instanceof HttpTimeoutException) {
			fail(31901, "WebSocket - Connection Timeout: no answer from " + this.url + " within "
					+ CONNECT_TIMEOUT.toSeconds() + " s");
		}
		else if (cause instanceof ConnectException) {
			fail(31902, "WebSocket - Connection Refused: " + this.url);
		}
		else if (cause instanceof UnresolvedAddressException || cause.getCause() instanceof UnresolvedAddressException) {
			fail(31904, "WebSocket - Host Unreachable: " + this.url);
		}
		else {
			fail(31900, "Stream - Unknown Error: " + cause);
		}
	}

	private synchronized void fail(int code, String message) {
		if (this.state == State.STOPPED || this.state == State.FAILED) {
			return;
		}
		this.state = State.FAILED;
		cancelTick();
		this.audioFinished.complete(remainingMs());
		if (this.socket != null) {
			this.socket.abort();
		}
		logger.warn("[simulator] Stream error callSid={} streamSid={} error={} {}", this.callSid, this.sid, code,
				message);
		this.call.notification(code, message, this.url);
		String error = code + " " + message;
		this.call.enqueueCallback(() -> streamCallback("stream-error", error));
	}

	private CompletableFuture<?> streamCallback(String event, String error) {
		if (this.statusCallback == null) {
			return CompletableFuture.completedFuture(null);
		}
		Map<String, String> params = new LinkedHashMap<>();
		params.put("AccountSid", this.parts.accountSid());
		params.put("CallSid", this.callSid);
		params.put("StreamSid", this.sid);
		params.put("StreamName", this.name);
		params.put("StreamEvent", event);
		if (error != null) {
			params.put("StreamError", error);
		}
		params.put("Timestamp", this.parts.clock().instant().toString());
		return this.call.webhook(this.spec.statusCallbackMethod(), this.statusCallback, params, "stream " + event);
	}

	private Map<String, Object> message(String event, String bodyName, Map<String, Object> body) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("event", event);
		message.put("sequenceNumber", Long.toString(++this.sequenceNumber));
		message.put(bodyName, body);
		message.put("streamSid", this.sid);
		return message;
	}

	private void send(Map<String, Object> message) {
		String json = this.parts.json().writeValueAsString(message);
		// java.net.http.WebSocket allows one outstanding send: chain them, in order.
		this.sendChain = this.sendChain.thenCompose((ws) -> ws.sendText(json, true));
	}

	private long remainingMs() {
		return Math.max(0, this.audio.durationMs() - this.framesSent * FRAME_MS);
	}

	private void cancelTick() {
		if (this.nextTick != null) {
			this.nextTick.cancel(false);
		}
	}

	private final class Listener implements WebSocket.Listener {

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			String text = data.toString();
			fail(31924, "WebSocket - Protocol Error: the server sent a message on a unidirectional <Start><Stream>: "
					+ (text.length() > 80 ? text.substring(0, 80) + "…" : text));
			return null;
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			fail(31924, "WebSocket - Protocol Error: the server sent a binary frame on a unidirectional <Start><Stream>");
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			synchronized (SimulatedStream.this) {
				if (SimulatedStream.this.state == State.STREAMING) {
					fail(31921, "WebSocket - Close Error: the server closed the stream with code " + statusCode
							+ (reason.isEmpty() ? "" : " (" + reason + ")"));
				}
			}
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			fail(31903, "WebSocket - Connection Broken Pipe: " + error);
		}

	}

}
