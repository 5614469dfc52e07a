package com.talkhint.live;

import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.talkhint.event.CallEvent;
import com.talkhint.event.CallEvent.CallStatus;
import com.talkhint.event.EventBus;
import com.talkhint.security.ApiToken;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code WS /ui/events}: each browser receives the events ({@code {type, callSid, at, data}}) of the calls it
 * subscribed to with {@code {"subscribe":"CA…"}}, plus every call's {@code call.status} (the recent-calls list)
 * and process-wide diagnostics. Transcripts, hints and every other per-call event reach only the call's
 * subscribers. Each session is wrapped in a {@link ConcurrentWebSocketSessionDecorator} so a slow browser
 * never blocks the publisher: past its buffer it is disconnected and reconnects.
 */
@Component
public class UiEventsHandler extends TextWebSocketHandler {

	private static final Logger log = LoggerFactory.getLogger(UiEventsHandler.class);

	/**
	 * Calls one socket may follow at once. The page follows one; the load driver one per simultaneous call.
	 * The bound keeps a session's cost (index entries, fan-out) small whatever a client asks for.
	 */
	static final int MAX_SUBSCRIPTIONS = 50;

	/** A request is {@code {"unsubscribe":"CA" + 32 hex}}: 53 characters. Anything much longer is not one. */
	static final int MAX_REQUEST_CHARS = 1024;

	private final JsonMapper json;

	private final ApiToken token;

	private final Clock clock;

	/** Open browser sessions by session id. */
	private final Map<String, Browser> sessions = new ConcurrentHashMap<>();

	/**
	 * callSid → the browsers following it. The sets are immutable and replaced under {@code compute}, so the
	 * sender thread iterates a stable snapshot while browsers subscribe and leave.
	 */
	private final ConcurrentHashMap<String, Set<Browser>> followers = new ConcurrentHashMap<>();

	private final AutoCloseable subscription;

	/** Told which calls this node's browsers follow (a Redis bus then listens to just those calls' channels). */
	private final EventBus events;

	/**
	 * Events wait here for the sender thread: publishers (the media socket thread among them) only enqueue,
	 * so no browser, however slow, can hold up a call. Bounded; when full, the event is not queued and the
	 * browsers it was for are put {@link #behind}: every event is stored, so nothing is lost, but a page that
	 * missed one must not go on showing a call with a hole in it.
	 */
	private final BlockingQueue<CallEvent> outbox = new ArrayBlockingQueue<>(OUTBOX_EVENTS);

	static final int OUTBOX_EVENTS = 10_000;

	private final AtomicLong dropped = new AtomicLong();

	/**
	 * Browsers that missed an event because the outbox was full. The sender closes each with 1013 (try again
	 * later) before its next delivery; the page reconnects and reloads the calls it shows from the API (the
	 * same path as after any lost connection), so what it shows is whole again.
	 */
	private final Set<Browser> behind = ConcurrentHashMap.newKeySet();

	private final Thread sender;

	public UiEventsHandler(JsonMapper json, ApiToken token, EventBus events, Clock clock) {
		this.json = json;
		this.token = token;
		this.clock = clock;
		this.events = events;
		// One long-lived loop that owns every browser send, not a pool of tasks: a plain thread says so.
		this.sender = new Thread(this::sendLoop, "ui-events-sender");
		this.sender.setDaemon(true);
		this.sender.start();
		this.subscription = events.subscribe(this::enqueue);
	}

	/** Call-list events go to every browser; they carry a status and a label, never speech or hints. */
	static boolean forEveryBrowser(CallEvent event) {
		return event.callSid() == null || event instanceof CallStatus;
	}

	/** On the publisher's thread: an event no browser follows is not even queued. */
	void enqueue(CallEvent event) {
		Collection<Browser> recipients = recipients(event);
		if (recipients.isEmpty() || this.outbox.offer(event)) {
			return;
		}
		this.behind.addAll(recipients);
		if (this.dropped.incrementAndGet() % 1000 == 1) {
			log.warn("[ui] browser event queue full: {} event(s) not queued so far; the browsers they were for "
					+ "are disconnected to reload the call", this.dropped.get());
		}
	}

