package com.talkhint.twilio;

import java.time.Clock;
import java.util.Map;

import com.talkhint.call.CallService;
import com.talkhint.call.Diagnostics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Checks the media stream's WebSocket handshake: Twilio signs the exact {@code wss://public-host/twilio/stream}
 * URL with no parameters. A forged or missing signature gets 403 before the upgrade.
 */
class StreamHandshakeInterceptor implements HandshakeInterceptor {

	private static final Logger log = LoggerFactory.getLogger(StreamHandshakeInterceptor.class);

	private final TwilioSettings settings;

	private final PublicUrls publicUrls;

	private final CallService calls;

	private final Clock clock;

	StreamHandshakeInterceptor(TwilioSettings settings, PublicUrls publicUrls, CallService calls, Clock clock) {
		this.settings = settings;
		this.publicUrls = publicUrls;
		this.calls = calls;
		this.clock = clock;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		if (!this.settings.validatesSignatures()) {
			return true;
		}
		String url = PublicUrls.streamUrl(this.publicUrls.base(request));
		String signature = request.getHeaders().getFirst(TwilioSignatureFilter.HEADER);
		if (TwilioSignatures.matches(this.settings.authToken(), this.publicUrls.candidateBases(request),
				PublicUrls::streamUrl, "", Map.of(), signature)) {
			return true;
		}
		log.warn("[twilio] Media stream handshake refused: signature {} for {}", (signature == null) ? "missing" : "wrong",
				url);
		this.calls.diagnostic(null, Diagnostics.signatureMismatch(this.clock.instant(), PublicUrls.STREAM_PATH, url),
				Diagnostics.SIGNATURE_MISMATCH);
		response.setStatusCode(HttpStatus.FORBIDDEN);
		return false;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Exception exception) {
	}

}
