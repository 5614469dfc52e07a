package com.talkhint.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A browser stand-in on {@code /ui/events}: subscribes to calls as the page does ({@code {"subscribe":"CA…"}},
 * confirmed by a {@code subscribed} reply), collects every message and waits (bounded) for the ones a test expects.
 */
public final class UiEventsClient implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<JsonNode> events = new CopyOnWriteArrayList<>();

	private final WebSocket socket;

	private final Object lock = new Object();

	/** The close code and reason the server sent, once it closed the socket. */
	public final CompletableFuture<String> closed = new CompletableFuture<>();

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

			@Override
			public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
				UiEventsClient.this.closed.complete(statusCode + " " + reason);
				return null;
			}

			@Override
			public void onError(WebSocket webSocket, Throwable error) {
				UiEventsClient.this.closed.complete("error " + error);
			}
		}).get(10, TimeUnit.SECONDS);
	}

	/** Follows {@code callSid}'s events from now on; returns once the server confirmed it. */
	public UiEventsClient subscribe(String callSid) throws InterruptedException {
		int before = count(reply("subscribed", callSid));
		send("{\"subscribe\":\"" + callSid + "\"}");
		awaitCount(Duration.ofSeconds(5), "subscribed " + callSid, reply("subscribed", callSid), before + 1);
		return this;
	}

	/** Stops following {@code callSid}; returns once the server confirmed it. */
	public void unsubscribe(String callSid) throws InterruptedException {
		int before = count(reply("unsubscribed", callSid));
		send("{\"unsubscribe\":\"" + callSid + "\"}");
		awaitCount(Duration.ofSeconds(5), "unsubscribed " + callSid, reply("unsubscribed", callSid), before + 1);
	}

	/** Sends raw text, as a misbehaving client would. */
	public void send(String text) {
		this.socket.sendText(text, true).join();
	}

	private static Predicate<JsonNode> reply(String type, String callSid) {
		return (e) -> type.equals(e.path("type").asString()) && callSid.equals(e.path("callSid").asString(null));
	}

	private int count(Predicate<JsonNode> match) {
		return (int) this.events.stream().filter(match).count();
	}

	/** Waits until {@code n} messages match: replies are counted, so a repeated request waits for its own. */
	public void awaitCount(Duration timeout, String description, Predicate<JsonNode> match, int n)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.lock) {
			while (count(match) < n) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new AssertionError("Not " + n + " × '" + description + "' within " + timeout + "; saw "
							+ this.events.stream().map((e) -> e.path("type").asString() + ":" + e.path("data")).toList());
				}
				this.lock.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
			}
		}
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
