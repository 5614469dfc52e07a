package com.talkhint.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes {@code X-Twilio-Signature} the way Twilio does: HMAC-SHA1, keyed with the auth token, over the full
 * URL followed by every POST parameter as name+value in case-sensitive name order, Base64-encoded. A GET
 * request or a WebSocket handshake is signed over its URL alone (empty parameter map).
 */
final class TwilioSignature {

	private final SecretKeySpec key;

	TwilioSignature(String authToken) {
		this.key = new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1");
	}

	String sign(String url, Map<String, String> postParams) {
		StringBuilder data = new StringBuilder(url);
		// String order is code-unit order, which is Twilio's "Unix-style, case-sensitive" sort for ASCII names.
		new TreeMap<>(postParams).forEach((name, value) -> data.append(name).append(value));
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(this.key);
			byte[] digest = mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA1 is not available in this JVM", ex);
		}
	}

}
