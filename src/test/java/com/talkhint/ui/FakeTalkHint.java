package com.talkhint.ui;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

import com.talkhint.event.TalkHintEvent;

/**
 * A stand-in TalkHint server speaking the SPEC's browser contract ({@code /api/config}, {@code /start-call},
 * {@code /api/calls}, {@code WS /ui/events}) with a scripted call, so the page can be tested in a real browser
 * for paths the real simulator does not produce on demand (Twilio refusing a call, a token, a dropped socket).
 *
 * <p>Deliberately carries no stereotype annotation and serves HTTP through {@link #routes()}: the application's
 * component scan (which sees test classes) must never pick it up. {@link CallPageTests.FakeServer} wires it.
 */
class FakeTalkHint extends TextWebSocketHandler implements WebSocketConfigurer {

	static final String AGENT = "+15550001111";

	static final String TWILIO_NUMBER = "+15550002222";

	/** Twilio's magic test number for "invalid To": the fake refuses it the way the real Twilio would. */
	static final String REFUSED_NUMBER = "+15005550001";

	static final String REFUSAL = "Twilio refused the call: The 'To' number +15005550001 is not a valid phone number. (21211)";

	private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");

	private final JsonMapper json;

	private final List<WebSocketSession> sessions = new CopyOnWriteArrayList<>();

	private final Map<String, Map<String, Object>> calls = new ConcurrentHashMap<>();

	private final ScheduledExecutorService script = Executors.newSingleThreadScheduledExecutor();

	private final AtomicInteger startCallRequests = new AtomicInteger();

	private final AtomicInteger sequence = new AtomicInteger();

	private volatile String token = "";

	private volatile Map<String, Object> lastStartCall = Map.of();

	FakeTalkHint(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(this, "/ui/events").addInterceptors(new HandshakeInterceptor() {
			@Override
			public boolean beforeHandshake(ServerHttpRequest request,
					org.springframework.http.server.ServerHttpResponse response,
					org.springframework.web.socket.WebSocketHandler handler, Map<String, Object> attributes) {
				String given = UriComponentsBuilder.fromUri(request.getURI())
					.build()
					.getQueryParams()
					.getFirst("access_token");
				if (!FakeTalkHint.this.token.isEmpty() && !FakeTalkHint.this.token.equals(given)) {
					response.setStatusCode(HttpStatus.UNAUTHORIZED);
					return false;
				}
				return true;
			}

			@Override
			public void afterHandshake(ServerHttpRequest request,
					org.springframework.http.server.ServerHttpResponse response,
					org.springframework.web.socket.WebSocketHandler handler, Exception exception) {
			}
		});
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		this.sessions.add(new ConcurrentWebSocketSessionDecorator(session, 5_000, 1 << 20));
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		this.sessions.removeIf((s) -> s.getId().equals(session.getId()));
	}

	/** Requires {@code Authorization: Bearer token} on the API and {@code ?access_token=} on the socket. */
	void requireToken(String token) {
		this.token = token;
	}

	int startCallRequests() {
		return this.startCallRequests.get();
	}

	Map<String, Object> lastStartCall() {
		return this.lastStartCall;
	}

	int liveSessions() {
		return this.sessions.size();
	}

	/** Drops every browser socket, as a restarting server would. */
	void dropSockets() throws IOException {
		for (WebSocketSession session : this.sessions) {
			session.close(CloseStatus.SERVICE_RESTARTED);
		}
	}

	/** Sends one event to every browser, and records it in the call's stored history. */
	void publish(String type, String callSid, Map<String, Object> data) {
		TalkHintEvent event = new TalkHintEvent(type, callSid, Instant.now(), data);
		if (callSid != null) {
			store(event);
		}
		String text = this.json.writeValueAsString(event);
		for (WebSocketSession session : this.sessions) {
			try {
				session.sendMessage(new TextMessage(text));
			}
			catch (IOException | IllegalStateException ex) {
				this.sessions.remove(session);
			}
		}
	}

