package com.talkhint.twilio;

import java.time.Clock;

import com.talkhint.call.CallService;

import org.springframework.stereotype.Component;
import org.springframework.web.socket.server.HandshakeInterceptor;

/** Gives the WebSocket configuration the media stream's handshake check (kept package-private here). */
@Component
public class MediaStreamWebSocket {

	private final StreamHandshakeInterceptor interceptor;

	MediaStreamWebSocket(TwilioSettings settings, PublicUrls publicUrls, CallService calls, Clock clock) {
		this.interceptor = new StreamHandshakeInterceptor(settings, publicUrls, calls, clock);
	}

	public HandshakeInterceptor handshakeInterceptor() {
		return this.interceptor;
	}

}
