package com.talkhint.twilio;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.twilio.security.RequestValidator;

/**
 * The one check behind the webhook filter and the stream handshake: does {@code X-Twilio-Signature} match
 * any URL Twilio may have signed — each candidate public base, the path with and without a trailing slash
 * (proxies add or strip it)? twilio-java itself also tries the URL with and without the default port.
 */
final class TwilioSignatures {

	private TwilioSignatures() {
	}

	/**
	 * @param urlOfBase the full URL for a base, up to but excluding the query string
	 * @param query {@code ""} or {@code "?…"} exactly as sent
	 */
	static boolean matches(String authToken, List<String> bases, UnaryOperator<String> urlOfBase, String query,
			Map<String, String> fields, String signature) {
		if (signature == null || signature.isBlank()) {
			return false;
		}
		RequestValidator validator = new RequestValidator(authToken);
		for (String base : bases) {
			String url = urlOfBase.apply(base);
			String twin = url.endsWith("/") ? url.substring(0, url.length() - 1) : url + "/";
			if (validator.validate(url + query, fields, signature) || validator.validate(twin + query, fields, signature)) {
				return true;
			}
		}
		return false;
	}

}
