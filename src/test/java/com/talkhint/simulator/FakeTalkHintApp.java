package com.talkhint.simulator;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.twilio.security.RequestValidator;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Number;
import com.twilio.twiml.voice.Parameter;
import com.twilio.twiml.voice.Say;
import com.twilio.twiml.voice.Start;
import com.twilio.twiml.voice.Stream;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * A protocol-faithful stand-in for TalkHint's Twilio side, for testing the simulator on its own: webhooks
 * that verify {@code X-Twilio-Signature} with twilio-java's {@link RequestValidator} against the public URL
 * and serve TwiML built with the SDK, and a {@code /twilio/stream} WebSocket that records every message with
 * its arrival time. The app's public origin is {@value #PUBLIC_BASE}, which only exists for the simulator's
 * routing: the simulator must sign that URL and connect to this server.
 */
// A test configuration, so scanning the real app in other tests never picks it (or its nested controller) up.
@TestConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration(excludeName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration" })
@EnableWebSocket
@Import({ SimulatorConfiguration.class, SimulatorController.class, FakeTalkHintApp.Webhooks.class })
class FakeTalkHintApp implements WebSocketConfigurer {

	static final String PUBLIC_BASE = "https://talkhint.example.com";

	static final String STREAM_URL = "wss://talkhint.example.com/twilio/stream";

	static final String ACCOUNT_SID = "AC00000000000000000000000000000000";

	static final String AUTH_TOKEN = "simulator-test-token-4f1c";

	static final String TWILIO_NUMBER = "+15005550006";

	private final Recorder recorder = new Recorder();

	@Bean
	SimulatorSettings simulatorSettings() {
		return SimulatorSettings.of(ACCOUNT_SID, AUTH_TOKEN);
	}

	@Bean
	Recorder recorder() {
		return this.recorder;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(new RecordingHandler(this.recorder, false), "/twilio/stream")
			.addInterceptors(new SignatureRecorder())
			.setAllowedOrigins("*");
		// Breaks the unidirectional protocol on purpose: answers the start message.
		registry.addHandler(new RecordingHandler(this.recorder, true), "/twilio/stream-talkative")
			.addInterceptors(new SignatureRecorder())
			.setAllowedOrigins("*");
	}

	/** TalkHint's TwiML shape with {@code <Start>} first and no greeting, so tests spend no time on TTS. */
	static String streamingTwiml(String track, String streamUrl, String customer) {
		Stream.Builder stream = new Stream.Builder().url(streamUrl)
			.name("talkhint")
			.statusCallback(PUBLIC_BASE + "/twilio/stream-status")
			.parameter(new Parameter.Builder().name("direction").value("outbound").build());
		if (track != null) {
			// option() writes any value, so a test can serve a track Twilio does not know.
			stream.option("track", track);
		}
		return new VoiceResponse.Builder().start(new Start.Builder().stream(stream.build()).build())
			.dial(new Dial.Builder().answerOnBridge(true)
				.callerId(TWILIO_NUMBER)
				.number(new Number.Builder(customer).build())
				.build())
			.build()
			.toXml();
	}

	/** TwiML without a stream: the seed bug, a greeting and a dial. */
	static String twimlWithoutStream(String customer) {
		return new VoiceResponse.Builder().say(new Say.Builder("Hi").build())
			.dial(new Dial.Builder().number(new Number.Builder(customer).build()).build())
			.build()
			.toXml();
	}

	/** What {@code /twilio/outbound} answers for one {@code To} number. */
	record Reply(int status, String contentType, String body) {

		static Reply twiml(String xml) {
			return new Reply(200, "text/xml", xml);
		}

	}

	/** One webhook request as the fake app received it. */
	record Webhook(String path, String method, Map<String, String> params, boolean signatureValid, long atNanos) {
	}

	/** One message on a media stream with its arrival time. */
	record Received(long atNanos, String text, JsonNode json) {
	}

	/** One WebSocket connection to {@code /twilio/stream*}. */
	static final class StreamSession {

		final String path;

		final String signature;

		final boolean signatureValid;

		final List<Received> messages = new CopyOnWriteArrayList<>();

		volatile CloseStatus closed;

		StreamSession(String path, String signature, boolean signatureValid) {
			this.path = path;
			this.signature = signature;
			this.signatureValid = signatureValid;
		}

		Optional<String> callSid() {
			return this.messages.stream()
				.filter((message) -> "start".equals(message.json().path("event").asString()))
				.map((message) -> message.json().path("start").path("callSid").asString())
				.findFirst();
		}

	}

	/** Everything the fake app saw, and the TwiML it will serve, per call. */
	static final class Recorder {

		final List<Webhook> webhooks = new CopyOnWriteArrayList<>();

		final List<StreamSession> streams = new CopyOnWriteArrayList<>();

		final Map<String, Reply> replies = new ConcurrentHashMap<>();

		void reply(String to, Reply reply) {
			this.replies.put(to, reply);
		}

		List<Webhook> webhooks(String callSid, String path) {
			return this.webhooks.stream()
				.filter((hook) -> hook.path().equals(path) && callSid.equals(hook.params().get("CallSid")))
				.toList();
		}

		Optional<StreamSession> stream(String callSid) {
			return this.streams.stream().filter((session) -> session.callSid().filter(callSid::equals).isPresent())
				.findFirst();
		}

	}

	@RestController
	static class Webhooks {

		private final Recorder recorder;

		private final RequestValidator validator = new RequestValidator(AUTH_TOKEN);

		Webhooks(Recorder recorder) {
			this.recorder = recorder;
		}

		@RequestMapping(path = { "/twilio/outbound", "/twilio/outbound-next", "/twilio/outbound-final", "/twilio/status",
				"/twilio/stream-status" })
		ResponseEntity<String> webhook(HttpServletRequest request) {
			String query = request.getQueryString();
			String publicUrl = PUBLIC_BASE + request.getRequestURI() + ((query != null) ? "?" + query : "");
			// Only POST body fields are signed; getParameterMap() would also hold query fields.
			Map<String, String> params = new LinkedHashMap<>();
			request.getParameterMap().forEach((name, values) -> params.put(name, values[0]));
			Map<String, String> bodyOnly = new HashMap<>(params);
			if (query != null) {
				for (String pair : query.split("&")) {
					bodyOnly.remove(java.net.URLDecoder.decode(pair.split("=", 2)[0], java.nio.charset.StandardCharsets.UTF_8));
				}
			}
			boolean valid = this.validator.validate(publicUrl, bodyOnly,
					String.valueOf(request.getHeader("X-Twilio-Signature")));
			this.recorder.webhooks
				.add(new Webhook(request.getRequestURI(), request.getMethod(), params, valid, System.nanoTime()));
			if (request.getRequestURI().startsWith("/twilio/outbound-")) {
				// Later documents (after <Redirect> or <Dial action>), registered as "next +1…" or "final +1…".
				String key = request.getRequestURI().substring("/twilio/outbound-".length()) + " " + params.get("To");
				Reply reply = this.recorder.replies.getOrDefault(key, Reply.twiml("<Response/>"));
				return ResponseEntity.status(reply.status()).header("Content-Type", reply.contentType()).body(reply.body());
			}
			if (!request.getRequestURI().equals("/twilio/outbound")) {
				return ResponseEntity.noContent().build();
			}
			Reply reply = this.recorder.replies.getOrDefault(params.get("To"),
					Reply.twiml(streamingTwiml("both_tracks", STREAM_URL, "+14155550100")));
			return ResponseEntity.status(reply.status()).header("Content-Type", reply.contentType()).body(reply.body());
		}

	}

	/** Checks the handshake signature over the public {@code wss://} URL, as TalkHint must. */
	static final class SignatureRecorder implements HandshakeInterceptor {

		private final RequestValidator validator = new RequestValidator(AUTH_TOKEN);

		@Override
		public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
				WebSocketHandler handler, Map<String, Object> attributes) {
			String signature = request.getHeaders().getFirst("X-Twilio-Signature");
			String publicUrl = "wss://talkhint.example.com" + request.getURI().getRawPath();
			attributes.put("signature", signature);
			attributes.put("signatureValid",
					signature != null && this.validator.validate(publicUrl, Map.of(), signature));
			return true;
		}

		@Override
		public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
				Exception exception) {
		}

	}

	static final class RecordingHandler extends TextWebSocketHandler {

		private final Recorder recorder;

		private final boolean talkative;

		private final JsonMapper json = JsonMapper.builder().build();

		private final Map<String, StreamSession> sessions = new ConcurrentHashMap<>();

		RecordingHandler(Recorder recorder, boolean talkative) {
			this.recorder = recorder;
			this.talkative = talkative;
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			StreamSession recorded = new StreamSession(session.getUri().getPath(),
					(String) session.getAttributes().get("signature"),
					(Boolean) session.getAttributes().get("signatureValid"));
			this.sessions.put(session.getId(), recorded);
			this.recorder.streams.add(recorded);
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
			long at = System.nanoTime();
			JsonNode json = this.json.readTree(message.getPayload());
			this.sessions.get(session.getId()).messages.add(new Received(at, message.getPayload(), json));
			if (this.talkative && "start".equals(json.path("event").asString())) {
				session.sendMessage(new TextMessage("{\"event\":\"mark\",\"mark\":{\"name\":\"hello\"}}"));
			}
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			this.sessions.get(session.getId()).closed = status;
		}

	}

}
