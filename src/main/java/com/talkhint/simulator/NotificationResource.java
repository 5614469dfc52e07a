package com.talkhint.simulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One of Twilio's call Notifications ({@code /Calls/{CallSid}/Notifications.json}) as the Twilio SDK's
 * {@code call.Notification} parses it: {@code log} "0" for an error, "1" for a warning; {@code message_text} is
 * form-encoded the way Twilio's debugger writes it ({@code Msg=…&sourceComponent=…&ErrorCode=…&url=…}).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record NotificationResource(String sid, @JsonProperty("account_sid") String accountSid,
		@JsonProperty("call_sid") String callSid, @JsonProperty("api_version") String apiVersion,
		@JsonProperty("error_code") String errorCode, String log, @JsonProperty("date_created") String dateCreated,
		@JsonProperty("date_updated") String dateUpdated, @JsonProperty("message_date") String messageDate,
		@JsonProperty("message_text") String messageText, @JsonProperty("more_info") String moreInfo,
		@JsonProperty("request_url") String requestUrl, @JsonProperty("request_method") String requestMethod,
		String uri) {

	static String messageText(int code, String message, String url) {
		StringBuilder text = new StringBuilder("Msg=").append(encode(message))
			.append("&sourceComponent=")
			.append((code >= 31900 && code < 32000) ? "14100" : "12000")
			.append("&ErrorCode=")
			.append(code)
			.append("&LogLevel=")
			.append((code >= 15000 && code < 16000) ? "WARNING" : "ERROR");
		if (url != null) {
			text.append("&url=").append(encode(url));
		}
		return text.toString();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** A page of notifications in Twilio's list shape (the SDK reads the list under its resource name). */
	public record Page(java.util.List<NotificationResource> notifications, int page,
			@JsonProperty("page_size") int pageSize, int start, int end, String uri,
			@JsonProperty("first_page_uri") String firstPageUri, @JsonProperty("next_page_uri") String nextPageUri,
			@JsonProperty("previous_page_uri") String previousPageUri) {

		static Page of(java.util.List<NotificationResource> items, String uri) {
			return new Page(items, 0, 50, 0, Math.max(0, items.size() - 1), uri, uri, null, null);
		}

	}

}
