package com.talkhint.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load driver's browser: one {@code /ui/events} socket subscribed to every call the driver places, every
 * event stamped with its arrival wall time and filed by call. Partials are only counted (a long soak would otherwise hold millions of them); finals, hints,
 * statuses, stream events and diagnostics are kept.
 */
final class EventRecorder implements AutoCloseable {

	/** Call statuses after which nothing more happens on a call ({@code interrupted}: TalkHint shut down). */
	static final Set<String> TERMINAL = Set.of("completed", "busy", "failed", "no-answer", "canceled", "interrupted");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** One event as it arrived. */
	record Arrival(long atMillis, String type, JsonNode data) {
	}

	/** Everything seen about one call. */
	static final class CallEvents {

		private final List<Arrival> events = new ArrayList<>();

		private final CompletableFuture<String> terminal = new CompletableFuture<>();

		private final CompletableFuture<Void> streamClosed = new CompletableFuture<>();

		private final CompletableFuture<Void> summary = new CompletableFuture<>();

		private long partials;

		synchronized void add(Arrival arrival) {
			if (arrival.type().equals("transcript.partial")) {
				this.partials++;
				return;
			}
			this.events.add(arrival);
			if (arrival.type().equals("call.status") && TERMINAL.contains(arrival.data().path("status").asString(""))) {
				this.terminal.complete(arrival.data().path("status").asString());
			}
			if (arrival.type().equals("twilio.event") && arrival.data().path("event").asString("").equals("closed")) {
				this.streamClosed.complete(null);
			}
			if (arrival.type().equals("call.summary")) {
				this.summary.complete(null);
			}
		}

		synchronized List<Arrival> ofType(String type) {
			return this.events.stream().filter((e) -> e.type().equals(type)).toList();
		}

		synchronized long partials() {
			return this.partials;
		}

		/** Completes with TalkHint's terminal call status. */
		CompletableFuture<String> terminal() {
			return this.terminal;
		}

		/**
		 * Completes with the call's summary, which TalkHint publishes once the stream's transcription is flushed:
		 * every final of the call has been published before it.
		 */
		CompletableFuture<Void> summary() {
			return this.summary;
		}

		/** Completes when TalkHint reports the media socket closed (its frame counts are then final). */
		CompletableFuture<Void> streamClosed() {
			return this.streamClosed;
		}

	}

	private final Map<String, CallEvents> calls = new ConcurrentHashMap<>();

	private final AtomicLong received = new AtomicLong();

	private final AtomicLong unreadable = new AtomicLong();

	private final WebSocket socket;

	private volatile String closedReason;

	EventRecorder(String wsUrl, String bearer) throws Exception {
		WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
		if (bearer != null && !bearer.isBlank()) {
			builder.header("Authorization", "Bearer " + bearer);
		}
		this.socket = builder.buildAsync(URI.create(wsUrl), new Listener()).get(15, TimeUnit.SECONDS);
	}

	/** The events of {@code callSid} (an empty record until the first one arrives). */
	CallEvents call(String callSid) {
		return this.calls.computeIfAbsent(callSid, (sid) -> new CallEvents());
	}

	/**
	 * Subscribes to the call: the server sends a call's transcripts and hints only to sockets that follow it
	 * (every call's {@code call.status} goes to all). The simulator answers seconds after the create, so
	 * nothing the analysis needs happens before this.
	 */
	void follow(String callSid) {
		send("{\"subscribe\":\"" + callSid + "\"}");
	}

	/** Forgets a call once it has been analysed, so a soak does not keep every call forever. */
	void forget(String callSid) {
		this.calls.remove(callSid);
		send("{\"unsubscribe\":\"" + callSid + "\"}");
	}

	/** One send at a time: the JDK WebSocket refuses a send while the previous one is pending. */
	private synchronized void send(String text) {
		this.socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
	}

	long received() {
		return this.received.get();
	}

	long unreadable() {
		return this.unreadable.get();
	}

	/** Why the socket closed, {@code null} while it is open. */
	String closedReason() {
		return this.closedReason;
	}

	@Override
	public void close() {
		this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "load driver done").orTimeout(5, TimeUnit.SECONDS);
	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder partial = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				long at = System.currentTimeMillis();
				String text = this.partial.toString();
				this.partial.setLength(0);
				try {
					JsonNode event = JSON.readTree(text);
					String callSid = event.path("callSid").asString("");
					EventRecorder.this.received.incrementAndGet();
					if (!callSid.isEmpty()) {
						call(callSid).add(new Arrival(at, event.path("type").asString(""), event.path("data")));
					}
				}
				catch (RuntimeException ex) {
					EventRecorder.this.unreadable.incrementAndGet();
				}
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			EventRecorder.this.closedReason = statusCode + " " + reason;
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			EventRecorder.this.closedReason = "error: " + error;
		}

	}

}
