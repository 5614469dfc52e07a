package com.talkhint.twilio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.rest.api.v2010.account.call.Notification;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twilio's Notification JSON as the SDK parses it, in the shapes it comes in: the debugger's form-encoded
 * message_text, plain text, a numeric error code, an ISO date, no request_url (the URL only in the message).
 */
class TwilioCallRecordsTests {

	private final ObjectMapper mapper = new ObjectMapper();

	@Test
	void theDebuggersFormEncodedMessageGivesTheMessageAndTheUrl() {
		TwilioCallRecords.Notice n = notice("""
				{"sid": "NO1", "call_sid": "CA1", "error_code": "11200", "log": "0",
				 "date_created": "Thu, 03 Dec 2026 06:00:00 +0000",
				 "message_text": "Msg=HTTP+retrieval+failure&ErrorCode=11200&url=https%3A%2F%2Fexample.com%2Ftwilio%2Foutbound",
				 "request_url": null, "request_method": null}""");
		assertThat(n.code()).isEqualTo(11200);
		assertThat(n.error()).isTrue();
		assertThat(n.message()).isEqualTo("HTTP retrieval failure");
		assertThat(n.url()).isEqualTo("https://example.com/twilio/outbound");
		assertThat(n.at()).isNotNull();
	}

	@Test
	void aNumericCodeAPlainMessageAnIsoDateAndAWarningAreRead() {
		TwilioCallRecords.Notice n = notice("""
				{"sid": "NO2", "call_sid": "CA1", "error_code": 15003, "log": 1,
				 "date_created": "2026-12-03T06:00:00Z", "message_text": "Call Progress: Warning",
				 "request_url": "https://example.com/twilio/status", "request_method": "POST"}""");
		assertThat(n.code()).isEqualTo(15003);
		assertThat(n.error()).isFalse();
		assertThat(n.message()).isEqualTo("Call Progress: Warning");
		assertThat(n.url()).isEqualTo("https://example.com/twilio/status");
		assertThat(n.method()).isEqualTo("POST");
	}

	private TwilioCallRecords.Notice notice(String json) {
		return TwilioCallRecords.notice(Notification.fromJson(json, this.mapper));
	}

}
