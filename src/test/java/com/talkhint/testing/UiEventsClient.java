package com.talkhint.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A browser stand-in on {@code /ui/events}: collects every event and waits (bounded) for the ones a test expects. */
public final class UiEventsClient implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<JsonNode> events = new CopyOnWriteArrayList<>();

	private final WebSocket socket;

	private final Object lock = new Object();

	public UiEventsClient(String wsUrl) throws Exception {
		this(wsUrl, null);
	}

	public UiEventsClient(String wsUrl, String bearer) throws Exception {
		WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
		if (bearer != null) {
			builder.header("Authorization", "Bearer " + bearer);
		}
		this.socket = builder.buildAsync(URI.create(wsUrl), new WebSocket.Listener() {
			private final StringBuilder partial = new StringBuilder();

			@Override
			public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
				this.partial.append(data);
				if (last) {
					JsonNode event = JSON.readTree(this.partial.toString());
					this.partial.setLength(0);
					synchronized (UiEventsClient.this.lock) {
						UiEventsClient.this.events.add(event);
						UiEventsClient.this.lock.notifyAll();
					}
				}
				webSocket.request(1);
				return null;
			}
		}).get(10, TimeUnit.SECONDS);
	}

	public List<JsonNode> events() {
		return this.events;
	}

	/** Waits up to {@code timeout} for an event matching {@code match}; fails with what was seen. */
	public JsonNode await(Duration timeout, String description, Predicate<JsonNode> match) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.lock) {
			while (true) {
				for (JsonNode e : this.events) {
					if (match.test(e)) {
						return e;
					}
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new AssertionError("No event '" + description + "' within " + timeout + "; saw "
							+ this.events.stream().map((e) -> e.path("type").asString() + ":" + e.path("data")).toList());
				}
				this.lock.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
			}
		}
	}

	public static Predicate<JsonNode> type(String type, String callSid) {
		return (e) -> type.equals(e.path("type").asString()) && callSid.equals(e.path("callSid").asString());
	}

	@Override
	public void close() {
		this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
	}

}