	@SuppressWarnings("unchecked")
	private void store(TalkHintEvent event) {
		Map<String, Object> call = this.calls.get(event.callSid());
		if (call == null) {
			return;
		}
		Map<String, Object> data = event.data();
		((List<Object>) call.get("events"))
			.add(Map.of("at", event.at().toString(), "type", event.type(), "detail", this.json.writeValueAsString(data)));
		switch (event.type()) {
			case TalkHintEvent.CALL_STATUS -> {
				call.put("status", data.get("status"));
				if ("completed".equals(data.get("status"))) {
					call.put("endedAt", event.at().toString());
				}
			}
			case TalkHintEvent.TRANSCRIPT_FINAL -> ((List<Object>) call.get("transcript")).add(data);
			case TalkHintEvent.HINT -> ((List<Object>) call.get("hints")).add(data);
			case TalkHintEvent.DIAGNOSTIC -> ((List<Object>) call.get("diagnostics")).add(data);
			case "call.summary" -> call.put("summary", data);
			default -> {
			}
		}
	}

	/** The scripted call: every step of the SPEC's flow, with pauses long enough to see each waiting state. */
	private void playScript(String sid) {
		long t = 0;
		t = at(t, 0, TalkHintEvent.CALL_STATUS, sid, Map.of("status", "queued", "label", "Calling agent"));
		t = at(t, 300, TalkHintEvent.CALL_STATUS, sid, Map.of("status", "ringing", "label", "Ringing"));
		t = at(t, 300, TalkHintEvent.CALL_STATUS, sid, Map.of("status", "in-progress", "label", "Connected"));
		// Long enough for the page to say what it waits for (Twilio fetching the TwiML) and count seconds.
		t = at(t, 2500, TalkHintEvent.TWILIO_EVENT, sid, Map.of("event", "twiml-fetched"));
		t = at(t, 200, TalkHintEvent.TWILIO_EVENT, sid, Map.of("event", "connected"));
		t = at(t, 100, TalkHintEvent.TWILIO_EVENT, sid, Map.of("event", "start"));
		t = at(t, 50, TalkHintEvent.CALL_STATUS, sid, Map.of("status", "streaming", "label", "Streaming"));
		t = at(t, 50, TalkHintEvent.TWILIO_EVENT, sid, Map.of("event", "media", "track", "inbound", "speaker", "agent"));
		t = at(t, 10, TalkHintEvent.TWILIO_EVENT, sid,
				Map.of("event", "media", "track", "outbound", "speaker", "customer"));
		t = at(t, 50, "coaching.checklist", sid, Map.of("items", checklist(false, false)));
		t = at(t, 2200, TalkHintEvent.TRANSCRIPT_PARTIAL, sid,
				Map.of("speaker", "agent", "text", "hi this is", "startMs", 0));
		t = at(t, 200, TalkHintEvent.TRANSCRIPT_PARTIAL, sid,
				Map.of("speaker", "agent", "text", "hi this is sam from acme", "startMs", 0));
		t = at(t, 300, TalkHintEvent.TRANSCRIPT_FINAL, sid, Map.of("speaker", "agent", "text",
				"hi this is sam from acme and this call is recorded", "startMs", 0, "endMs", 2100));
		t = at(t, 100, "coaching.checklist", sid, Map.of("items", checklist(true, true)));
		t = at(t, 200, TalkHintEvent.TRANSCRIPT_PARTIAL, sid,
				Map.of("speaker", "customer", "text", "well that's", "startMs", 2500));
		t = at(t, 300, TalkHintEvent.TRANSCRIPT_FINAL, sid, Map.of("speaker", "customer", "text",
				"well that's way over our budget honestly", "startMs", 2500, "endMs", 4800));
		t = at(t, 100, TalkHintEvent.HINT, sid,
				Map.of("id", "price-objection", "kind", "objection", "title", "Price objection", "text",
						"Ask which part of the budget is fixed before offering a discount.", "atMs", 4800,
						"trigger", "way over our budget"));
		t = at(t, 100, "coaching.metrics", sid,
				Map.of("talkRatio", 0.55, "agentMs", 2100, "customerMs", 1700, "monologueMs", 0));
		t = at(t, 100, TalkHintEvent.DIAGNOSTIC, sid, Map.of("code", "track-silent", "message",
				"The customer track has been silent for 20 s.", "cause",
				"The stream was started with track=inbound_track, or the audio is one-way.", "fix",
				"Use <Stream track=\"both_tracks\">."));
		// Markup in speech must show as text, never become elements.
		t = at(t, 200, TalkHintEvent.TRANSCRIPT_FINAL, sid, Map.of("speaker", "agent", "text",
				"<img src=x onerror=alert(1)> understood", "startMs", 5000, "endMs", 6200));
		t = at(t, 2000, TalkHintEvent.TWILIO_EVENT, sid, Map.of("event", "stop"));
		t = at(t, 100, TalkHintEvent.CALL_STATUS, sid, Map.of("status", "completed", "label", "Completed"));
		at(t, 100, "call.summary", sid,
				Map.of("hintsFired", List.of("price-objection"), "checklist", checklist(true, true), "talkRatio", 0.55,
						"questions", 1, "nextSteps", List.of("Send the pricing options by Friday")));
	}

