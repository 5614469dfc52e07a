package com.talkhint.live;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.talkhint.event.EventBus;
import com.talkhint.event.TalkHintEvent;
import com.talkhint.system.ApiToken;
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
 * {@code WS /ui/events}: every {@link TalkHintEvent} as JSON {@code {type, callSid, at, data}} to every
 * browser. Each session is wrapped in a {@link ConcurrentWebSocketSessionDecorator} so a slow browser
 * never blocks the publisher: past its buffer it is disconnected and reconnects.
 */
@Component
public class UiEventsHandler extends TextWebSocketHandler {

	private static final Logger log = LoggerFactory.getLogger(UiEventsHandler.class);

	private final JsonMapper json;

	private final ApiToken token;

	private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

	private final AutoCloseable subscription;

	/**
	 * Events wait here for the sender thread: publishers (the media socket thread among them) only enqueue,
	 * so no browser, however slow, can hold up a call. Bounded; when full, events are dropped and counted
	 * (everything is also stored: a browser reloads the call from the API after reconnecting).
	 */
	private final java.util.concurrent.BlockingQueue<TalkHintEvent> outbox = new java.util.concurrent.ArrayBlockingQueue<>(10_000);

	private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();

	private final Thread sender;

	public UiEventsHandler(JsonMapper json, ApiToken token, EventBus events) {
		this.json = json;
		this.token = token;
		this.sender = new Thread(this::sendLoop, "ui-events-sender");
		this.sender.setDaemon(true);
		this.sender.start();
		this.subscription = events.subscribe(this::enqueue);
	}

	void enqueue(TalkHintEvent event) {
		if (this.sessions.isEmpty()) {
			return;
		}
		if (!this.outbox.offer(event) && this.dropped.incrementAndGet() % 1000 == 1) {
			log.warn("[ui] browser event queue full: {} event(s) dropped so far", this.dropped.get());
		}
	}

	private void sendLoop() {
		while (!Thread.currentThread().isInterrupted()) {
			try {
				broadcast(this.outbox.take());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException ex) {
				log.warn("[ui] broadcast failed: {}", ex.toString());
			}
		}
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		this.sessions.add(new ConcurrentWebSocketSessionDecorator(session, 5_000, 1024 * 1024,
				ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE));
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		this.sessions.removeIf((s) -> s.getId().equals(session.getId()));
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		// The feed is one-way; browsers have nothing to say. Ignore (pings arrive as control frames).
	}

	public int sessionCount() {
		return this.sessions.size();
	}

	void broadcast(TalkHintEvent event) {
		if (this.sessions.isEmpty()) {
			return;
		}
		TextMessage message = new TextMessage(this.json.writeValueAsString(event));
		for (WebSocketSession session : this.sessions) {
			try {
				session.sendMessage(message);
			}
			catch (IOException | IllegalStateException ex) {
				log.debug("[ui] dropping browser session {}: {}", session.getId(), ex.toString());
				this.sessions.remove(session);
			}
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

}
