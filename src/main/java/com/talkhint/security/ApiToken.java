package com.talkhint.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code TALKHINT_API_TOKEN}: when set, {@code /start-call}, {@code /api/**} and {@code /ui/events} need
 * {@code Authorization: Bearer <token>} (or {@code access_token} on the WebSocket URL, which browsers
 * cannot give headers). Compared in constant time.
 */
@Component
public class ApiToken {

	private final byte[] token;

	public ApiToken(@Value("${talkhint.api-token:}") String token) {
		this.token = (token == null || token.isBlank()) ? null : token.trim().getBytes(StandardCharsets.UTF_8);
	}

	public boolean required() {
		return this.token != null;
	}

	/** True when no token is configured, or {@code presented} equals it. */
	public boolean accepts(String presented) {
		if (this.token == null) {
			return true;
		}
		if (presented == null) {
			return false;
		}
		return MessageDigest.isEqual(this.token, presented.trim().getBytes(StandardCharsets.UTF_8));
	}

	/** The token of an {@code Authorization: Bearer …} header, or {@code null}. */
	public static String bearer(String header) {
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		return header.substring(7).trim();
	}

}
