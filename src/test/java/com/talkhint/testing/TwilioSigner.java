package com.talkhint.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

/** Signs like Twilio (HMAC-SHA1 of the URL followed by the sorted POST fields, base64), for tests playing Twilio. */
public final class TwilioSigner {

	private TwilioSigner() {
	}

	public static String sign(String authToken, String url, Map<String, String> fields) {
		StringBuilder data = new StringBuilder(url);
		new TreeMap<>(fields).forEach((k, v) -> data.append(k).append(v));
		return Base64.getEncoder().encodeToString(new HmacUtils(HmacAlgorithms.HMAC_SHA_1,
				authToken.getBytes(StandardCharsets.UTF_8)).hmac(data.toString().getBytes(StandardCharsets.UTF_8)));
	}

}
