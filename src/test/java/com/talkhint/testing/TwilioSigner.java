package com.talkhint.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs like Twilio (HMAC-SHA1 of the URL followed by the sorted POST fields, base64), for tests playing Twilio. */
public final class TwilioSigner {

	private TwilioSigner() {
	}

	public static String sign(String authToken, String url, Map<String, String> fields) {
		StringBuilder data = new StringBuilder(url);
		new TreeMap<>(fields).forEach((k, v) -> data.append(k).append(v));
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
