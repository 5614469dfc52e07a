package com.talkhint.twilio;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.twilio.security.RequestValidator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * twilio-java's own RequestValidatorTest vector, through TalkHint's body parsing: the signature covers the
 * URL (with its query string) and the POST body fields only.
 */
class SignatureTests {

	static final String TOKEN = "12345";

	static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

	static final String SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

	static final String BODY = "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";

	@Test
	void acceptsTwiliosVector() {
		assertThat(new RequestValidator(TOKEN).validate(URL, firstValues(BODY), SIGNATURE)).isTrue();
	}

	@Test
	void rejectsATamperedField() {
		assertThat(new RequestValidator(TOKEN).validate(URL, firstValues(BODY.replace("Digits=1234", "Digits=1235")),
				SIGNATURE)).isFalse();
	}

	@Test
	void rejectsATamperedUrlOrToken() {
		assertThat(new RequestValidator(TOKEN).validate(URL.replace("foo=1", "foo=2"), firstValues(BODY), SIGNATURE))
			.isFalse();
		assertThat(new RequestValidator("54321").validate(URL, firstValues(BODY), SIGNATURE)).isFalse();
	}

	@Test
	void queryParametersMergedIntoTheFieldsBreakTheMatch() {
		// What Spring's getParameterMap() would give: body + query merged. The signature must not match.
		Map<String, String> merged = firstValues(BODY + "&foo=1&bar=2");
		assertThat(new RequestValidator(TOKEN).validate(URL, merged, SIGNATURE)).isFalse();
	}

	private static Map<String, String> firstValues(String body) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (Map.Entry<String, List<String>> e : SignedForm.parse(body).entrySet()) {
			fields.put(e.getKey(), e.getValue().get(0));
		}
		return fields;
	}

}