	private void sendLoop() {
		while (!Thread.currentThread().isInterrupted()) {
			try {
				CallEvent event = this.outbox.take();
				closeBehind();
				deliver(event);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException ex) {
				log.warn("[ui] delivery failed: {}", ex.toString());
			}
		}
	}

	/** The browsers that want the event, looked up, not scanned. */
	private Collection<Browser> recipients(CallEvent event) {
		return forEveryBrowser(event) ? this.sessions.values() : this.followers.getOrDefault(event.callSid(), Set.of());
	}

	/** On the sender thread: closes the browsers that missed an event, so they reconnect and reload. */
	private void closeBehind() {
		if (this.behind.isEmpty()) {
			return;
		}
		for (Browser browser : this.behind) {
			this.behind.remove(browser);
			if (browser.closed) {
				continue;
			}
			log.info("[ui] browser session {} missed events (queue full): closed so it reconnects and reloads",
					browser.session.getId());
			drop(browser);
			try {
				browser.session.close(MISSED_EVENTS);
			}
			catch (IOException | IllegalStateException ex) {
				log.debug("[ui] closing browser session {}: {}", browser.session.getId(), ex.toString());
			}
		}
	}

	/** Why a browser that missed events is closed; the page reconnects on any close. */
	static final CloseStatus MISSED_EVENTS = CloseStatus.SERVICE_OVERLOAD
		.withReason("events were not delivered under load: reconnect and reload the call");

	/** Serialises the event once and sends it to the browsers that want it. */
	void deliver(CallEvent event) {
		Collection<Browser> recipients = recipients(event);
		if (recipients.isEmpty()) {
			return;
		}
		TextMessage message = new TextMessage(this.json.writeValueAsString(event));
		for (Browser browser : recipients) {
			send(browser, message);
		}
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		this.sessions.put(session.getId(), new Browser(new ConcurrentWebSocketSessionDecorator(session, 5_000,
				1024 * 1024, ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE)));
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		Browser browser = this.sessions.get(session.getId());
		if (browser != null) {
			drop(browser);
		}
	}