	private static List<Map<String, Object>> checklist(boolean greeting, boolean disclosure) {
		return List.of(Map.of("id", "greeting", "label", "Greeting", "done", greeting),
				Map.of("id", "recording-disclosure", "label", "Recording disclosure", "done", disclosure),
				Map.of("id", "needs-question", "label", "Needs question", "done", false),
				Map.of("id", "next-steps", "label", "Next steps", "done", false));
	}

	private long at(long previous, long delayMs, String type, String sid, Map<String, Object> data) {
		long when = previous + delayMs;
		this.script.schedule(() -> publish(type, sid, data), when, TimeUnit.MILLISECONDS);
		return when;
	}

	/** The fake's HTTP side, as functional routes (no {@code @Controller} for a component scan to find). */
	RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET("/api/config", guarded(this::config))
			.POST("/start-call", guarded(this::startCall))
			.GET("/api/calls", guarded(this::listCalls))
			.GET("/api/calls/{sid}", guarded(this::oneCall))
			.build();
	}

	private HandlerFunction<ServerResponse> guarded(HandlerFunction<ServerResponse> handler) {
		return (request) -> {
			String header = request.headers().firstHeader("Authorization");
			if (!this.token.isEmpty() && !("Bearer " + this.token).equals(header)) {
				return ServerResponse.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "API token required"));
			}
			return handler.handle(request);
		};
	}

	private ServerResponse config(ServerRequest request) {
		return ServerResponse.ok()
			.body(Map.of("mode", "simulator", "agentNumber", AGENT, "twilioNumber", TWILIO_NUMBER, "publicBaseUrl",
					"http://localhost", "streamUrl", "ws://localhost/twilio/stream", "authRequired",
					!this.token.isEmpty(), "scenarios", List.of(Map.of("id", "discovery", "title", "Discovery call"),
							Map.of("id", "support", "title", "Support call"))));
	}

	@SuppressWarnings("unchecked")
	private ServerResponse startCall(ServerRequest request) throws Exception {
		Map<String, Object> body = request.body(Map.class);
		this.startCallRequests.incrementAndGet();
		this.lastStartCall = Map.copyOf(body);
		String to = String.valueOf(body.get("to"));
		if (!E164.matcher(to).matches()) {
			return ServerResponse.badRequest().body(Map.of("error", "'" + to + "' is not an E.164 number"));
		}
		if (REFUSED_NUMBER.equals(to)) {
			return ServerResponse.status(HttpStatus.BAD_GATEWAY).body(Map.of("error", REFUSAL));
		}
		String sid = "CA%032d".formatted(this.sequence.incrementAndGet());
		Map<String, Object> call = new ConcurrentHashMap<>();
		call.put("callSid", sid);
		call.put("to", to);
		call.put("agent", AGENT);
		call.put("direction", "outbound");
		call.put("status", "queued");
		call.put("createdAt", Instant.now().toString());
		call.put("events", new CopyOnWriteArrayList<>());
		call.put("transcript", new CopyOnWriteArrayList<>());
		call.put("hints", new CopyOnWriteArrayList<>());
		call.put("diagnostics", new CopyOnWriteArrayList<>());
		this.calls.put(sid, call);
		playScript(sid);
		return ServerResponse.status(HttpStatus.CREATED)
			.body(Map.of("callSid", sid, "status", "queued", "to", to, "agent", AGENT));
	}

	private ServerResponse listCalls(ServerRequest request) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (Map<String, Object> call : this.calls.values()) {
			Map<String, Object> row = new LinkedHashMap<>(call);
			row.keySet().removeAll(List.of("events", "transcript", "hints", "diagnostics", "summary"));
			rows.add(row);
		}
		rows.sort((a, b) -> String.valueOf(b.get("callSid")).compareTo(String.valueOf(a.get("callSid"))));
		return ServerResponse.ok().body(rows);
	}

	private ServerResponse oneCall(ServerRequest request) {
		String sid = request.pathVariable("sid");
		Map<String, Object> call = this.calls.get(sid);
		return (call != null) ? ServerResponse.ok().body(call)
				: ServerResponse.status(HttpStatus.NOT_FOUND).body(Map.of("error", "No call " + sid));
	}

}
