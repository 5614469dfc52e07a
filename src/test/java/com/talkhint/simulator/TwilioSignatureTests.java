package com.talkhint.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

import com.twilio.security.RequestValidator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's X-Twilio-Signature agrees with Twilio's documented example and twilio-java's validator. */
class TwilioSignatureTests {

	private static final String TOKEN = "12345";

	@Test
	void reproducesTheWorkedExampleFromTwiliosSecurityDocs() {
		Map<String, String> params = docsParams();

		String signature = new TwilioSignature(TOKEN).sign("https://example.com/myapp.php?foo=1&bar=2", params);

		assertThat(signature).isEqualTo("L/OH5YylLD5NRKLltdqwSvS0BnU=");
	}

	@Test
	void twilioJavaValidatorAcceptsItAndRejectsATamperedField() {
		String url = "https://talkhint.example.com/twilio/status";
		Map<String, String> params = docsParams();
		String signature = new TwilioSignature(TOKEN).sign(url, params);
		RequestValidator validator = new RequestValidator(TOKEN);

		assertThat(validator.validate(url, params, signature)).isTrue();
		params.put("To", "+18005551213");
		assertThat(validator.validate(url, params, signature)).isFalse();
	}

	@Test
	void handshakeIsSignedOverTheExactWssUrlWithNoFields() {
		String signature = new TwilioSignature(TOKEN).sign("wss://talkhint.example.com/twilio/stream", Map.of());
		RequestValidator validator = new RequestValidator(TOKEN);

		assertThat(validator.validate("wss://talkhint.example.com/twilio/stream", Map.of(), signature)).isTrue();
		assertThat(validator.validate("https://talkhint.example.com/twilio/stream", Map.of(), signature)).isFalse();
	}

	private static Map<String, String> docsParams() {
		// Deliberately not in sorted order: the signer must sort.
		Map<String, String> params = new LinkedHashMap<>();
		params.put("To", "+18005551212");
		params.put("CallSid", "CA1234567890ABCDE");
		params.put("From", "+14158675310");
		params.put("Digits", "1234");
		params.put("Caller", "+14158675310");
		return params;
	}

}