	/** Messages of one session arrive one at a time (the container serialises them), so no lock is needed. */
	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
		Browser browser = this.sessions.get(session.getId());
		if (browser == null) {
			return;
		}
		if (message.getPayloadLength() > MAX_REQUEST_CHARS) {
			log.info("[ui] browser session {} sent a {}-character message: closed", session.getId(),
					message.getPayloadLength());
			session.close(CloseStatus.TOO_BIG_TO_PROCESS
				.withReason("requests are {\"subscribe\":\"CA…\"} or {\"unsubscribe\":\"CA…\"}"));
			return;
		}
		UiRequest request;
		try {
			request = UiRequest.parse(this.json, message.getPayload());
		}
		catch (UiRequest.Invalid ex) {
			refuse(browser, null, ex.getMessage());
			return;
		}
		String callSid = request.callSid();
		switch (request.action()) {
			case SUBSCRIBE -> {
				if (!browser.callSids.contains(callSid) && browser.callSids.size() >= MAX_SUBSCRIPTIONS) {
					refuse(browser, callSid, "at most " + MAX_SUBSCRIPTIONS
							+ " calls per connection: unsubscribe from one first");
					return;
				}
				follow(browser, callSid);
				reply(browser, "subscribed", callSid);
			}
			case UNSUBSCRIBE -> {
				unfollow(browser, callSid);
				reply(browser, "unsubscribed", callSid);
			}
		}
	}

	public int sessionCount() {
		return this.sessions.size();
	}

	/** How many browser sessions follow {@code callSid} on this node. */
	public int followerCount(String callSid) {
		return this.followers.getOrDefault(callSid, Set.of()).size();
	}

	private void follow(Browser browser, String callSid) {
		if (browser.callSids.add(callSid)) {
			this.followers.compute(callSid, (sid, current) -> {
				if (current == null) {
					this.events.follow(sid); // the first follower on this node: bring the call's events here
				}
				return with(current, browser);
			});
			// Closed meanwhile (the sender dropped it): drop() may have run before the line above, so undo here.
			if (browser.closed) {
				unfollow(browser, callSid);
			}
			log.debug("[ui] browser session {} follows {}", browser.session.getId(), callSid);
		}
	}

	private void unfollow(Browser browser, String callSid) {
		if (browser.callSids.remove(callSid)) {
			this.followers.computeIfPresent(callSid, (sid, current) -> without(sid, current, browser));
		}
	}

	/** Idempotent: the container's close and a failed send may both drop the same browser. */
	private void drop(Browser browser) {
		browser.closed = true;
		this.sessions.remove(browser.session.getId(), browser);
		for (String callSid : browser.callSids) {
			this.followers.computeIfPresent(callSid, (sid, current) -> without(sid, current, browser));
		}
	}

	private static Set<Browser> with(Set<Browser> current, Browser browser) {
		Set<Browser> next = (current == null) ? new HashSet<>() : new HashSet<>(current);
		next.add(browser);
		return Set.copyOf(next);
	}

	/**
	 * {@code null} removes the call from the index once its last follower leaves, and tells the bus. Runs under
	 * the index's lock for the call, so follow and unfollow reach the bus in order and once per change.
	 */
	private Set<Browser> without(String callSid, Set<Browser> current, Browser browser) {
		Set<Browser> next = new HashSet<>(current);
		next.remove(browser);
		if (next.isEmpty()) {
			this.events.unfollow(callSid);
			return null;
		}
		return Set.copyOf(next);
	}

	/** Answers a request; it is not a bus event, but has the same envelope so clients parse one shape. */
	private void reply(Browser browser, String type, String callSid) {
		reply(browser, type, callSid, Map.of("subscriptions", browser.callSids.size()));
	}

	private void refuse(Browser browser, String callSid, String reason) {
		if (browser.complained.compareAndSet(false, true)) {
			log.info("[ui] browser session {} sent an invalid request ({}); later ones are answered, not logged",
					browser.session.getId(), reason);
		}
		reply(browser, "error", callSid, Map.of("message", reason));
	}

	private void reply(Browser browser, String type, String callSid, Map<String, Object> data) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", type);
		body.put("callSid", callSid);
		body.put("at", this.clock.instant());
		body.put("data", data);
		send(browser, new TextMessage(this.json.writeValueAsString(body)));
	}

	private void send(Browser browser, TextMessage message) {
		try {
			browser.session.sendMessage(message);
		}
		catch (IOException | IllegalStateException ex) {
			log.debug("[ui] dropping browser session {}: {}", browser.session.getId(), ex.toString());
			drop(browser);
		}
	}

	public HandshakeInterceptor handshakeInterceptor() {
		return new HandshakeInterceptor() {
			@Override
			public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
					WebSocketHandler wsHandler, Map<String, Object> attributes) {
				if (!UiEventsHandler.this.token.required()) {
					return true;
				}
				String presented = ApiToken.bearer(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
				if (presented == null) {
					presented = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("access_token");
				}
				if (UiEventsHandler.this.token.accepts(presented)) {
					return true;
				}
				response.setStatusCode(HttpStatus.UNAUTHORIZED);
				return false;
			}

			@Override
			public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response,
					WebSocketHandler wsHandler, Exception exception) {
			}
		};
	}

	@PreDestroy
	void close() throws Exception {
		this.subscription.close();
		this.sender.interrupt();
	}

	/** One open browser socket and the calls it follows. */
	private static final class Browser {

		final WebSocketSession session;

		/** Touched by the session's own message thread, read by {@link #drop} on close. */
		final Set<String> callSids = ConcurrentHashMap.newKeySet();

		/** Set after the first invalid request was logged: one log line per session, however many follow. */
		final AtomicBoolean complained = new AtomicBoolean();

		volatile boolean closed;

		Browser(WebSocketSession session) {
			this.session = session;
		}

	}

}
