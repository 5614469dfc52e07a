package com.talkhint.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

/**
 * Computes {@code X-Twilio-Signature} the way Twilio does: HMAC-SHA1, keyed with the auth token, over the full
 * URL followed by every POST parameter as name+value in case-sensitive name order, Base64-encoded. A GET
 * request or a WebSocket handshake is signed over its URL alone (empty parameter map).
 */
final class TwilioSignature {

	private final byte[] key;

	TwilioSignature(String authToken) {
		this.key = authToken.getBytes(StandardCharsets.UTF_8);
	}

	String sign(String url, Map<String, String> postParams) {
		StringBuilder data = new StringBuilder(url);
		// String order is code-unit order, which is Twilio's "Unix-style, case-sensitive" sort for ASCII names.
		new TreeMap<>(postParams).forEach((name, value) -> data.append(name).append(value));
		// A Mac per signature, as webhooks are signed from several threads and a Mac is not thread-safe.
		byte[] digest = new HmacUtils(HmacAlgorithms.HMAC_SHA_1, this.key)
			.hmac(data.toString().getBytes(StandardCharsets.UTF_8));
		return Base64.getEncoder().encodeToString(digest);
	}

}
